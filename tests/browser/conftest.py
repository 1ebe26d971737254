"""A real hoanhap server for the browser tests, and Playwright driving Debian's Chromium.

The server is a separate process (gunicorn, as in production) on a demo database in a temporary SQLite
file, so the browser sees exactly what a user would; it never shares the pytest database.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass(frozen=True)
class LiveApp:
    url: str
    passwords: dict[str, str]
    admin_totp_key: bytes


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _app_env(data_dir: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("HOANHAP_") and key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        {
            "HOANHAP_DATA_DIR": str(data_dir),
            "HOANHAP_HTTPS": "false",
            "DJANGO_SETTINGS_MODULE": "hoanhap.settings",
            "HOANHAP_LOGIN_FAILURE_LIMIT": "50",
        }
    )
    return env


ENROL_ADMIN = (
    "from django_otp.plugins.otp_totp.models import TOTPDevice;"
    "from hoanhap.accounts.models import User;"
    "u = User.objects.get(username='demo-admin');"
    "d = TOTPDevice.objects.create(user=u, name='browser', confirmed=True);"
    "print(d.key)"
)


@pytest.fixture(scope="session")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    data_dir = tmp_path_factory.mktemp("browser-app")
    env = _app_env(data_dir)
    python = [sys.executable, "-m", "hoanhap"]
    subprocess.run(
        [*python, "demo", "--no-serve"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    key = (
        subprocess.run(
            [*python, "shell", "-c", ENROL_ADMIN],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    # As in production: jobs go through the database queue to a separate worker process.
    worker = subprocess.Popen(
        [*python, "db_worker", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "hoanhap.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError("the hoanhap server did not start") from None
            time.sleep(0.3)
    try:
        yield LiveApp(
            url=url,
            passwords=json.loads((data_dir / "demo_logins.json").read_text()),
            admin_totp_key=bytes.fromhex(key),
        )
    finally:
        for process in (server, worker):
            process.terminate()
        for process in (server, worker):
            process.wait(timeout=10)


def chromium_path() -> str:
    path = os.environ.get("HOANHAP_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise RuntimeError(
            "Chromium is not installed: run `apt-get install -y chromium` (scripts/test does it "
            "when run as root) or set HOANHAP_CHROMIUM to its path."
        )
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15000)
    csp_errors: list[str] = []
    page.on(
        "console",
        lambda message: (
            csp_errors.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()
    assert not csp_errors, f"the page broke its Content-Security-Policy: {csp_errors}"
