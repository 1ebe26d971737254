"""The commune list the import benchmark reads: generated once, kept under var/bench/.

A printed commune form with title rows, a two-row header (the birth date under "Nam" or "Nữ", the
disability types and severity in words, citizen IDs as numbers in some rows and as text in others), the
persons grouped by village under section rows with subtotals, a signature block; a few percent of the rows
typed in the legacy TCVN3 font, some rejected (dates that do not exist) and some repeated. All rows belong
to one commune, as in a real import. The persons are drawn by ``hoanhap.ops.generator``.
"""

from __future__ import annotations

import csv
import json
import random
import re
import time
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from bench._common import BENCH_DATA_DIR, ROOT

COMMUNE = "06325"  # Xã Bắc Sơn, Lạng Sơn
LEGACY_PROVINCE = "20"  # Lạng Sơn before 2025: the place digits of its citizen IDs, its ethnic mix
SEED = 2025
# Part of the cached file's name: change it when the generated list changes, so a new one is written.
LIST_VERSION = 1

# The shape of the generated list.
TCVN3_SHARE = 0.03  # rows typed in the legacy font (name, village, ethnicity, carer)
REJECTED_SHARE = 0.01  # rows whose date of birth does not exist
REPEATED_SHARE = 0.01  # rows repeating an earlier row of the same village
CCCD_AS_NUMBER_SHARE = 0.5  # the other citizen IDs are text
BIRTH_AS_DATE_CELL_SHARE = 0.5  # full dates of birth as date cells; the others as "dd/mm/yyyy" text
NO_DIACRITICS_ETHNICITY_SHARE = 0.05  # "Tay", "Nung": typed without accents
PHONE_AS_NUMBER_SHARE = 0.3  # phone numbers in number cells, their leading zero lost


HEADER_TOP = (
    "STT",
    "Họ và tên",
    "Ngày tháng năm sinh",
    None,
    "Dân tộc",
    "Số CCCD/CMND",
    "Thôn, bản",
    "Dạng tật",
    "Mức độ khuyết tật",
    "Hộ nghèo, cận nghèo",
    "Số điện thoại",
    "Họ tên người chăm sóc",
    "Quan hệ với NKT",
    "Số GXN KT",
    "Ngày cấp GXN",
    "Ghi chú",
)
HEADER_BOTTOM = (None, None, "Nam", "Nữ")
WIDTH = len(HEADER_TOP)
HEADER_ROW = 4  # 0-based: the header takes rows 5 and 6 as Excel numbers them
TYPE_WORDS = {
    "mobility": "Vận động",
    "hearing_speech": "Nghe, nói",
    "vision": "Nhìn",
    "psychosocial": "Thần kinh, tâm thần",
    "intellectual": "Trí tuệ",
    "other": "Khác",
}
SEVERITY_WORDS = {"particularly_severe": ("Đặc biệt nặng", "ĐBN"), "severe": ("Nặng",), "mild": ("Nhẹ",)}
HOUSEHOLD_WORDS = {"": "", "poor": "Hộ nghèo", "near_poor": "Cận nghèo"}


def list_path(rows: int) -> Path:
    return BENCH_DATA_DIR / f"import-list-{rows}-v{LIST_VERSION}.xlsx"


def _tcvn3_encoder() -> Callable[[str], str | None]:
    """Unicode → what a cell typed in a TCVN3 font holds, ``None`` when the text cannot be typed so (a
    capital with a tone) or would not be read back as the same text."""
    from hoanhap.exchange.reading.encoding import TCVN3_TO_UNICODE, to_unicode

    codes = {letter: code for code, letter in TCVN3_TO_UNICODE.items()}

    def encode(text: str) -> str | None:
        if not text or text.isascii():
            return None
        legacy = "".join(ch if ch.isascii() else codes.get(ch, "\0") for ch in text)
        if "\0" in legacy or to_unicode(legacy) != text:
            return None
        return legacy

    return encode


def _ethnicity_names() -> dict[str, str]:
    path = ROOT / "hoanhap" / "people" / "data" / "ethnicities.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {record["code"]: record["name"] for record in csv.DictReader(handle)}


