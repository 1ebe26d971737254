"""A commit killed with SIGKILL in the middle, then run again: no duplicate, no partial record, and the same
registry as a commit that was never interrupted.

Real processes on a real database file: ``hoanhap import-persons`` is started, killed once the first
chunks are written, and started again on the same file; a second database receives the same file without
interruption, and the two registries are compared.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from openpyxl import Workbook

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="runs its own SQLite databases; run once, with the SQLite suite"
)

ROWS = 6000
SURNAMES = ["Hoàng", "Lương", "Nông", "Vi", "Triệu", "Lý", "Hà", "Đinh", "Mã", "Chu"]
MIDDLES = ["Văn", "Thị", "Đức", "Thu", "Minh"]
GIVEN = ["Pảo", "Phượng", "Mạnh", "Slao", "Thắng", "Hoa", "Tài", "Lan", "Nhất", "Sáng", "Mai", "Tuấn"]


def build_big_list(path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["DANH SÁCH NGƯỜI KHUYẾT TẬT"])
    sheet.append(["STT", "Họ và tên", "Năm sinh", "Giới tính", "Thôn", "Dạng tật", "Mức độ"])
    for index in range(ROWS):
        name = f"{SURNAMES[index % 10]} {MIDDLES[index // 10 % 5]} {GIVEN[index // 50 % 12]}"
        sex = "Nữ" if MIDDLES[index // 10 % 5] == "Thị" else "Nam"
        year = 1930 + index // 600  # with the 600 names: every (name, year) once
        sheet.append([index + 1, name, year, sex, f"Thôn {index % 7 + 1}", "vận động", "nặng"])
    workbook.save(path)
    return path


def command(*args: str) -> list[str]:
    return [sys.executable, "-c", "from hoanhap.cli import main; main()", *args]


def run(env: dict[str, str], *args: str, stdin: bytes | None = None) -> None:
    done = subprocess.run(command(*args), env=env, input=stdin, capture_output=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr.decode()


def prepared_database(tmp_path: Path, name: str) -> tuple[dict[str, str], Path]:
    data = tmp_path / name
    data.mkdir()
    database = data / "hoanhap.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hoanhap.settings",
        "HOANHAP_DATA_DIR": str(data),
        "DATABASE_URL": f"sqlite:///{database}",
        "HOANHAP_HTTPS": "false",
    }
    env.pop("PYTEST_XDIST_WORKER", None)
    run(env, "migrate", "-v0")
    run(env, "load-units")
    run(env, "user-add", "admin", "--role", "admin", "--password-stdin", stdin=b"a long enough password 1\n")
    return env, database


def registry(database: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(database) as db:
        persons = db.execute(
            "SELECT full_name, birth_year, sex, village, commune_id FROM people_person ORDER BY 1, 2, 3, 4"
        ).fetchall()
        determinations = db.execute(
            "SELECT p.full_name, p.birth_year, p.sex, p.village, d.severity, d.mobility"
            " FROM assessments_disabilitydetermination d JOIN people_person p ON p.id = d.person_id"
            " ORDER BY 1, 2, 3, 4"
        ).fetchall()
    return persons + determinations


def applied_rows(database: Path) -> int:
    try:
        with sqlite3.connect(database, timeout=0.2) as db:
            return int(db.execute("SELECT count(*) FROM exchange_importrow WHERE applied").fetchone()[0])
    except sqlite3.OperationalError:  # the table is being written, or does not exist yet
        return 0


def test_a_killed_commit_run_again_ends_as_an_uninterrupted_one(tmp_path: Path) -> None:
    workbook = build_big_list(tmp_path / "ds.xlsx")
    interrupted_env, interrupted_db = prepared_database(tmp_path, "interrupted")
    reference_env, reference_db = prepared_database(tmp_path, "reference")

    first = subprocess.Popen(
        command("import-persons", str(workbook), "--commune", "06325"),
        env=interrupted_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 240
    while applied_rows(interrupted_db) == 0 and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    written_before_kill = applied_rows(interrupted_db)
    assert 0 < written_before_kill < ROWS, "the kill must land in the middle of the commit"
    with sqlite3.connect(interrupted_db) as db:
        persons_after_kill = db.execute("SELECT count(*) FROM people_person").fetchone()[0]
    assert persons_after_kill == written_before_kill  # whole chunks only: each row with its person

    run(interrupted_env, "import-persons", str(workbook), "--commune", "06325")  # run again
    run(reference_env, "import-persons", str(workbook), "--commune", "06325")  # never interrupted

    assert registry(interrupted_db) == registry(reference_db)
    with sqlite3.connect(interrupted_db) as db:
        duplicates = db.execute(
            "SELECT count(*) FROM (SELECT name_folded, birth_year, sex, village FROM people_person"
            " GROUP BY 1, 2, 3, 4 HAVING count(*) > 1)"
        ).fetchone()[0]
    assert duplicates == 0
