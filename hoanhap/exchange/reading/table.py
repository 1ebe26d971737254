"""Finding the list inside a commune's sheet: its header, its columns, and what each row below it is.

A commune's sheet is a printed form: title rows ("UBND XÃ BẮC SƠN", "DANH SÁCH NGƯỜI KHUYẾT TẬT…"), a
header of one or two rows, perhaps a row of column numbers, then the persons grouped by village under
section rows, subtotals, and a signature block. ``find_tables`` finds the header of each sheet and
classifies every row below it, so that the import takes the ``DATA`` rows and the preview can show the
user why each other row was left out.

The header: each of the first ``HEADER_SEARCH_ROWS`` rows is tried as a one-row header, and with the row
below it as a two-row header; a candidate scores the number of columns ``headers.propose_mapping``
recognises, and counts only when it has a name column and a birth column. The highest score wins, the
earliest row on a tie. A two-row reading must recognise more columns than either of its rows alone:
otherwise it is a title above the header, or the first data row below it, read as part of the header.

The rows: each is classified on its own, in one pass (see ``_classify``). The tests in that function
are heuristics over what communes write; their order matters and is explained there. Once a signature
row appears, every row after it is part of the signature block: names under "CHỦ TỊCH" are the
signers, not persons.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.db import models
from django.utils.translation import gettext_lazy as _

from hoanhap.exchange.reading import fields as f
from hoanhap.exchange.reading.encoding import LEGACY_LETTER_CODES, to_unicode
from hoanhap.exchange.reading.headers import (
    BIRTH_FIELDS,
    Heading,
    is_usable,
    label_key,
    propose_mapping,
    recognised_count,
    text_key,
)
from hoanhap.exchange.reading.workbook import CellValue, MergedRange, Row, Sheet, read_workbook

# Titles above the header take a dozen rows at most; a header further down is not looked for.
HEADER_SEARCH_ROWS = 50


class RowKind(models.TextChoices):
    DATA = "data", _("Person")
    BLANK = "blank", _("Blank row")
    COLUMN_NUMBERS = "column_numbers", _("Column numbers")
    HEADER = "header", _("Header repeated")
    SECTION = "section", _("Section heading")
    SUBTOTAL = "subtotal", _("Total")
    FOOTER = "footer", _("Signatures")
    TITLE = "title", _("Title")
    OTHER = "other", _("Not recognised")


@dataclass(frozen=True, slots=True)
class Column:
    index: int  # 0-based: column A is 0
    heading: Heading
    field: str  # the proposed field, ``fields.IGNORE`` when none

    @property
    def label(self) -> str:
        return self.heading.label

    @property
    def letter(self) -> str:
        return column_letter(self.index)


@dataclass(frozen=True, slots=True)
class TableRow:
    number: int  # 1-based, as Excel shows it
    kind: RowKind
    cells: Row
    # A SECTION row's heading ("Thôn Nà Lầu", its "I." numbering removed); for a DATA row, the heading of
    # the section it sits in ("" before the first one). Text as written, not converted from legacy fonts.
    section: str = ""


@dataclass(frozen=True, slots=True)
class Table:
    sheet: str
    header_rows: tuple[int, ...]  # 1-based
    columns: tuple[Column, ...]
    rows: tuple[TableRow, ...]  # every row after the header, classified

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(column.label for column in self.columns)

    @property
    def mapping(self) -> tuple[str, ...]:
        return tuple(column.field for column in self.columns)

    def column_of(self, field: str) -> int | None:
        """The index of the column proposed for ``field``, ``None`` when none is."""
        return next((column.index for column in self.columns if column.field == field), None)

    @property
    def data_rows(self) -> list[TableRow]:
        return [row for row in self.rows if row.kind == RowKind.DATA]


@dataclass(frozen=True, slots=True)
class SkippedSheet:
    name: str
    reason: str


@dataclass(frozen=True, slots=True)
class TableSearch:
    tables: list[Table]
    skipped: list[SkippedSheet]


def read_tables(path: Path, *, file_name: str, require_birth: bool = True) -> TableSearch:
    """The tables of the file at ``path`` (``read_workbook`` then ``find_tables``)."""
    return find_tables(read_workbook(path, file_name=file_name), require_birth=require_birth)


def find_tables(sheets: Iterable[Sheet], *, require_birth: bool = True) -> TableSearch:
    """One table per sheet that holds a list of persons; the other sheets skipped with the reason.

    ``require_birth``: a header needs a birth column as well as a name column (false for an attendance
    list, where staff are listed without one)."""
    tables: list[Table] = []
    skipped: list[SkippedSheet] = []
    for sheet in sheets:
        result = _table_of(sheet, require_birth=require_birth)
        if isinstance(result, Table):
            tables.append(result)
        else:
            skipped.append(SkippedSheet(name=sheet.name, reason=result))
    return TableSearch(tables=tables, skipped=skipped)


def column_letter(index: int) -> str:
    """The Excel name of the 0-based column ``index``: 0 → "A", 27 → "AB"."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _table_of(sheet: Sheet, *, require_birth: bool) -> Table | str:
    if sheet.hidden:
        return str(_("The sheet is hidden."))
    if not any(sheet.rows):
        return str(_("The sheet is empty."))
    header = _find_header(sheet, require_birth=require_birth)
    if isinstance(header, str):
        return header
    width = max((i + 1 for i, heading in enumerate(header.headings) if heading.label), default=0)
    columns = tuple(
        Column(index=i, heading=header.headings[i], field=header.mapping[i]) for i in range(width)
    )
    rows = _classify_rows(sheet, header)
    return Table(
        sheet=sheet.name,
        header_rows=tuple(row + 1 for row in header.rows),
        columns=columns,
        rows=tuple(rows),
    )


