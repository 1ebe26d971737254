import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from hoanhap.accounts.models import User
from tests.factories import signed_in

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("path", ["/login/", "/", "/units/", "/units/current/20/", "/api/v1/units"])
def test_every_response_carries_the_security_headers(client: Client, commune_user: User, path: str) -> None:
    response = signed_in(commune_user).get(path)
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_contain_no_inline_script_or_style(client: Client, commune_user: User) -> None:
    for path in ("/login/", "/", "/units/", "/units/current/20/"):
        html = signed_in(commune_user).get(path).content.decode()
        assert "<script>" not in html
        assert " style=" not in html
        assert "onclick=" not in html


def test_production_settings_pass_check_deploy(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("HOANHAP_")}
    env.update(
        {
            "HOANHAP_DATA_DIR": str(tmp_path),
            "HOANHAP_SECRET_KEY": "k" * 20 + "-Zq9" * 12,
            "HOANHAP_ALLOWED_HOSTS": "nkt.example.vn",
            "DJANGO_SETTINGS_MODULE": "hoanhap.settings",
        }
    )
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "hoanhap", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_same_check_flags_an_insecure_configuration(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("HOANHAP_")}
    env.update(
        {
            "HOANHAP_DATA_DIR": str(tmp_path),
            "HOANHAP_HTTPS": "false",
            "DJANGO_SETTINGS_MODULE": "hoanhap.settings",
        }
    )
    result = subprocess.run(
        [sys.executable, "-m", "hoanhap", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "SESSION_COOKIE_SECURE" in result.stderr + result.stdout


def test_the_generated_secret_key_is_kept_private(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("HOANHAP_")}
    env.update({"HOANHAP_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "hoanhap.settings"})
    subprocess.run(
        [sys.executable, "-m", "hoanhap", "check"], cwd=ROOT, env=env, capture_output=True, check=True
    )
    key_file = tmp_path / "secret_key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert len(key_file.read_text().strip()) >= 50
