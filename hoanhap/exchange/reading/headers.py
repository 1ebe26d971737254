"""Recognising the column headers of a commune's list: which field of ``fields`` each column holds.

Labels are compared by their *key*: legacy fonts converted to Unicode, folded (lower case, no diacritics,
đ → d), parenthesised remarks dropped ("Họ và tên (2)", "Số điện thoại (nếu có)") and punctuation turned
into spaces, so "Ngày, tháng, năm sinh", "NGÀY THÁNG NĂM SINH" and "Ngày tháng\\nnăm sinh" are one key.
Folding merges words that differ only by their accents ("Nam" male and "Năm" year, "Tổ" and "Tô"); the
patterns are written so that this cannot change which field a label names.

A header is one or two rows. In a two-row header a column has a *parent* label (merged over several
columns in the upper row) and its own label below; some parents open a group whose sub-columns mean
something only under it: "Nam" / "Nữ" under "Ngày tháng năm sinh" hold the birth date and give the sex,
the six type columns under "Dạng tật" and the three severity columns under "Mức độ" hold marks,
"Họ tên" under "Người chăm sóc" is the carer's name, not the person's.

"Nam" / "Nữ" without a parent: a list either writes the birth date under the sex column (the birth
header lost or never written) or marks the sex with an "x" and has a birth column of its own. The
header decides: with another birth column in the header the pair are sex marks, without one they are
the birth columns (a list without a birth date cannot be imported anyway).

Patterns are matched against the whole key and tried in order; the order settles overlaps ("Họ tên người
chăm sóc" is the carer's name before it is a name, "Ngày cấp CCCD" is nobody's certificate date).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from hoanhap.assessments.models import DisabilityType, Severity
from hoanhap.core.text import fold
from hoanhap.exchange.reading import fields as f
from hoanhap.exchange.reading.encoding import to_unicode
from hoanhap.people.models import Household, Sex


@dataclass(frozen=True, slots=True)
class Heading:
    """The header of one column: its own label and, in a two-row header, the label merged above it."""

    text: str
    parent: str = ""

    @property
    def label(self) -> str:
        """The heading as shown to the user: "Ngày tháng năm sinh / Nam"."""
        own, parent = _display(self.text), _display(self.parent)
        if parent and own:
            return f"{parent} / {own}"
        return parent or own


def _display(text: str) -> str:
    return " ".join(text.split())


def text_key(text: str) -> str:
    """``text`` converted from a legacy font if need be, then folded: what the recognisers compare.

    Legacy text is converted here only to be recognised; the cell values themselves are converted later,
    by the value parsers.
    """
    return fold(to_unicode(text))


_PARENTHESISED = re.compile(r"\([^()]*\)")
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def label_key(text: str) -> str:
    """The key a header label is recognised by: folded, without remarks in parentheses or punctuation."""
    folded = text_key(text)
    without_remarks = _PARENTHESISED.sub(" ", folded)
    # "(Nam)" alone: the parentheses are the label, not a remark on it.
    key = _NOT_WORD.sub(" ", without_remarks if without_remarks.strip() else folded).strip()
    return "" if key.isdigit() else key  # a column number alone ("(5)", "5") names no field


def _rules(*pairs: tuple[str, str]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((field, re.compile(pattern)) for field, pattern in pairs)


_VILLAGE_WORD = r"(?:thon|xom|ban|ap|buon|lang|khom|soc|plei|khu pho|to dan pho|tdp|to|khu|khoi|dan pho)"
_BIRTH = r"(?:(?:ngay|thang) )*(?:nam )?sinh(?: (?:ngay|thang|nam))*(?: (?:cua )?(?:nkt|nguoi khuyet tat))?"
_NOT_A_FIELD = "not a field"  # matched first so that no later pattern claims the label

# One column's own label, in order: the first pattern matching the whole key names the field.
_LABEL_RULES = _rules(
    (_NOT_A_FIELD, r"(?:ngay|noi) cap (?:so )?(?:cccd|cmnd|cmt|can cuoc|chung minh|dinh danh|the).*"),
    (_NOT_A_FIELD, r"noi cap.*|quan he (?:voi )?chu ho"),
    (f.SEQUENCE, r"s?tt|so tt|so thu tu|thu tu"),
    (f.CARER_RELATION, r"(?:moi )?quan he(?: .*)?"),
    (
        f.CARER_NAME,
        r"(?:(?:ho )?(?:va )?ten )?nguoi (?:cham soc|giam ho|nuoi duong|truc tiep cham soc|dai dien)(?: .*)?",
    ),
    (f.FULL_NAME, r"ho (?:va )?ten(?: (?:nguoi khuyet tat|nkt|doi tuong|khai sinh|nguoi duoc .*))?"),
    (f.FULL_NAME, r"ten (?:nguoi khuyet tat|nkt|doi tuong)"),
    (f.BIRTH, rf"{_BIRTH}|sinh ngay(?: thang nam)?"),
    (f.SEX, r"gioi tinh|gioi|nam nu|nam hoac nu|phai"),
    (f.BIRTH_MALE, r"nam"),  # see the module docstring: a pair alone may become sex marks
    (f.BIRTH_FEMALE, r"nu"),
    (f.ETHNICITY, r"dan toc(?: .*)?"),
    (f.PHONE, r"(?:so )?dien thoai(?: .*)?|so dt(?: .*)?|sdt(?: .*)?|dtdd|di dong"),
    (
        f.CCCD,
        r"(?:so )?(?:the )?(?:cccd|cmnd|cmt|can cuoc|chung minh|ma dinh danh|dinh danh|so dinh danh)(?: .*)?",
    ),
    (f.VILLAGE, rf"(?:ten )?{_VILLAGE_WORD}(?: {_VILLAGE_WORD})*"),
    (f.ADDRESS, r"(?:dia chi|noi o|noi cu tru|cho o|ho khau|noi thuong tru|thuong tru|tru quan)(?: .*)?"),
    (f.DISABILITY_TYPES, r"(?:dang|loai) (?:khuyet )?tat(?: .*)?|khuyet tat dang"),
    (f.SEVERITY, r"muc do(?: .*)?"),
    (f.type_mark(DisabilityType.MOBILITY), r"(?:khuyet tat |kt )?van dong"),
    (f.type_mark(DisabilityType.HEARING_SPEECH), r"(?:khuyet tat |kt )?nghe noi"),
    (f.type_mark(DisabilityType.VISION), r"(?:khuyet tat |kt )?nhin"),
    (
        f.type_mark(DisabilityType.PSYCHOSOCIAL),
        r"(?:khuyet tat |kt )?(?:than kinh tam than|than kinh|tam than)",
    ),
    (f.type_mark(DisabilityType.INTELLECTUAL), r"(?:khuyet tat |kt )?tri tue"),
    (f.severity_mark(Severity.PARTICULARLY_SEVERE), r"(?:khuyet tat )?dac biet nang|dbn"),
    (f.severity_mark(Severity.SEVERE), r"(?:khuyet tat )?nang"),
    (f.severity_mark(Severity.MILD), r"(?:khuyet tat )?nhe"),
    (f.HOUSEHOLD, r"(?:ho )?ngheo (?:hoac |va )?(?:ho )?can ngheo|phan loai ho(?: .*)?|thuoc ho(?: .*)?"),
    (f.household_mark(Household.POOR), r"(?:ho )?ngheo"),
    (f.household_mark(Household.NEAR_POOR), r"(?:ho )?can ngheo"),
    (f.SPECIAL_GROUPS, r"(?:dien |nhom |thuoc )?doi tuong(?: .*)?|dien chinh sach|thuoc dien(?: .*)?"),
    (f.CERTIFICATE_NUMBER, r"so (?:giay )?xac nhan(?: .*)?|so gxn(?: .*)?"),
    (f.CERTIFICATE_NUMBER, r"(?:giay xac nhan|gxn)(?: khuyet tat| kt)?(?: so)?"),
    (f.CERTIFICATE_DATE, r"ngay cap(?: .*)?"),
    (
        f.DETERMINATION_DATE,
        r"ngay (?:xac dinh|danh gia|hop)(?: .*)?|(?:thoi gian|thoi diem) xac dinh(?: .*)?",
    ),
    (f.NOTES, r"ghi chu(?: .*)?|chu thich"),
    # Service and attendance lists (after every person-list rule: these never change a person list).
    (f.FOLLOW_UP_ON, r"ngay (?:tai kham|theo doi|hen)(?: .*)?|hen tai kham"),
    (
        f.DELIVERED_ON,
        r"(?:ngay|thoi gian) (?:thuc hien|ho tro|nhan|trao|tang|kham|tham gia|to chuc|cap phat|giai ngan"
        r"|vay|tu van|tro giup|dieu tri|phau thuat|can thiep|huong)(?: .*)?",
    ),
    (f.COST, r"(?:kinh phi|chi phi|so tien|thanh tien|muc ho tro|gia tri|tien)(?: .*)?"),
    (f.FUNDING_SOURCE, r"nguon(?: kinh phi| von| tai tro| ho tro| chi)?(?: .*)?"),
    (f.OUTCOME, r"ket qua(?: .*)?"),
    (f.PARTICIPANT_KIND, r"thanh phan(?: .*)?|loai (?:doi tuong|hoc vien|dai bieu)|la nkt hay nguoi nha"),
    (f.POSITION, r"chuc vu(?: .*)?|chuc danh(?: .*)?"),
    (f.WORKPLACE, r"(?:don vi|co quan)(?: cong tac)?|noi (?:cong tac|lam viec)"),
    (
        f.CARED_FOR,
        r"nguoi (?:duoc cham soc|khuyet tat duoc cham soc)(?: .*)?|(?:la )?nguoi (?:nha|than) cua(?: .*)?"
        r"|(?:ten )?(?:nkt|nguoi khuyet tat) (?:duoc cham soc|cua gia dinh)(?: .*)?",
    ),
)

# The sub-columns that mean something under a group's parent; a sub-column these do not name is matched
# on its own label, except under the groups in _CLOSED_GROUPS.
_GROUP_RULES: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    f.BIRTH: _rules((f.BIRTH_MALE, r"nam"), (f.BIRTH_FEMALE, r"nu")),
    f.SEX: _rules((f.sex_mark(Sex.MALE), r"nam"), (f.sex_mark(Sex.FEMALE), r"nu")),
    f.DISABILITY_TYPES: _rules(
        (f.type_mark(DisabilityType.HEARING_SPEECH), r"nghe|noi"),
        (f.type_mark(DisabilityType.PSYCHOSOCIAL), r"than kinh|tam than"),
        (f.type_mark(DisabilityType.OTHER), r"khac|dang tat khac|khuyet tat khac"),
    ),
    f.HOUSEHOLD: _rules(
        (f.household_mark(Household.POOR), r"ngheo"),
        (f.household_mark(Household.NEAR_POOR), r"can ngheo"),
    ),
    f.CARER_NAME: _rules(
        (f.CARER_NAME, r"(?:ho )?(?:va )?ten"),
        (f.CARER_RELATION, r"(?:moi )?quan he(?: .*)?"),
    ),
    f.CERTIFICATE_NUMBER: _rules((f.CERTIFICATE_NUMBER, r"so"), (f.CERTIFICATE_DATE, r"ngay(?: cap)?")),
    f.CCCD: _rules((f.CCCD, r"so")),
}
# Under these parents only the group's own sub-columns count: the carer's phone or year of birth must not
# become the person's, the CCCD's issue date is no date of ours.
_CLOSED_GROUPS = frozenset((f.CARER_NAME, f.CERTIFICATE_NUMBER, f.CCCD))
# A parent such as "Hộ nghèo, cận nghèo" opens the household group, and so does a bare "Hộ" or "Hộ gia đình".
_HOUSEHOLD_PARENT = re.compile(r"ho|ho gia dinh|gia dinh thuoc ho|thuoc dien ho")


def field_for_label(label: str) -> str:
    """The field a column's own label names (``IGNORE`` when none), without regard to a parent label."""
    return _match(_LABEL_RULES, label_key(label))


