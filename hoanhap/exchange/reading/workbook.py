"""Reading an uploaded list into sheets of plain cell values: XLSX, XLS and ODS through calamine, CSV with
the standard library.

The format is decided by the file's content, not its name: communes rename files freely ("ds.xls" that is
really an XLSX, a tab-separated text saved as ".xls"), so the name's extension only breaks ties the content
leaves open (a ZIP archive that names no workbook inside). Anything else — a PDF, a Word document, a web
page saved as ".xls", random bytes — raises ``ApplicationError`` saying what the file is and which formats
are accepted, as does a spreadsheet that is damaged or protected by a password.

Cells come out as ``str``, ``int``, ``float``, ``bool``, ``date``, ``datetime`` or ``None``:

- an empty or blank text becomes ``None``;
- a whole number stored as a float (Excel keeps every number as a float) becomes an ``int``, unless it is
  too large to be exact as a float (beyond 2**53), where the ``int`` would show digits the file never had;
- a time of day or a duration (a stray time format) becomes its text;
- formula cells give the value Excel saved with them; error cells (``#N/A``) are empty;
- CSV cells are always text: a CSV has no types, and "0912…" or "001" must keep their leading zeros.

Row ``i`` of ``Sheet.rows`` is the sheet's row ``i + 1`` as Excel numbers it and cell ``j`` is column
``j`` (A = 0), whatever empty rows or columns lie before the data; a row stops at its last non-empty cell,
so rows differ in length and a missing cell is empty. Text is returned as stored: legacy encodings
(TCVN3, VNI) are converted later, by the value parsers.

Each sheet is read row by row from calamine's buffer and kept once; the import checks the number of
data rows against ``MAX_DATA_ROWS`` after finding the table, so this module reads longer sheets in full
rather than stopping at an arbitrary point.
"""

from __future__ import annotations

import codecs
import csv
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import NamedTuple

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from python_calamine import (
    CalamineError,
    CalamineSheet,
    CalamineWorkbook,
    PasswordError,
    SheetTypeEnum,
    SheetVisibleEnum,
)

from hoanhap.core.exceptions import ApplicationError

# The import refuses a table with more data rows than this (checked by the import, not here).
MAX_DATA_ROWS = 200_000

CellValue = str | int | float | bool | date | datetime | None
Row = tuple[CellValue, ...]

XLSX = "xlsx"
XLS = "xls"
ODS = "ods"
CSV = "csv"

_EMPTY_ROW: Row = ()
# Beyond 2**53 a float no longer holds every whole number, so int() would invent the last digits.
_EXACT_FLOAT_LIMIT = 2**53

_ZIP_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_SNIFF_BYTES = 8192
_CHUNK_BYTES = 1 << 20
_CSV_DELIMITERS = ",;\t"


class MergedRange(NamedTuple):
    """A block of merged cells, 0-based and inclusive; its value sits in the first cell."""

    first_row: int
    first_col: int
    last_row: int
    last_col: int


@dataclass(frozen=True, slots=True)
class Sheet:
    name: str
    rows: Sequence[Row]
    # Empty when the format keeps no merges (CSV) or calamine does not report them (ODS).
    merged: tuple[MergedRange, ...] = ()
    hidden: bool = False


def read_workbook(path: Path, *, file_name: str) -> list[Sheet]:
    """The worksheets of the file at ``path``, in workbook order (chart sheets left out).

    ``file_name`` is the name the user gave the file: it breaks ties the content leaves open and names the
    file in error messages. Raises ``ApplicationError`` for a file that is not a readable XLSX, XLS, ODS
    or CSV file.
    """
    fmt = detect_format(path, file_name=file_name)
    if fmt == CSV:
        return [_read_csv(path, file_name=file_name)]
    return _read_calamine(path, fmt=fmt, file_name=file_name)


