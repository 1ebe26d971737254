"""The installed ``hoanhap`` command, run as an operator would: a fresh database named by DATABASE_URL."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOANHAP = Path(sys.executable).parent / "hoanhap"


def run(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(HOANHAP), *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_operator_commands_on_a_fresh_database(tmp_path: Path) -> None:
    assert HOANHAP.exists(), "the package installs the hoanhap console command"
    env = {key: value for key, value in os.environ.items() if not key.startswith("HOANHAP_")}
    env |= {
        "HOANHAP_DATA_DIR": str(tmp_path / "data"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'other.db'}",
        "DJANGO_SETTINGS_MODULE": "hoanhap.settings",
    }
    assert run(env, "migrate", "--verbosity", "0").returncode == 0
    loaded = run(env, "load-units")
    assert loaded.returncode == 0, loaded.stderr
    assert json.loads(loaded.stdout)["created"] == {"current": 3355, "legacy": 10794}
    added = run(
        env,
        "user-add",
        "tinh-ls",
        "--role",
        "province",
        "--unit",
        "20",
        "--password-stdin",
        stdin="Mat-khau-tinh-2025\n",
    )
    assert added.returncode == 0, added.stderr
    refused = run(
        env,
        "user-add",
        "x",
        "--role",
        "province",
        "--unit",
        "06325",
        "--password-stdin",
        stdin="Mat-khau-tinh-2025\n",
    )
    assert refused.returncode != 0
    assert "units" in refused.stderr
    stats = json.loads(run(env, "stats", "--json").stdout)
    assert stats["units"]["current"]["by_tier"] == {"commune": 3321, "province": 34}
    assert stats["users"]["by_role"] == {"province": 1}
    # DATABASE_URL was honoured: the database is the named file, not the data directory's default.
    assert (tmp_path / "other.db").exists()
    assert not (tmp_path / "data" / "hoanhap.sqlite3").exists()
    # SQLite runs in write-ahead-log mode, so the web server reads while the worker writes.
    with sqlite3.connect(tmp_path / "other.db") as database:
        assert database.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
