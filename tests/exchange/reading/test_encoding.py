import shutil
import subprocess
import unicodedata

import pytest

from hoanhap.exchange.reading import encoding
from hoanhap.exchange.reading.encoding import (
    TCVN3,
    TCVN3_TO_UNICODE,
    VNI,
    VNI_TO_UNICODE,
    decode_legacy,
    detect_legacy_encoding,
    is_vietnamese_syllable,
    prevailing_encoding,
    to_unicode,
)

TONES = ("\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
VOWELS = ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")
# The 67 precomposed lower-case letters: every vowel with every tone, the six modified vowels, đ.
LOWER = sorted(
    {unicodedata.normalize("NFC", vowel + tone) for vowel in VOWELS for tone in ("", *TONES)} - set("aeiouy")
    | {"đ"}
)
UPPER = [letter.upper() for letter in LOWER]
TCVN3_OWN_CAPITALS = set("ĂÂÊÔƠƯĐ")


def test_tcvn3_has_one_code_per_lower_case_letter_and_per_capital_it_encodes() -> None:
    assert len(LOWER) == 67
    assert sorted(TCVN3_TO_UNICODE.values()) == sorted([*LOWER, *TCVN3_OWN_CAPITALS])
    assert all(len(code) == 1 and code.encode("latin-1") >= b"\xa1" for code in TCVN3_TO_UNICODE)


def test_vni_has_one_code_per_letter_of_either_case() -> None:
    assert sorted(VNI_TO_UNICODE.values()) == sorted(LOWER + UPPER)
    assert len(VNI_TO_UNICODE) == 134


def _encode(text: str, table: dict[str, str]) -> str:
    inverse = {letter: code for code, letter in table.items()}
    return "".join(inverse.get(ch, inverse.get(ch.lower(), ch)) for ch in text)


def test_vni_round_trip_gives_back_every_letter() -> None:
    alphabet = " ".join(LOWER + UPPER)
    assert decode_legacy(_encode(alphabet, dict(VNI_TO_UNICODE)), encoding=VNI) == alphabet


def test_tcvn3_round_trip_gives_back_lower_case_and_the_seven_capitals_it_has() -> None:
    for letter in LOWER + UPPER:
        decoded = decode_legacy(_encode(letter, dict(TCVN3_TO_UNICODE)), encoding=TCVN3)
        # A capital with a tone has no code: .VnTimeH shows the lower-case code as a capital.
        assert decoded == (letter if letter in TCVN3_OWN_CAPITALS else letter.lower())


def test_tcvn3_capitals_come_back_in_words_typed_in_capitals() -> None:
    word = "ĐƯỜNG QUỐC LỘ"
    legacy = _encode(word, dict(TCVN3_TO_UNICODE))
    assert legacy != word
    assert decode_legacy(legacy, encoding=TCVN3) == word


def test_tcvn3_codes_agree_with_the_iconv_tcvn5712_table() -> None:
    iconv = shutil.which("iconv")
    if iconv is None:
        pytest.skip("iconv is not installed, so the independent TCVN 5712 table is not available")
    codes = list(TCVN3_TO_UNICODE)
    result = subprocess.run(
        [iconv, "-f", "TCVN5712-1", "-t", "UTF-8"],
        input=b"\n".join(code.encode("latin-1") for code in codes),
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.skip("this iconv has no TCVN5712-1 converter")
    assert result.stdout.decode("utf-8").split("\n") == [TCVN3_TO_UNICODE[code] for code in codes]


@pytest.mark.parametrize(
    ("legacy", "unicode", "encoding_name"),
    [
        ("NguyÔn V¨n Hïng", "Nguyễn Văn Hùng", TCVN3),
        ("Nguyeãn Vaên Huøng", "Nguyễn Văn Hùng", VNI),
        ("Hoµng V¨n Th¾ng", "Hoàng Văn Thắng", TCVN3),
        ("Hoaøng Vaên Thaéng", "Hoàng Văn Thắng", VNI),
        ("L\xad¬ng ThÞ Ph\xadîng", "Lương Thị Phượng", TCVN3),
        ("Löông Thò Phöôïng", "Lương Thị Phượng", VNI),
        ("N«ng §øc M¹nh", "Nông Đức Mạnh", TCVN3),
        ("Noâng Ñöùc Maïnh", "Nông Đức Mạnh", VNI),
        ("Y Hl¬n", "Y Hlơn", TCVN3),
        ("A Thuùt", "A Thút", VNI),
        ("M\xadêng Kh\xad¬ng", "Mường Khương", TCVN3),
        ("Th«n Khßn Phµy, x· Hoµng §ång", "Thôn Khòn Phày, xã Hoàng Đồng", TCVN3),
        ("Khuyeát taät vaän ñoäng", "Khuyết tật vận động", VNI),
        ("§Æc biÖt nÆng", "Đặc biệt nặng", TCVN3),
        ("N÷", "Nữ", TCVN3),
        ("Nöõ", "Nữ", VNI),
        ("Tµy", "Tày", TCVN3),
        ("Nuøng", "Nùng", VNI),
        ("NGUYEÃN VAÊN HUØNG", "NGUYỄN VĂN HÙNG", VNI),
        # .VnTimeH: capitals typed with the lower-case codes, with or without TCVN3's own capitals.
        ("NGUYÔN V¡N HïNG", "NGUYỄN VĂN HÙNG", TCVN3),
        ("DANH S¸CH NG\xadêI KHUYÕT TËT X· B¾C S¥N", "DANH SÁCH NGƯỜI KHUYẾT TẬT XÃ BẮC SƠN", TCVN3),
        ("Hä vµ tªn: HOµNG V¡N TH¾NG", "Họ và tên: HOÀNG VĂN THẮNG", TCVN3),
    ],
)
def test_legacy_text_is_converted(legacy: str, unicode: str, encoding_name: str) -> None:
    assert detect_legacy_encoding(legacy) == encoding_name
    assert to_unicode(legacy) == unicode


def test_tcvn3_typed_in_small_letters_in_the_capitals_font_stays_in_small_letters() -> None:
    # Nothing in the text says the font was .VnTimeH.
    assert to_unicode("nguyÔn v¨n hïng") == "nguyễn văn hùng"


@pytest.mark.parametrize(
    "text",
    [
        # Unicode Vietnamese, including words made of Latin-1 letters only.
        "Hoàng Văn Thắng",
        "Lương Thị Phượng",
        "Tày",
        "Nùng",
        "Mông",
        "Lò Mì",
        "Chu Minh Phúc",
        "Hoà",
        "Khoá",
        "ÔNG",
        "LÔ LÔ",
        "HOÀ",
        "Chú ý",
        "ĐBN",
        # ASCII: codes, marks, English.
        "CCCD",
        "x",
        "Resume",
        "Dao",
        # Symbols and typography.
        "© 2010",
        "½",
        "1½ kg",
        "25°C",
        "“Nam”",
        "‘x’",
        "2 × 3",
        "±5",
        "ABC®",
        "100 €",
        "ü",
        # French, German, Spanish.
        "Café",
        "Hélène à Paris",
        "Ça va",
        "Crème brûlée",
        "Noël",
        "naïve",
        "Müller",
        "Übung",
        "Björk",
        "Señor García",
    ],
)
def test_text_that_is_not_legacy_comes_back_unchanged(text: str) -> None:
    assert detect_legacy_encoding(text) is None
    assert to_unicode(text) == text


def test_decomposed_text_comes_back_composed() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Thủy, Đắk Tô")
    result = to_unicode(decomposed)
    assert result == "Nguyễn Thị Thủy, Đắk Tô"
    assert unicodedata.is_normalized("NFC", result)


def test_base_letters_with_combining_tones_come_back_composed() -> None:
    # Windows-1258 style: precomposed vowel, separate tone mark.
    assert to_unicode("Tha\u0306\u0301ng Ho\u00e2\u0300ng") == "Thắng Hoầng"


def test_each_cell_of_a_mixed_row_is_decided_on_its_own() -> None:
    row = ["DANH SÁCH NGƯỜI KHUYẾT TẬT", "Hoµng V¨n Th¾ng", "Löông Thò Phöôïng", "1985", "Tày", "x"]
    assert [to_unicode(cell) for cell in row] == [
        "DANH SÁCH NGƯỜI KHUYẾT TẬT",
        "Hoàng Văn Thắng",
        "Lương Thị Phượng",
        "1985",
        "Tày",
        "x",
    ]


def test_a_cell_with_a_unicode_only_letter_is_never_converted() -> None:
    # "ư" cannot come from either legacy encoding, so the "¸" stays as typed.
    assert to_unicode("Người ¸") == "Người ¸"


def test_a_cell_that_reads_well_both_ways_is_settled_by_the_column_encoding() -> None:
    column = ["Hoµng V¨n Th¾ng", "N«ng §øc M¹nh", "Léc V¨n Phóc", "Léc ThÞ Mai", "Léc Phóc"]
    # "Léc Phóc" is two valid syllables as it stands, and "Lộc Phúc" in TCVN3.
    assert to_unicode("Léc Phóc") == "Léc Phóc"
    assert prevailing_encoding(column) == TCVN3
    assert to_unicode("Léc Phóc", prefer=TCVN3) == "Lộc Phúc"


def test_a_preference_never_makes_a_word_worse_or_touches_unicode() -> None:
    assert to_unicode("Müller", prefer=TCVN3) == "Müller"
    assert to_unicode("© 2010", prefer=TCVN3) == "© 2010"
    assert to_unicode("Lương Thị Phượng", prefer=VNI) == "Lương Thị Phượng"
    assert to_unicode("Y Hlôn", prefer=VNI) == "Y Hlơn"


def test_a_unicode_column_gets_no_preference() -> None:
    column = ["Hoàng Văn Thắng", "Lương Thị Phượng", "Nông Đức Mạnh", "Léc ThÞ Mai"]
    assert prevailing_encoding(column) is None
    assert prevailing_encoding(["Kinh", "Nam", "1985"]) is None


def test_converting_twice_changes_nothing_more() -> None:
    for legacy in ("Hoµng V¨n Th¾ng", "Nïng", "Tµy", "Taøy", "NGUYÔN V¡N HïNG", "Nöõ"):
        once = to_unicode(legacy)
        assert to_unicode(once) == once


def test_ascii_and_unicode_cells_take_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    def slow_path(*args: object) -> None:
        raise AssertionError("the word-by-word comparison ran")

    monkeypatch.setattr(encoding, "_decide", slow_path)
    assert to_unicode("Nguyen Van A 0912345678") == "Nguyen Van A 0912345678"
    assert to_unicode("Hoàng Văn Thắng") == "Hoàng Văn Thắng"
    assert detect_legacy_encoding("Lương Thị Phượng") is None


def test_an_unknown_encoding_is_refused() -> None:
    with pytest.raises(ValueError, match="viqr"):
        decode_legacy("Nguye^~n", encoding="viqr")


@pytest.mark.parametrize(
    "word", ["nghiêng", "Quỳnh", "khuyên", "giữ", "gìn", "được", "ốc", "ách", "Thuỷ", "HOÀNG", "yêu", "oai"]
)
def test_vietnamese_syllables_are_recognised(word: str) -> None:
    assert is_vietnamese_syllable(word)


@pytest.mark.parametrize(
    "word",
    [
        "ing",  # -ng never follows i
        "êng",
        "ă",  # ă and â need a final consonant
        "tỳc",  # a stop final takes only the sắc or nặng tone
        "hoàngg",
        "nguyôn",
        "cafe",
        "ñu",
        "thuýả",  # two tones
    ],
)
def test_non_syllables_are_refused(word: str) -> None:
    assert not is_vietnamese_syllable(word)