# --- The header -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Candidate:
    rows: tuple[int, ...]  # 0-based
    headings: tuple[Heading, ...]
    mapping: tuple[str, ...]

    @property
    def score(self) -> int:
        return recognised_count(self.mapping)


def _find_header(sheet: Sheet, *, require_birth: bool) -> _Candidate | str:
    """The best header of ``sheet``, or the reason there is none."""
    rows = sheet.rows
    limit = min(len(rows), HEADER_SEARCH_ROWS)
    origins = _merge_origins(sheet.merged, below=limit + 1)
    single = [_one_row_candidate(rows, r) for r in range(min(len(rows), limit + 1))]
    candidates = single[:limit]
    for r in range(limit):
        if r + 1 < len(rows) and single[r].score:
            double = _two_row_candidate(rows, r, origins)
            # Both rows must be needed: see the module docstring.
            if double.score > max(single[r].score, single[r + 1].score):
                candidates.append(double)
    usable = [
        candidate for candidate in candidates if is_usable(candidate.mapping, require_birth=require_birth)
    ]
    if usable:
        return max(usable, key=lambda candidate: (candidate.score, -candidate.rows[0]))
    return _why_no_header(candidates)


def _why_no_header(candidates: list[_Candidate]) -> str:
    partial = [
        candidate
        for candidate in candidates
        if candidate.score >= 2
        and (f.FULL_NAME in candidate.mapping or not BIRTH_FIELDS.isdisjoint(candidate.mapping))
    ]
    if partial:
        best = max(partial, key=lambda candidate: (candidate.score, -candidate.rows[0]))
        row = best.rows[0] + 1
        if f.FULL_NAME in best.mapping:
            return str(
                _("Row %(row)d looks like the header, but no column is recognised as the date of birth.")
                % {"row": row}
            )
        return str(
            _("Row %(row)d looks like the header, but no column is recognised as the full name.")
            % {"row": row}
        )
    return str(
        _("No header with a name column and a birth column was found in the first %(rows)d rows.")
        % {"rows": HEADER_SEARCH_ROWS}
    )


def _merge_origins(merged: Sequence[MergedRange], *, below: int) -> dict[tuple[int, int], tuple[int, int]]:
    """For each merged cell above row ``below``, the cell holding the merge's value."""
    origins = {}
    for merge in merged:
        if merge.first_row >= below:
            continue
        for row in range(merge.first_row, min(merge.last_row, below) + 1):
            for col in range(merge.first_col, merge.last_col + 1):
                origins[(row, col)] = (merge.first_row, merge.first_col)
    return origins


def _cell(row: Row, col: int) -> CellValue:
    return row[col] if col < len(row) else None