class _ListWriter:
    """Draws the persons of the list and turns each into the cells of its row."""

    def __init__(self, rng: random.Random) -> None:
        from hoanhap.ops.generator import proportions as p
        from hoanhap.ops.generator.draw import Weighted
        from hoanhap.ops.generator.villages import commune_villages

        self.rng = rng
        self.today = date.today()  # noqa: DTZ011 - the generator's dates are local calendar days
        self.ethnicities = Weighted.of(p.ETHNIC_MIX.get(LEGACY_PROVINCE, p.DEFAULT_MIX))
        self.villages = tuple(
            commune_villages(
                seed=SEED, commune_code=COMMUNE, legacy_province=LEGACY_PROVINCE, unit_type="commune"
            )
        )
        self.names = _ethnicity_names()
        self.tcvn3 = _tcvn3_encoder()
        self.cccds: set[str] = set()
        self.certificates = 0
        self.counts: Counter[str] = Counter()

    def person(self) -> tuple[str, list[Any]]:
        """A drawn person: their village and the cells of their row (without the STT)."""
        from hoanhap.core.text import fold
        from hoanhap.ops.generator.bulk import CENTURY_DIGIT
        from hoanhap.ops.generator.draw import draw_person

        rng = self.rng
        drawn = draw_person(
            rng,
            ethnicities=self.ethnicities,
            villages=self.villages,
            today=self.today,
            with_determinations=True,
        )
        birth: Any = drawn.birth.year
        if drawn.full_birth_date:
            birth = drawn.birth if rng.random() < BIRTH_AS_DATE_CELL_SHARE else f"{drawn.birth:%d/%m/%Y}"
        if rng.random() < REJECTED_SHARE:
            # A day that does not exist: the row is rejected, the officer corrects it.
            birth = rng.choice((f"31/02/{drawn.birth.year}", f"{drawn.birth.day:02d}/13/{drawn.birth.year}"))
            self.counts["rejected"] += 1
        cccd: Any = None
        if drawn.has_cccd:
            year = drawn.birth.year
            prefix = (
                f"0{LEGACY_PROVINCE}{CENTURY_DIGIT[year // 100] + (0 if drawn.male else 1)}{year % 100:02d}"
            )
            while (cccd := f"{prefix}{rng.randrange(1_000_000):06d}") in self.cccds:
                pass
            self.cccds.add(cccd)
            if rng.random() < CCCD_AS_NUMBER_SHARE:
                cccd = int(cccd)  # a number cell: its leading zero is lost
                self.counts["cccd as number"] += 1
        ethnicity = self.names[drawn.ethnicity]
        if rng.random() < NO_DIACRITICS_ETHNICITY_SHARE:
            ethnicity = fold(ethnicity).title()
        determination = drawn.determinations[-1]
        types = "; ".join(TYPE_WORDS[value] for value in determination.types)
        severity = rng.choice(SEVERITY_WORDS[determination.severity])
        certificate_number = certificate_date = None
        if determination.certificate_on is not None:
            self.certificates += 1
            certificate_number = f"{self.certificates:05d}/GXN"
            certificate_date = determination.certificate_on
        phone: Any = drawn.phone or None
        if phone and rng.random() < PHONE_AS_NUMBER_SHARE:
            phone = int(phone)  # a number cell: the parser puts the leading zero back
        texts = [drawn.full_name, drawn.village, ethnicity, drawn.carer_name]
        if rng.random() < TCVN3_SHARE:
            legacy = [self.tcvn3(text) for text in texts]
            if legacy[0] is not None:
                texts = [encoded or text for encoded, text in zip(legacy, texts, strict=True)]
                self.counts["tcvn3"] += 1
        name, village, ethnicity, carer = texts
        cells = [
            name,
            birth if drawn.male else None,
            None if drawn.male else birth,
            ethnicity,
            cccd,
            village or None,
            types,
            severity,
            HOUSEHOLD_WORDS[drawn.household] or None,
            phone,
            carer or None,
            drawn.carer_relation or None,
            certificate_number,
            certificate_date,
            None,
        ]
        return drawn.village, cells


