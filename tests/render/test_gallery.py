"""docs/gallery.md is what scripts/gallery.py produces from the real renderers today."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_gallery_is_up_to_date() -> None:
    spec = importlib.util.spec_from_file_location("gallery", ROOT / "scripts" / "gallery.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    generated = module.gallery()
    assert (ROOT / "docs" / "gallery.md").read_text() == generated, "run: python scripts/gallery.py"
    assert generated.count("### Reply (English)") == 3 and generated.count("### Reply (日本語") == 3
    assert "iam:PassedToService" in generated and "ec2:CreateAction" in generated
    assert "outside the allowed Regions (eu-west-1, eu-central-1); this request was for us-west-2" in generated
