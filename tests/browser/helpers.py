from __future__ import annotations

from pathlib import Path
from typing import Any

from django_otp.oath import totp
from playwright.sync_api import Page

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def sign_in(page: Page, base_url: str, username: str, password: str, totp_key: bytes | None = None) -> None:
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    if totp_key is not None:
        page.wait_for_url("**/login/verify/")
        page.fill("#id_code", f"{totp(totp_key):06d}")
        page.click("main button[type=submit]")
    page.wait_for_url(f"{base_url}/")


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2.1 A and AA rules) in the page; evaluated through the DevTools protocol, so the
    page's Content-Security-Policy stays as strict as in production."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    result: dict[str, Any] = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [node["target"] for node in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]