def detect_format(path: Path, *, file_name: str) -> str:
    """``XLSX``, ``XLS``, ``ODS`` or ``CSV``, decided by the content; ``ApplicationError`` otherwise."""
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    if not head:
        raise ApplicationError(_("“%(name)s” is empty.") % {"name": file_name}, code="empty_file")
    if head.startswith(_ZIP_MAGIC):
        return _zip_format(path, file_name=file_name)
    if head.startswith(_OLE2_MAGIC):
        # Excel 97–2003; a Word .doc or a password-protected XLSX share the container and fail later,
        # with a message that says so.
        return XLS
    _refuse_known_non_spreadsheets(head, file_name=file_name)
    if _looks_like_text(head):
        return CSV
    raise _not_a_spreadsheet(file_name)


def _extension(file_name: str) -> str:
    return Path(file_name).suffix.lower().lstrip(".")


def _zip_format(path: Path, *, file_name: str) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100].strip() if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, EOFError):
        # A truncated upload: the archive's directory (at its end) is missing.
        raise _damaged(file_name, "ODS" if _extension(file_name) == ODS else "XLSX") from None
    if mimetype.startswith(_ODS_MIMETYPE):
        return ODS
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        return XLSX
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        raise _not_a_spreadsheet(file_name, kind=_("an OpenDocument file other than a spreadsheet"))
    if "word/document.xml" in names:
        raise _not_a_spreadsheet(file_name, kind=_("a Word document"))
    if "ppt/presentation.xml" in names:
        raise _not_a_spreadsheet(file_name, kind=_("a PowerPoint presentation"))
    # The tie-break: a ZIP archive that names no workbook is read as the spreadsheet its name says.
    extension = _extension(file_name)
    if extension in {"xlsx", "xlsm"}:
        return XLSX
    if extension == ODS:
        return ODS
    raise _not_a_spreadsheet(file_name, kind=_("a ZIP archive"))


_KNOWN_SIGNATURES: tuple[tuple[bytes, Promise], ...] = (
    (b"%PDF", _("a PDF document")),
    (b"\x89PNG", _("an image")),
    (b"\xff\xd8\xff", _("an image")),
    (b"GIF8", _("an image")),
    (b"Rar!", _("a compressed archive")),
    (b"7z\xbc\xaf", _("a compressed archive")),
    (b"\x1f\x8b", _("a compressed archive")),
    (b"{\\rtf", _("a Word document")),
)


def _refuse_known_non_spreadsheets(head: bytes, *, file_name: str) -> None:
    for signature, kind in _KNOWN_SIGNATURES:
        if head.startswith(signature):
            raise _not_a_spreadsheet(file_name, kind=kind)
    start = head.lstrip(codecs.BOM_UTF8 + b" \t\r\n").lower()
    if start.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in head:
        raise ApplicationError(
            _(
                "“%(name)s” is in the old Excel XML format. Open it in Excel, save it as an Excel workbook "
                "(XLSX) and upload that file."
            )
            % {"name": file_name},
            code="unsupported_format",
        )
    if start.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")) or b"<html" in start[:1024]:
        # Some programmes export a web page and name it ".xls"; Excel opens it, we cannot.
        raise ApplicationError(
            _(
                "“%(name)s” is a web page saved with a spreadsheet name. Open it in Excel, save it as an "
                "Excel workbook (XLSX) and upload that file."
            )
            % {"name": file_name},
            code="unsupported_format",
        )


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    if b"\x00" in head:
        return False
    # Text has line breaks and tabs but almost no other control bytes; random or binary data has many.
    controls = sum(1 for byte in head if byte < 0x20 and byte not in b"\t\n\r\x0c\x1a")
    return controls * 100 <= len(head)


def _not_a_spreadsheet(file_name: str, *, kind: Promise | None = None) -> ApplicationError:
    if kind is None:
        message = _("“%(name)s” is not a spreadsheet. Upload the list as an XLSX, XLS, ODS or CSV file.") % {
            "name": file_name
        }
    else:
        message = _(
            "“%(name)s” is %(kind)s, not a spreadsheet. Upload the list as an XLSX, XLS, ODS or CSV file."
        ) % {"name": file_name, "kind": kind}
    return ApplicationError(message, code="unsupported_format")


def _damaged(file_name: str, fmt_label: str) -> ApplicationError:
    return ApplicationError(
        _(
            "“%(name)s” cannot be read as an %(format)s file: it may be damaged or incomplete. Open it in "
            "Excel or LibreOffice, save it again and upload the new copy."
        )
        % {"name": file_name, "format": fmt_label},
        code="damaged_file",
    )


