import unicodedata

import pytest

from hoanhap.core.text import fold, normalize_name, search_terms


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Bắc Sơn", "bac son"),
        ("Đắk Lắk", "dak lak"),
        ("  Nguyễn   Thị  Ánh ", "nguyen thi anh"),
        ("Phường Đông Kinh", "phuong dong kinh"),
        ("HÒA BÌNH", "hoa binh"),
        ("Ngô Thị Ửng", "ngo thi ung"),
        ("Phan Văn Trị", "phan van tri"),
        ("Y Blúp Niê", "y blup nie"),
        ("plain ASCII", "plain ascii"),
        ("Ḿbow", "mbow"),  # a precomposed letter outside Vietnamese
        ("Zoë \u0930\u094d", "zoe \u0930"),  # a combining mark outside the Latin block is removed too
    ],
)
def test_fold_removes_diacritics_case_and_extra_spaces(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_is_the_same_for_composed_and_decomposed_input() -> None:
    composed = "Lạng Sơn"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    assert fold(composed) == fold(decomposed) == "lang son"


def test_normalize_name_returns_nfc_with_single_spaces() -> None:
    decomposed = unicodedata.normalize("NFD", " Hoàng  Văn Sơn ")
    assert normalize_name(decomposed) == "Hoàng Văn Sơn"
    assert unicodedata.is_normalized("NFC", normalize_name(decomposed))


def test_search_terms_are_folded_words() -> None:
    assert search_terms("Bắc  SƠN") == ["bac", "son"]
    assert search_terms("   ") == []