def _text(value: CellValue) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def _one_row_candidate(rows: Sequence[Row], r: int) -> _Candidate:
    headings = tuple(Heading(_text(value)) for value in rows[r])
    # Fewer than two labels cannot be a header: skip recognising the title rows.
    if sum(1 for value in rows[r] if isinstance(value, str)) < 2:
        return _Candidate(rows=(r,), headings=headings, mapping=(f.IGNORE,) * len(headings))
    return _Candidate(rows=(r,), headings=headings, mapping=propose_mapping(headings))


def _two_row_candidate(
    rows: Sequence[Row], r: int, origins: dict[tuple[int, int], tuple[int, int]]
) -> _Candidate:
    """Rows ``r`` and ``r + 1`` read as one header: a parent label above, the column's own below.

    A parent is the value of a merge starting in the upper row. Where the file keeps no merges (ODS, a
    CSV, a header centred "across selection"), a parent extends to the right over the columns whose upper
    cell is empty and whose lower cell is not, as long as the parent's own column has a label below it too
    (a label alone in its column is a single-column heading spanning both rows).
    """
    top, bottom = rows[r], rows[r + 1]
    headings = []
    running_parent = ""
    for col in range(max(len(top), len(bottom))):
        top_origin = origins.get((r, col))
        if top_origin is None:
            parent = _text(_cell(top, col))
        elif top_origin[0] == r:
            parent = _text(_cell(top, top_origin[1]))
        else:
            parent = ""  # a merge from a row above (the title): not part of this header
        bottom_origin = origins.get((r + 1, col))
        if bottom_origin is None:
            own = _text(_cell(bottom, col))
        elif bottom_origin[0] == r + 1:
            own = _text(_cell(bottom, bottom_origin[1]))
        else:
            own = ""  # the upper label continues down: the column has no label of its own
        if not parent and top_origin is None and own:
            parent = running_parent
        running_parent = parent if parent and own else ""
        headings.append(Heading(own, parent) if own else Heading(parent))
    headings_tuple = tuple(headings)
    return _Candidate(rows=(r, r + 1), headings=headings_tuple, mapping=propose_mapping(headings_tuple))


# --- The rows ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Layout:
    name_col: int
    birth_cols: tuple[int, ...]
    sequence_col: int | None
    header_texts: tuple[tuple[str, ...], ...]  # each header row's cells, as written
    header_keys: tuple[tuple[str, ...], ...]  # the same, as label keys
    merge_widths: dict[tuple[int, int], int]  # (row, col) where a merge starts → its number of columns


def _classify_rows(sheet: Sheet, header: _Candidate) -> list[TableRow]:
    mapping = header.mapping
    header_rows = [sheet.rows[r] for r in header.rows]
    layout = _Layout(
        name_col=mapping.index(f.FULL_NAME),
        birth_cols=tuple(i for i, field in enumerate(mapping) if field in BIRTH_FIELDS),
        sequence_col=mapping.index(f.SEQUENCE) if f.SEQUENCE in mapping else None,
        header_texts=tuple(tuple(_text(value).strip() for value in row) for row in header_rows),
        header_keys=tuple(tuple(label_key(_text(value)) for value in row) for row in header_rows),
        merge_widths={
            (merge.first_row, merge.first_col): merge.last_col - merge.first_col + 1 for merge in sheet.merged
        },
    )
    classified = []
    section = ""
    in_footer = False
    for index in range(header.rows[-1] + 1, len(sheet.rows)):
        cells = sheet.rows[index]
        if in_footer:
            kind = RowKind.BLANK if not any(value is not None for value in cells) else RowKind.FOOTER
            classified.append(TableRow(number=index + 1, kind=kind, cells=cells))
            continue
        kind, heading = _classify(cells, index, layout)
        if kind == RowKind.FOOTER:
            in_footer = True
        if kind == RowKind.SECTION:
            section = heading
        row_section = section if kind in (RowKind.DATA, RowKind.SECTION) else ""
        classified.append(TableRow(number=index + 1, kind=kind, cells=cells, section=row_section))
    return classified