def _password_protected(file_name: str) -> ApplicationError:
    return ApplicationError(
        _("“%(name)s” is protected by a password. Open it, remove the password, save it and upload it again.")
        % {"name": file_name},
        code="password_protected",
    )


# --- XLSX, XLS, ODS ---------------------------------------------------------------------------------------

# Both names are in the OLE2 directory in UTF-16: a password-protected XLSX, and a Word .doc.
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_WORD_DOCUMENT = "WordDocument".encode("utf-16-le")


def _read_calamine(path: Path, *, fmt: str, file_name: str) -> list[Sheet]:
    try:
        # From the open file rather than the path: calamine then decides by content, as we did, instead
        # of trusting the name's extension.
        with path.open("rb") as handle, CalamineWorkbook.from_filelike(handle) as workbook:
            sheets = []
            for meta in workbook.sheets_metadata:
                if meta.typ != SheetTypeEnum.WorkSheet:
                    continue
                calamine_sheet = workbook.get_sheet_by_name(meta.name)
                sheets.append(
                    _sheet_from_calamine(calamine_sheet, hidden=meta.visible != SheetVisibleEnum.Visible)
                )
                del calamine_sheet  # let calamine free the sheet's cells before the next one is read
            return sheets
    except PasswordError:
        raise _password_protected(file_name) from None
    except CalamineError:
        if fmt == XLS:
            _explain_unreadable_ole2(path, file_name=file_name)
        raise _damaged(file_name, fmt.upper()) from None


def _explain_unreadable_ole2(path: Path, *, file_name: str) -> None:
    content = path.read_bytes()
    if _ENCRYPTED_PACKAGE in content:
        raise _password_protected(file_name)
    if _WORD_DOCUMENT in content:
        raise _not_a_spreadsheet(file_name, kind=_("a Word document"))


def _sheet_from_calamine(sheet: CalamineSheet, *, hidden: bool) -> Sheet:
    start = sheet.start
    # calamine's rows begin at the sheet's first row but at the first column holding data; padding them
    # back puts every cell at its Excel column, where the merged ranges (absolute) expect it.
    padding: Row = (None,) * start[1] if start else ()
    # A list repeats the same short texts thousands of times ("x", the ethnicity, the village): keeping
    # one copy of each saves a third of the memory of a large sheet.
    repeated: dict[str, str] = {}
    rows = [_row(raw, padding, repeated) for raw in sheet.iter_rows()]
    merged = tuple(
        MergedRange(first[0], first[1], last[0], last[1]) for first, last in sheet.merged_cell_ranges or ()
    )
    return Sheet(name=sheet.name, rows=rows, merged=merged, hidden=hidden)


_REPEATED_TEXT_MAX_LENGTH = 24


def _row(raw: Iterable[object], padding: Row, repeated: dict[str, str]) -> Row:
    cells: list[CellValue] = []
    for value in raw:
        # Inlined rather than a function per cell: this loop runs for every cell of the file.
        if type(value) is str:
            if not value or value.isspace():
                cells.append(None)
            elif len(value) <= _REPEATED_TEXT_MAX_LENGTH:
                cells.append(repeated.setdefault(value, value))
            else:
                cells.append(value)
        else:
            cells.append(_cell(value))
    while cells and cells[-1] is None:
        cells.pop()
    if not cells:
        return _EMPTY_ROW
    return padding + tuple(cells) if padding else tuple(cells)


def _cell(value: object) -> CellValue:
    """A non-text cell as one of the ``CellValue`` types."""
    if type(value) is float:
        if value.is_integer() and abs(value) < _EXACT_FLOAT_LIMIT:
            return int(value)
        return value
    if isinstance(value, int | date):  # also bool and datetime
        return value
    if isinstance(value, time | timedelta):
        return str(value)
    return None


# --- CSV --------------------------------------------------------------------------------------------------


