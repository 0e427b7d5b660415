"""How tall decode-bot's thread answers are, as Slack would show them: the seed case (a missing iam:PassRole)
and a Region guardrail in an SCP, in English and Japanese, rendered at 720 px and 400 px wide (a phone's
thread pane) by ../shared/tools/blockkit_preview.py (needs Debian's chromium and imagemagick).

Run: python bench/reply_height.py [--keep DIR]   (prints a Markdown table; PNGs go to DIR when given)
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

ROOT = Path(__file__).resolve().parents[1]
PREVIEW = ROOT.parent / "shared" / "tools" / "blockkit_preview.py"
PHONE_SCREEN = 720  # px of thread pane visible at once on a phone, at 400 px wide
CASES = {"seed": 0, "region guardrail": 1}  # indexes into scripts/gallery.py's CASES


def _gallery() -> object:
    spec = importlib.util.spec_from_file_location("gallery", ROOT / "scripts" / "gallery.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _png_height(path: Path) -> int:
    with path.open("rb") as handle:
        header = handle.read(24)
    return int(struct.unpack(">I", header[20:24])[0])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", type=Path, default=None)
    args = parser.parse_args()
    if not PREVIEW.exists():
        print(f"needs {PREVIEW}", file=sys.stderr)
        return 2
    gallery = _gallery()
    out_dir = args.keep or Path(tempfile.mkdtemp(prefix="reply-height-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    print("| case | language | 720 px wide | 400 px wide | phone screens (400 px) |")
    print("|---|---|---|---|---|")
    for name, index in CASES.items():
        for lang in ("en", "ja"):
            message = gallery.thread_message(index, lang)  # type: ignore[attr-defined]
            source = out_dir / f"{name.replace(' ', '_')}_{lang}.json"
            source.write_text(json.dumps(message, ensure_ascii=False))
            heights = []
            for width in (720, 400):
                png = source.with_suffix(f".{width}.png")
                subprocess.run([sys.executable, str(PREVIEW), str(source), str(png), "--width", str(width),
                                "--height", "4000"], check=True, timeout=120)
                heights.append(_png_height(png))
            print(f"| {name} | {lang} | {heights[0]} px | {heights[1]} px | {heights[1] / PHONE_SCREEN:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