def _classify(cells: Row, index: int, layout: _Layout) -> tuple[RowKind, str]:
    """The kind of one row below the header, and a section row's heading.

    The tests, in order, each cheap enough for every row of a large file:

    1. blank: nothing in the row, or only a number in the STT column (templates number empty rows);
    2. column numbers: only numbers ("1", "(2)"), rising from left to right, and perhaps letters ("A");
    3. repeated header: at least half the labels of a header row again in their columns (printed pages);
    4. signatures: a signature text ("Người lập biểu", "TM. UBND XÃ", "CHỦ TỊCH", "…, ngày … tháng … năm");
       when the name column holds a name, only that cell is looked at, so that a note such as "ngày 5
       tháng 3 năm 2020 chuyển đến" in a person's row cannot end the list;
    5. subtotal: "Tổng cộng", "Cộng", "Tổng số: 35 người", "Cộng thôn …" in the first cells (a surname
       such as Tống or Công is followed by a middle name, not by one of the words a subtotal uses);
    6. a person (name and birth both filled) is DATA here: rows 7–8 are for rows short of a birth;
    7. title: "DANH SÁCH …", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "UBND …" (a page title repeated);
    8. section: text only in the columns up to the name, starting with a place word with its accents
       ("Thôn", "Bản", "Tổ dân phố" — with accents, because "Tô" and "Bàn" are surnames) or a Roman
       numeral, or spread over merged cells, or written left of the name column (in the STT column);
    9. data: a name in the name column — text starting with a letter, not a number or a single mark;
    10. anything else is OTHER, shown to the user as not imported.
    """
    filled = [col for col, value in enumerate(cells) if value is not None]
    if not filled or (filled == [layout.sequence_col] and _is_number(cells[filled[0]])):
        return RowKind.BLANK, ""
    if _is_column_numbers(cells, filled):
        return RowKind.COLUMN_NUMBERS, ""
    name = _cell(cells, layout.name_col)
    if _may_repeat_header(name, layout) and _is_repeated_header(cells, filled, layout):
        return RowKind.HEADER, ""
    named = isinstance(name, str) and _looks_like_name(name)
    # Folding is the costly step: the name is folded once, and reused when it is the first text.
    name_key = text_key(_text(name)) if named else ""
    if named:
        if _is_signature(name_key):
            return RowKind.FOOTER, ""
    elif any(_is_signature(text_key(value)) for value in cells if isinstance(value, str)):
        return RowKind.FOOTER, ""
    first_col = next((col for col in filled if isinstance(cells[col], str)), None)
    if first_col is None:
        first_key = ""
    elif first_col == layout.name_col and named:
        first_key = name_key
    else:
        first_key = text_key(_text(cells[first_col]))
    if first_col is not None and first_col <= layout.name_col and _SUBTOTAL.match(first_key):
        return RowKind.SUBTOTAL, ""
    if named and any(_cell(cells, col) is not None for col in layout.birth_cols):
        return RowKind.DATA, ""
    if _TITLE.match(first_key):
        return RowKind.TITLE, ""
    heading = _section_heading(cells, filled, index, layout)
    if heading:
        return RowKind.SECTION, heading
    if named:
        return RowKind.DATA, ""
    return RowKind.OTHER, ""


_COLUMN_NUMBER = re.compile(r"\(?\s*(\d{1,3})\s*\)?")
_COLUMN_LETTER = re.compile(r"\(?\s*[A-Z]\s*\)?")


def _is_column_numbers(cells: Row, filled: list[int]) -> bool:
    numbers = []
    for col in filled:
        value = cells[col]
        if isinstance(value, bool):
            return False
        if isinstance(value, int):
            numbers.append(value)
        elif isinstance(value, str) and (match := _COLUMN_NUMBER.fullmatch(value.strip())):
            numbers.append(int(match.group(1)))
        elif not (isinstance(value, str) and _COLUMN_LETTER.fullmatch(value.strip())):
            return False  # a name, a date: a row of a person (the usual case, decided at its second cell)
    # Consecutive, as columns are numbered: a row of a person with no name (its STT, a year, an ID
    # number) has numbers too, but never 1, 2, 3…
    return len(numbers) >= 3 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _may_repeat_header(name: CellValue, layout: _Layout) -> bool:
    """A cheap test before the full one: a repeated header has the name label, or nothing, there."""
    if name is None:
        return True
    text = _text(name).strip()
    return any(
        layout.name_col < len(texts) and texts[layout.name_col] == text for texts in layout.header_texts
    )


