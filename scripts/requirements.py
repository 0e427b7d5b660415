"""requirements.txt from pyproject.toml: what Heroku's Python buildpack and the Lambda build install.

Run: python scripts/requirements.py          (writes requirements.txt)
     python scripts/requirements.py --check  (exit 1 when requirements.txt does not agree with pyproject.toml)
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADER = ("# Generated from pyproject.toml by scripts/requirements.py (CI checks that they agree):\n"
          "# what Heroku's Python buildpack and the Lambda build (Makefile) install.\n"
          "# The last line installs decode-bot itself.\n")


def expected() -> str:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    dependencies = [dependency.split("#", 1)[0].strip() for dependency in project["dependencies"]]
    return HEADER + "".join(f"{dependency}\n" for dependency in dependencies) + ".\n"


def main() -> int:
    path = ROOT / "requirements.txt"
    if "--check" in sys.argv[1:]:
        if not path.exists() or path.read_text() != expected():
            print("requirements.txt does not agree with pyproject.toml: run python scripts/requirements.py",
                  file=sys.stderr)
            return 1
        return 0
    path.write_text(expected())
    return 0


if __name__ == "__main__":
    sys.exit(main())