def _generate_list(path: Path, rows: int) -> dict[str, Any]:
    """Write the list of ``rows`` persons to ``path`` (see the module docstring); returns its description."""
    import xlsxwriter

    started = time.perf_counter()
    writer = _ListWriter(random.Random(SEED))  # noqa: S311 - test data, not secrets
    by_village: dict[str, list[list[Any]]] = {}
    for _index in range(rows):
        _add_row(writer, by_village)
    workbook = xlsxwriter.Workbook(
        str(path),
        # Rows are streamed to the file: memory stays flat whatever the number of rows. The text is
        # written inline rather than in a shared table (what Excel does); the reader accepts both.
        {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False},
    )
    sheet = workbook.add_worksheet("DS NKT")
    bold = workbook.add_format({"bold": True})
    day = workbook.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_string(0, 0, "UBND XÃ BẮC SƠN", bold)
    sheet.write_string(0, 6, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold)
    sheet.write_string(2, 0, f"DANH SÁCH NGƯỜI KHUYẾT TẬT NĂM {writer.today.year}", bold)
    # The header: each single column merged over both rows, "Ngày tháng năm sinh" over Nam and Nữ. Merged
    # without a format: xlsxwriter then writes no blank cell into the second row, which constant memory
    # would take as leaving the first row for good.
    for col, label in enumerate(HEADER_TOP):
        if label is None:
            continue
        if col == 2:
            sheet.merge_range(HEADER_ROW, 2, HEADER_ROW, 3, label)
        else:
            sheet.merge_range(HEADER_ROW, col, HEADER_ROW + 1, col, label)
    for col, label in enumerate(HEADER_BOTTOM):
        if label:
            sheet.write_string(HEADER_ROW + 1, col, label)
    row = HEADER_ROW + 2
    number = 0
    for village, group in sorted(by_village.items()):
        if village:
            sheet.merge_range(row, 0, row, WIDTH - 1, village, bold)
            row += 1
        for cells in group:
            number += 1
            sheet.write_number(row, 0, number)
            for col, value in enumerate(cells, start=1):
                if value is None:
                    continue
                if isinstance(value, date):
                    sheet.write_datetime(row, col, value, day)
                elif isinstance(value, int):
                    sheet.write_number(row, col, value)
                else:
                    sheet.write_string(row, col, value)
            row += 1
        if village:
            sheet.write_string(row, 1, f"Cộng {village.split(' ')[0].lower()}: {len(group)} người", bold)
            row += 1
    sheet.write_string(row, 1, f"Tổng cộng: {number} người", bold)
    row += 2
    sheet.write_string(row, 10, f"Bắc Sơn, ngày 15 tháng 6 năm {writer.today.year}")
    row += 1
    sheet.write_string(row, 1, "Người lập biểu", bold)
    sheet.write_string(row, 10, "TM. UBND XÃ", bold)
    sheet.write_string(row + 1, 10, "CHỦ TỊCH", bold)
    workbook.close()
    return {
        "rows": rows,
        "villages": len([village for village in by_village if village]),
        "rejected": writer.counts["rejected"],
        "repeated": writer.counts["repeated"],
        "tcvn3": writer.counts["tcvn3"],
        "cccd": len(writer.cccds),
        "cccd_as_number": writer.counts["cccd as number"],
        "certificates": writer.certificates,
        "seconds": round(time.perf_counter() - started, 1),
    }


def _add_row(writer: _ListWriter, by_village: dict[str, list[list[Any]]]) -> None:
    """The next row, under its village: a fresh person or, now and then, an earlier row of a village written
    again (never a row already rejected: it would be rejected again rather than found repeated)."""
    rng = writer.rng
    if by_village and rng.random() < REPEATED_SHARE:
        group = by_village[rng.choice(sorted(by_village))]
        earlier = rng.choice(group)
        birth = earlier[1] if earlier[1] is not None else earlier[2]
        if not (isinstance(birth, str) and _IMPOSSIBLE_DATE.fullmatch(birth)):
            group.append(list(earlier))
            writer.counts["repeated"] += 1
            return
    village, cells = writer.person()
    by_village.setdefault(village, []).append(cells)


_IMPOSSIBLE_DATE = re.compile(r"31/02/\d{4}|\d{2}/13/\d{4}")


def ensure_list(rows: int) -> tuple[Path, dict[str, Any]]:
    path = list_path(rows)
    described = path.with_suffix(".json")
    if path.exists() and described.exists():
        return path, json.loads(described.read_text())
    print(f"generating the list of {rows:,} persons ({path.name}) …", flush=True)
    partial = path.with_suffix(".partial.xlsx")
    description = _generate_list(partial, rows)
    partial.replace(path)
    described.write_text(json.dumps(description))
    print(f"generated in {description['seconds']} s", flush=True)
    return path, description