def _is_repeated_header(cells: Row, filled: list[int], layout: _Layout) -> bool:
    for keys in layout.header_keys:
        labels = sum(1 for key in keys if key)
        same = sum(
            1 for col in filled if col < len(keys) and keys[col] and label_key(_text(cells[col])) == keys[col]
        )
        if same >= max(2, (labels + 1) // 2):
            return True
    return False


def _is_number(value: CellValue) -> bool:
    """A number, or a text of digits (a CSV's STT)."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int | float) or (isinstance(value, str) and value.strip().isdigit())


def _looks_like_name(value: str) -> bool:
    text = value.strip()
    return len(text) >= 2 and _is_letter(text[0]) and sum(1 for ch in text[:4] if _is_letter(ch)) >= 2


def _is_letter(char: str) -> bool:
    return char.isalpha() or char in LEGACY_LETTER_CODES


_SIGNATURE = re.compile(
    r"nguoi (?:lap|ky|duyet|kiem tra|tong hop)\b"
    r"|(?:tm|kt|tl|tuq|q)\s*[./]?\s*(?:uy ban|ubnd|chu tich|truong|giam doc|ban |hoi dong|dang uy)"
    r"|(?:pho )?chu tich\b"
    r"|(?:can bo|cong chuc|thu truong|truong (?:thon|ban|phong|tram)|lanh dao|xac nhan cua)\b"
    r"|(?:giam doc|ke toan)\b"
    r"|noi nhan\b"
    r"|\(\s*ky\b|ky\s*(?:ten\b|va\b|,)"
    r"|.*(?:ghi ro ho (?:va )?ten|dong dau)"
    r"|(?:.*,\s*)?ngay\b.*\bthang\b.*\bnam\b"
)


def _is_signature(key: str) -> bool:
    return bool(_SIGNATURE.match(key))


_SUBTOTAL_NEXT_WORD = (
    r"(?:\d|\(|so|cong|lai|hop|thon|xom|ban|ap|to|khu|lang|buon|xa|phuong|toan|danh|nhom|doi|dien|cac"
    r"|chung|nguoi|nkt|tat)"
)
_SUBTOTAL = re.compile(rf"(?:tong|cong)(?:\s*[:.\-]|\s*$|\s+{_SUBTOTAL_NEXT_WORD})")
_TITLE = re.compile(
    r"\(?(?:danh sach|cong hoa xa hoi|doc lap|uy ban nhan dan|ubnd|mau so|bieu so|bieu mau|kem theo"
    r"|so lieu|bao cao|thong ke)\b"
)
# Matched on the lower-case text with its accents (see _classify).
_SECTION_WORD = re.compile(
    r"(?:thôn|xóm|bản|ấp|tổ|khu|làng|buôn|khối|khóm|sóc|plei|tdp|xã|phường|thị trấn|đội|nhóm|cụm)\b"
)
# A section's numbering: "I", "II.", "A" in a cell of its own before the heading, or "I.", "A)", "1 -"
# opening it. Within the text the mark is needed: "Y Blúp" and "A Sang" are names, "VI VĂN AN" too.
_NUMBERING_CELL = re.compile(r"(?:[IVXLC]+|[A-Z])\s*[.)]?")
_NUMBERING = re.compile(r"(?:[IVXLC]+|[A-Z]|\d{1,3})\s*[.)/:\-]\s*")


def _section_heading(cells: Row, filled: list[int], index: int, layout: _Layout) -> str:
    """The heading of a section row ("Thôn Nà Lầu"), "" when the row is no section row."""
    if any(col > layout.name_col for col in filled) and len(filled) > 1:
        return ""
    if filled[0] == layout.sequence_col and _is_number(cells[filled[0]]):
        return ""  # a numbered row is a person's, however little it holds
    texts = [_text(cells[col]).strip() for col in filled]
    numbered = len(texts) > 1 and _NUMBERING_CELL.fullmatch(texts[0]) is not None
    joined = " ".join(" ".join(texts[1:] if numbered else texts).split())
    if match := _NUMBERING.match(joined):
        numbered, joined = True, joined[match.end() :]
    heading = joined.strip(" :-")
    if not heading or heading[0].isdigit():
        return ""
    starts_with_place = bool(_SECTION_WORD.match(to_unicode(heading).lower()))
    spread = layout.merge_widths.get((index, filled[0]), 1) > 1
    left_of_names = filled[0] < layout.name_col and filled[0] != layout.sequence_col
    in_sequence_column = filled[0] == layout.sequence_col
    if starts_with_place or numbered or spread or left_of_names or in_sequence_column:
        return heading
    return ""
