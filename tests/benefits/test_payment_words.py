"""Sums in Vietnamese words, as finance documents write them under the figures."""

from __future__ import annotations

import pytest

from hoanhap.benefits.words import dong_in_words, number_in_words


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "không"),
        (5, "năm"),
        (10, "mười"),
        (15, "mười lăm"),
        (14, "mười bốn"),
        (21, "hai mươi mốt"),
        (24, "hai mươi tư"),
        (25, "hai mươi lăm"),
        (100, "một trăm"),
        (105, "một trăm linh năm"),
        (110, "một trăm mười"),
        (1_001, "một nghìn không trăm linh một"),
        (305_000, "ba trăm linh năm nghìn"),
        (500_000, "năm trăm nghìn"),
        (750_000, "bảy trăm năm mươi nghìn"),
        (1_005_000, "một triệu không trăm linh năm nghìn"),
        (2_014_000, "hai triệu không trăm mười bốn nghìn"),
        (1_000_500, "một triệu năm trăm"),
        (20_000_000, "hai mươi triệu"),
        (1_000_000_005, "một tỷ không trăm linh năm"),
        (1_000_000_000_000, "một nghìn tỷ"),
        (-750_000, "âm bảy trăm năm mươi nghìn"),
    ],
)
def test_numbers_read_as_in_finance_documents(number: int, words: str) -> None:
    assert number_in_words(number) == words


def test_a_sum_in_words_starts_with_a_capital_and_ends_with_dong() -> None:
    assert dong_in_words(500_000) == "Năm trăm nghìn đồng"
    assert dong_in_words(3_000_000) == "Ba triệu đồng"