def field_for_heading(heading: Heading) -> str:
    """The field a column's heading names, the parent label deciding what its own label means."""
    own = label_key(heading.text)
    parent = label_key(heading.parent)
    if not parent:
        return _match(_LABEL_RULES, own)
    if not own:
        return _match(_LABEL_RULES, parent)
    group = f.HOUSEHOLD if _HOUSEHOLD_PARENT.fullmatch(parent) else _match(_LABEL_RULES, parent)
    in_group = _match(_GROUP_RULES.get(group, ()), own)
    if in_group != f.IGNORE or group in _CLOSED_GROUPS:
        return in_group
    return _match(_LABEL_RULES, own)


def _match(rules: Sequence[tuple[str, re.Pattern[str]]], key: str) -> str:
    if key:
        for field, pattern in rules:
            if pattern.fullmatch(key):
                return f.IGNORE if field == _NOT_A_FIELD else field
    return f.IGNORE


_BIRTH_BY_SEX = {f.BIRTH_MALE: f.sex_mark(Sex.MALE), f.BIRTH_FEMALE: f.sex_mark(Sex.FEMALE)}


def propose_mapping(headings: Sequence[Heading]) -> tuple[str, ...]:
    """The field proposed for each column of a header, ``IGNORE`` for the columns no field fits.

    Each field goes to one column at most: the leftmost one naming it (a list's main columns come first;
    a second "Địa chỉ" or a repeated name column further right is left for the user to choose).
    """
    proposed = _year_of_split_birth_date([field_for_heading(heading) for heading in headings], headings)
    if f.BIRTH in proposed:
        # "Nam" / "Nữ" alone next to a birth column of their own mark the sex (module docstring).
        proposed = [
            _BIRTH_BY_SEX[field] if field in _BIRTH_BY_SEX and not _under_birth(heading) else field
            for field, heading in zip(proposed, headings, strict=True)
        ]
    taken: set[str] = set()
    mapping = []
    for field in proposed:
        if field in taken:
            field = f.IGNORE
        elif field != f.IGNORE:
            taken.add(field)
        mapping.append(field)
    return tuple(mapping)


