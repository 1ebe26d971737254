"""Recognising header labels: the communes' wordings, the groups of a two-row header, the proposed mapping."""

import pytest

from hoanhap.exchange.reading import fields as f
from hoanhap.exchange.reading.headers import (
    Heading,
    field_for_heading,
    field_for_label,
    is_usable,
    label_key,
    propose_mapping,
)

WORDINGS = [
    (f.SEQUENCE, ["STT", "TT", "Số TT"]),
    (f.FULL_NAME, ["Họ và tên", "Họ tên", "Họ và tên NKT", "Tên người khuyết tật", "HỌ VÀ TÊN"]),
    (f.BIRTH, ["Ngày tháng năm sinh", "Ngày sinh", "Năm sinh", "Ngày, tháng, năm sinh"]),
    (f.SEX, ["Giới tính", "Giới"]),
    (f.ETHNICITY, ["Dân tộc"]),
    (f.CCCD, ["Số CCCD/CMND", "Số CCCD", "CMND/CCCD", "Số định danh cá nhân", "Căn cước công dân"]),
    (f.VILLAGE, ["Thôn", "Thôn, bản", "Thôn/ tổ dân phố", "Tổ dân phố", "Xóm", "Bản", "Ấp"]),
    (f.ADDRESS, ["Địa chỉ", "Nơi ở", "Nơi cư trú", "Hộ khẩu thường trú"]),
    (f.PHONE, ["Số điện thoại", "SĐT", "Điện thoại"]),
    (f.DISABILITY_TYPES, ["Dạng tật", "Dạng khuyết tật", "Loại khuyết tật"]),
    (f.type_mark("mobility"), ["Vận động"]),
    (f.type_mark("hearing_speech"), ["Nghe, nói"]),
    (f.type_mark("vision"), ["Nhìn"]),
    (f.type_mark("psychosocial"), ["Thần kinh, tâm thần"]),
    (f.type_mark("intellectual"), ["Trí tuệ"]),
    (f.SEVERITY, ["Mức độ KT", "Mức độ khuyết tật", "Mức độ"]),
    (f.severity_mark("particularly_severe"), ["Đặc biệt nặng"]),
    (f.severity_mark("severe"), ["Nặng"]),
    (f.severity_mark("mild"), ["Nhẹ"]),
    (f.HOUSEHOLD, ["Hộ nghèo, cận nghèo", "Hộ nghèo/ Hộ cận nghèo"]),
    (f.household_mark("poor"), ["Hộ nghèo"]),
    (f.household_mark("near_poor"), ["Hộ cận nghèo"]),
    (f.SPECIAL_GROUPS, ["Đối tượng", "Diện đối tượng"]),
    (f.CARER_NAME, ["Người chăm sóc", "Người giám hộ", "Họ tên người chăm sóc"]),
    (f.CARER_RELATION, ["Quan hệ", "Quan hệ với NKT"]),
    (f.CERTIFICATE_NUMBER, ["Số giấy xác nhận", "Số GXN KT", "Giấy xác nhận khuyết tật số"]),
    (f.CERTIFICATE_DATE, ["Ngày cấp"]),
    (f.DETERMINATION_DATE, ["Ngày xác định", "Ngày họp Hội đồng"]),
    (f.NOTES, ["Ghi chú"]),
]


@pytest.mark.parametrize(
    ("label", "field"), [(label, field) for field, labels in WORDINGS for label in labels]
)
def test_the_communes_wordings_name_their_field(label: str, field: str) -> None:
    assert field_for_label(label) == field


@pytest.mark.parametrize(
    "label", ["Họ và tên\n(2)", "(2) Họ và tên", "Họ và tên (*)", "Họ và\ntên:", "  HỌ  VÀ  TÊN  "]
)
def test_column_numbers_line_breaks_and_remarks_do_not_change_the_field(label: str) -> None:
    assert field_for_label(label) == f.FULL_NAME


def test_a_column_number_alone_names_no_field() -> None:
    assert label_key("(5)") == ""
    assert field_for_label("(5)") == f.IGNORE


def test_a_label_in_a_legacy_font_is_recognised() -> None:
    assert field_for_label("Hä vµ tªn") == f.FULL_NAME  # "Họ và tên" typed with .VnTime
    assert field_for_label("N¨m sinh") == f.BIRTH


@pytest.mark.parametrize(
    "label", ["Ngày cấp CCCD", "Nơi cấp", "Quan hệ với chủ hộ", "Khác", "Nghề nghiệp", "Tên"]
)
def test_labels_that_only_resemble_a_field_are_not_imported(label: str) -> None:
    assert field_for_label(label) == f.IGNORE


