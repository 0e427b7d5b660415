"""How tall decode-bot's answers are, as Slack would show them: the thread answer and what "Show details" adds, for
the seed case (a missing iam:PassRole), a Region guardrail in an SCP, a token decode-bot cannot decode (decode it
yourself) and a paste of three errors, in English and Japanese, rendered at 720 px and 400 px wide (a phone's
thread pane) by ../shared/tools/blockkit_preview.py (needs Debian's chromium).

Run: python bench/reply_height.py [--root CHECKOUT] [--keep DIR]   (prints a Markdown table; PNGs go to DIR)
`--root` measures another checkout (an older commit in a `git worktree`) with the same pastes, for before/after.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import struct
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parents[1]
PREVIEW = HERE.parent / "shared" / "tools" / "blockkit_preview.py"
PHONE_SCREEN = 720  # px of thread pane visible at once on a phone, at 400 px wide
TOKEN = "riGp_58WAm-dX3a5IDnOdcdbWB2dC4_DSDC6Lc1mxLpQ2yMK_Ye9FZ1wUVl4nuYV" * 9  # no account decodes it
USER = "arn:aws:sts::111122223333:assumed-role/ci-deployer/gitlab-42"
PASTES = {
    "decode yourself": "An error occurred (UnauthorizedOperation) when calling the CreateVolume operation: You are not "
                       f"authorized to perform this operation. Encoded authorization failure message: {TOKEN}",
    "three errors": f"│ Error: creating EC2 Instance: UnauthorizedOperation: You are not authorized to perform this "
                    f"operation. Encoded authorization failure message: {TOKEN}\n│ \n│   with aws_instance.web,\n\n"
                    f"An error occurred (AccessDenied) when calling the PutObject operation: User: {USER} is not "
                    "authorized to perform: s3:PutObject on resource: \"arn:aws:s3:::builds/app.zip\" because no "
                    "identity-based policy allows the s3:PutObject action\n\n"
                    f"An error occurred (AccessDenied) when calling the TerminateInstances operation: User: {USER} is "
                    "not authorized to perform: ec2:TerminateInstances on resource: "
                    "arn:aws:ec2:us-east-1:111122223333:instance/i-0abc with an explicit deny in a service control "
                    "policy",
}


def _module(root: Path, name: str, relative: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, root / relative)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _png_height(path: Path) -> int:
    with path.open("rb") as handle:
        header = handle.read(24)
    return int(struct.unpack(">I", header[20:24])[0])


def messages(root: Path, lang: str) -> dict[str, dict[str, dict[str, Any]]]:
    """{case: {"thread": message, "details": message}} as the checkout at `root` renders them."""
    sys.path.insert(0, str(root))
    gallery = _module(root, "gallery", "scripts/gallery.py")
    from bot.core.outcomes import FunctionLookups, LookupProblem
    from bot.core.pipeline import explain_text
    from bot.render.blocks import details_blocks, reply_blocks
    from bot.vocab import Disclosure, ProblemCode

    found: dict[str, dict[str, Any]] = {}
    cases = {"seed": gallery.CASES[0], "region guardrail": gallery.CASES[1]}
    for name, case in cases.items():
        paste = case["paste"].format(token=case["token"], account=gallery.ACCOUNT)
        found[name] = {"findings": explain_text(paste, gallery.FunctionLookups(gallery._decode))}
    undecodable = FunctionLookups(lambda _token: LookupProblem(ProblemCode.INVALID_TOKEN))
    for name, paste in PASTES.items():
        found[name] = {"findings": explain_text(paste, undecodable)}
    for views in found.values():
        findings = views.pop("findings")
        text, blocks = reply_blocks(findings, lang, 0, Disclosure.STANDARD, "reference")
        views["thread"] = {"text": text, "blocks": blocks}
        text, blocks = details_blocks(findings, lang)
        views["details"] = {"text": text, "blocks": blocks}
    return found


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", type=Path, default=HERE)
    parser.add_argument("--keep", type=Path, default=None)
    args = parser.parse_args()
    if not PREVIEW.exists():
        print(f"needs {PREVIEW}", file=sys.stderr)
        return 2
    out_dir = args.keep or Path(tempfile.mkdtemp(prefix="reply-height-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    print("| case | view | language | 720 px wide | 400 px wide | phone screens (400 px) |")
    print("|---|---|---|---|---|---|")
    for lang in ("en", "ja"):
        for name, views in messages(args.root.resolve(), lang).items():
            for view, message in views.items():
                source = out_dir / f"{name.replace(' ', '_')}_{view}_{lang}.json"
                source.write_text(json.dumps(message, ensure_ascii=False))
                heights = []
                for width in (720, 400):
                    png = source.with_suffix(f".{width}.png")
                    subprocess.run([sys.executable, str(PREVIEW), str(source), str(png), "--width", str(width),
                                    "--height", "6000"], check=True, timeout=180, capture_output=True)
                    heights.append(_png_height(png))
                print(f"| {name} | {view} | {lang} | {heights[0]:,} px | {heights[1]:,} px | "
                      f"{heights[1] / PHONE_SCREEN:.1f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