def _year_of_split_birth_date(proposed: list[str], headings: Sequence[Heading]) -> list[str]:
    """ "Ngày sinh" over "Ngày | Tháng | Năm": the "Năm" there is the year, not "Nam" (male).

    The year column becomes the birth column (a year alone is a birth the import accepts); the day and
    month columns stay unmapped.
    """
    split_parents = {
        heading.parent
        for heading in headings
        if label_key(heading.text) in {"ngay", "thang"} and _under_birth(heading)
    }
    if not split_parents:
        return proposed
    return [
        f.BIRTH if field == f.BIRTH_MALE and heading.parent in split_parents else field
        for field, heading in zip(proposed, headings, strict=True)
    ]


def _under_birth(heading: Heading) -> bool:
    return bool(heading.parent) and _match(_LABEL_RULES, label_key(heading.parent)) == f.BIRTH


BIRTH_FIELDS = frozenset((f.BIRTH, f.BIRTH_MALE, f.BIRTH_FEMALE))


def is_usable(mapping: Sequence[str], *, require_birth: bool = True) -> bool:
    """Whether a mapping can be imported at all: it has a name column and, unless the list may do without
    (an attendance list of staff), a birth column."""
    if f.FULL_NAME not in mapping:
        return False
    return not require_birth or not BIRTH_FIELDS.isdisjoint(mapping)


def recognised_count(mapping: Sequence[str]) -> int:
    """How many columns a mapping recognises: the score of a candidate header."""
    return sum(1 for field in mapping if field != f.IGNORE)