def _read_csv(path: Path, *, file_name: str) -> Sheet:
    encoding = _csv_encoding(path, file_name=file_name)
    with path.open("r", encoding=encoding, newline="") as text:
        delimiter = _csv_delimiter(text.read(_SNIFF_BYTES * 8), file_name=file_name)
        text.seek(0)
        compose = encoding == "cp1258"
        reader = csv.reader(text, delimiter=delimiter)
        try:
            rows = [_csv_row(record, compose=compose) for record in reader]
        except csv.Error:
            raise ApplicationError(
                _(
                    "“%(name)s” cannot be read as a CSV file (near line %(line)d). Save it again as "
                    "“CSV UTF-8” and upload the new copy."
                )
                % {"name": file_name, "line": reader.line_num},
                code="damaged_file",
            ) from None
    return Sheet(name=Path(file_name).stem or file_name, rows=rows)


def _csv_row(record: list[str], *, compose: bool) -> Row:
    cells: list[CellValue] = [
        (unicodedata.normalize("NFC", value) if compose else value) if value and not value.isspace() else None
        for value in record
    ]
    while cells and cells[-1] is None:
        cells.pop()
    return tuple(cells) if cells else _EMPTY_ROW


def _csv_encoding(path: Path, *, file_name: str) -> str:
    """The encoding of a CSV file: a byte-order mark decides; else the first that decodes the whole file.

    UTF-8 first (what current software writes), then Windows-1258 (Vietnamese Windows), then
    Windows-1252. Windows-1258 decodes almost any bytes, so it is taken only when it reads as Vietnamese:
    it writes tones as separate marks after the vowel, so Vietnamese text has marks and each attaches to
    its vowel. Text in a legacy Vietnamese font (TCVN3, VNI) saved as CSV has no marks, or "marks" after
    consonants; it is read as Windows-1252, as Excel shows it, which is what the legacy conversion
    expects.
    """
    with path.open("rb") as handle:
        head = handle.read(4)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if _decodes_cleanly(path, "utf-8"):
        return "utf-8"
    if _reads_as_vietnamese_cp1258(path):
        return "cp1258"
    if _decodes_cleanly(path, "cp1252"):
        return "cp1252"
    raise ApplicationError(
        _("“%(name)s” is a text file in an unknown encoding. Save it as “CSV UTF-8” and upload it again.")
        % {"name": file_name},
        code="unknown_encoding",
    )


def _decodes_cleanly(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        for chunk in _chunks(path):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _reads_as_vietnamese_cp1258(path: Path) -> bool:
    has_marks = False
    carried = ""  # the last letter of the previous chunk, with its marks: the next chunk may add one
    for chunk in _chunks(path):
        try:
            text = carried + chunk.decode("cp1258")  # one byte per character: chunks split cleanly
        except UnicodeDecodeError:
            return False
        has_marks = has_marks or _COMBINING_MARK.search(text) is not None
        if _has_loose_marks(text):
            return False
        carried = _last_cluster(text)
    return has_marks


def _last_cluster(text: str) -> str:
    start = len(text)
    while start > 0 and unicodedata.combining(text[start - 1]):
        start -= 1
    return text[max(start - 1, 0) :]


# Windows-1258 has five tone marks; other combining marks never come out of it.
_COMBINING_MARK = re.compile("[\u0300-\u036f]")


def _has_loose_marks(text: str) -> bool:
    """Whether a mark is left over once the text is composed: one that follows no vowel."""
    return _COMBINING_MARK.search(unicodedata.normalize("NFC", text)) is not None


def _chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK_BYTES):
            yield chunk


def _csv_delimiter(sample: str, *, file_name: str) -> str:
    # Cut at the last line break so the sniffer does not see half a record.
    cut = sample.rfind("\n")
    sample = sample[: cut + 1] if cut > 0 else sample
    try:
        return csv.Sniffer().sniff(sample, delimiters=_CSV_DELIMITERS).delimiter
    except csv.Error:
        pass
    # The sniffer gives up on irregular files (title lines above the table); the delimiter that occurs
    # most often is then the best guess, a comma when none occurs.
    counts = {delimiter: sample.count(delimiter) for delimiter in _CSV_DELIMITERS}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    if counts[best]:
        return best
    if _extension(file_name) in {"tsv", "tab"}:
        return "\t"
    return ","