def test_nam_and_nu_under_the_birth_header_give_the_birth_date_and_the_sex() -> None:
    assert field_for_heading(Heading("Nam", parent="Ngày tháng năm sinh")) == f.BIRTH_MALE
    assert field_for_heading(Heading("Nữ", parent="Năm sinh")) == f.BIRTH_FEMALE


def test_nam_and_nu_under_the_sex_header_are_sex_marks() -> None:
    assert field_for_heading(Heading("Nam", parent="Giới tính")) == f.sex_mark("male")
    assert field_for_heading(Heading("Nữ", parent="Giới tính")) == f.sex_mark("female")


def test_the_type_and_severity_columns_under_their_group_are_marks() -> None:
    assert field_for_heading(Heading("Vận động", parent="Dạng tật")) == f.type_mark("mobility")
    assert field_for_heading(Heading("Khác", parent="Dạng khuyết tật")) == f.type_mark("other")
    assert field_for_heading(Heading("Nặng", parent="Mức độ")) == f.severity_mark("severe")


def test_the_carers_sub_columns_never_become_the_persons() -> None:
    assert field_for_heading(Heading("Họ và tên", parent="Người chăm sóc")) == f.CARER_NAME
    assert field_for_heading(Heading("Quan hệ", parent="Người chăm sóc")) == f.CARER_RELATION
    assert field_for_heading(Heading("Năm sinh", parent="Người chăm sóc")) == f.IGNORE
    assert field_for_heading(Heading("Số điện thoại", parent="Người giám hộ")) == f.IGNORE


def test_the_certificate_and_cccd_groups_read_number_and_date() -> None:
    assert field_for_heading(Heading("Số", parent="Giấy xác nhận khuyết tật")) == f.CERTIFICATE_NUMBER
    assert field_for_heading(Heading("Ngày cấp", parent="Giấy xác nhận khuyết tật")) == f.CERTIFICATE_DATE
    assert field_for_heading(Heading("Số", parent="CCCD")) == f.CCCD
    assert field_for_heading(Heading("Ngày cấp", parent="CCCD")) == f.IGNORE


def test_poor_and_near_poor_under_a_household_header_are_marks() -> None:
    assert field_for_heading(Heading("Nghèo", parent="Hộ")) == f.household_mark("poor")
    assert field_for_heading(Heading("Cận nghèo", parent="Hộ gia đình")) == f.household_mark("near_poor")


def test_under_an_unknown_parent_a_column_keeps_its_own_meaning() -> None:
    assert field_for_heading(Heading("Thôn", parent="Nơi cư trú")) == f.VILLAGE
    assert field_for_heading(Heading("Họ và tên", parent="Thông tin người khuyết tật")) == f.FULL_NAME
    assert field_for_heading(Heading("Xã", parent="Nơi cư trú")) == f.IGNORE


def test_a_heading_shows_parent_and_own_label_on_one_line() -> None:
    assert Heading("Nam", parent="Ngày tháng\nnăm sinh").label == "Ngày tháng năm sinh / Nam"
    assert Heading("Dân tộc").label == "Dân tộc"


def test_the_mapping_gives_each_field_to_the_leftmost_column_and_keeps_unknown_labels() -> None:
    headings = [Heading("Họ và tên"), Heading("Nghề nghiệp"), Heading("Năm sinh"), Heading("Họ tên")]
    assert propose_mapping(headings) == (f.FULL_NAME, f.IGNORE, f.BIRTH, f.IGNORE)
    assert headings[1].label == "Nghề nghiệp"


def test_nam_nu_alone_are_the_birth_columns_when_there_is_no_other() -> None:
    headings = [Heading("Họ và tên"), Heading("Nam"), Heading("Nữ")]
    assert propose_mapping(headings) == (f.FULL_NAME, f.BIRTH_MALE, f.BIRTH_FEMALE)


def test_nam_nu_alone_are_sex_marks_next_to_a_birth_column() -> None:
    headings = [Heading("Họ và tên"), Heading("Năm sinh"), Heading("Nam"), Heading("Nữ")]
    assert propose_mapping(headings) == (f.FULL_NAME, f.BIRTH, f.sex_mark("male"), f.sex_mark("female"))


def test_a_birth_date_split_in_day_month_year_is_read_from_its_year() -> None:
    parent = "Ngày tháng năm sinh"
    headings = [
        Heading("Họ và tên"),
        Heading("Ngày", parent),
        Heading("Tháng", parent),
        Heading("Năm", parent),
    ]
    assert propose_mapping(headings) == (f.FULL_NAME, f.IGNORE, f.IGNORE, f.BIRTH)


def test_a_mapping_is_usable_with_a_name_and_any_birth_column() -> None:
    assert is_usable((f.FULL_NAME, f.BIRTH_FEMALE))
    assert not is_usable((f.FULL_NAME, f.SEX, f.VILLAGE))
    assert not is_usable((f.SEQUENCE, f.BIRTH))
