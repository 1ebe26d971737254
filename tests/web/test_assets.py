"""The vendored assets are complete: every project class used in a template is styled, and nothing points
outside the server (the system must work on a LAN without internet)."""

import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "hoanhap"
CSS = (PACKAGE / "web/static/hoanhap/css/hoanhap.css").read_text(encoding="utf-8")
TEMPLATES = sorted(PACKAGE.glob("*/templates/**/*.html"))


def test_every_project_class_in_the_templates_is_styled() -> None:
    used = set()
    for template in TEMPLATES:
        used |= set(re.findall(r"\bhn-[a-z_-]+\b", template.read_text(encoding="utf-8")))
    missing = {name for name in used if not re.search(rf"\.{re.escape(name)}\b", CSS)}
    assert not missing


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_templates_load_nothing_from_outside_the_server(template: Path) -> None:
    html = template.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["'](https?:)?//""", html)


def test_the_stylesheet_uses_the_vietnamese_font_and_never_the_gds_typeface() -> None:
    assert "Be Vietnam Pro" in CSS
    assert "GDS Transport" not in CSS
    assert not re.search(r"url\((['\"]?)(https?:)?//", CSS)
