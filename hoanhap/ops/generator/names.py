"""Personal names by ethnic group, for generated test and demo data.

Basis: the naming conventions commonly described for each group and visible in public lists (exam
results, commune notices, news reports): which surnames are frequent, which middle names mark sex, and how
the parts are ordered. The syllables are combined at random, so the names are plausible and belong to no
real individual. The surname weights of the Kinh group follow the usual published estimates (Nguyễn about
a third, then Trần, Lê, Phạm …); the other lists are unweighted.

Four orders occur:

* ``SURNAME_FIRST``: surname, middle name, given name ("Hoàng Văn Pháo", "Giàng A Páo");
* ``PREFIXED``: in Ba Na, Xơ Đăng and Giẻ Triêng villages many people are known by "A" (men) or "Y"
  (women) and a given name ("A Thút", "Y Hương"); the others carry a Kinh-style surname ("Đinh Văn Ngọc");
* ``SURNAME_LAST``: Ê Đê names put "Y" (men) or "H'" (women) first and the lineage name last
  ("Y Blang Niê", "H'Hen Niê");
* ``SEX_PREFIX``: Mnông and Xtiêng men are often "Điểu …", women "Thị …" ("Điểu Lý", "Thị Bích").
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Order(Enum):
    SURNAME_FIRST = "surname_first"
    PREFIXED = "prefixed"
    SURNAME_LAST = "surname_last"
    SEX_PREFIX = "sex_prefix"


@dataclass(frozen=True)
class NameStyle:
    """The parts a name of one group is drawn from; ``surnames`` are (surname, weight) pairs."""

    surnames: tuple[tuple[str, int], ...]
    male_middles: tuple[str, ...]
    female_middles: tuple[str, ...]
    male_given: tuple[str, ...]
    female_given: tuple[str, ...]
    order: Order = Order.SURNAME_FIRST
    # For PREFIXED: the share of people named "A …"/"Y …" rather than with a surname.
    prefixed_share: float = 0.0
    # For PREFIXED, SURNAME_LAST and SEX_PREFIX: the prefix of men and women.
    male_prefix: str = ""
    female_prefix: str = ""


def _w(*names: str) -> tuple[tuple[str, int], ...]:
    return tuple((name, 1) for name in names)


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split(","))


KINH_MALE_GIVEN = _split(
    "An,Anh,Bảo,Bình,Cường,Chiến,Công,Dũng,Duy,Dương,Đạt,Đức,Giang,Hải,Hào,Hiếu,Hiệp,Hòa,Hoàng,Hùng,Huy,"
    "Hưng,Khải,Khánh,Khoa,Kiên,Lâm,Lộc,Lợi,Long,Mạnh,Minh,Nam,Nghĩa,Ngọc,Nhân,Phong,Phúc,Phương,Quang,"
    "Quân,Quý,Sơn,Tài,Tâm,Tân,Thái,Thắng,Thanh,Thành,Thịnh,Thông,Tiến,Toàn,Trung,Trường,Tuấn,Tùng,Việt,"
    "Vinh,Vũ,Xuân"
)
KINH_FEMALE_GIVEN = _split(
    "An,Anh,Ánh,Bích,Chi,Cúc,Dung,Duyên,Giang,Hà,Hạnh,Hằng,Hiền,Hoa,Hòa,Huệ,Hương,Hường,Huyền,Lan,Liên,"
    "Liễu,Linh,Loan,Lụa,Mai,My,Nga,Ngân,Ngọc,Nguyệt,Nhàn,Nhung,Oanh,Phương,Phượng,Quyên,Quỳnh,Sen,Tâm,"
    "Thảo,Thắm,Thanh,Thu,Thúy,Thủy,Thơm,Trang,Trinh,Tuyết,Uyên,Vân,Xuân,Yến"
)
KINH_MALE_MIDDLES = _split("Văn,Văn,Văn,Văn,Đức,Minh,Quang,Hữu,Công,Xuân,Thanh,Ngọc,Đình,Trọng")
KINH_FEMALE_MIDDLES = _split("Thị,Thị,Thị,Thị,Thị,Ngọc,Thu,Thanh,Kim,Minh,Hồng,Bích")

KINH = NameStyle(
    surnames=(
        ("Nguyễn", 380),
        ("Trần", 110),
        ("Lê", 95),
        ("Phạm", 70),
        ("Hoàng", 50),
        ("Huỳnh", 25),
        ("Phan", 45),
        ("Vũ", 30),
        ("Võ", 20),
        ("Đặng", 21),
        ("Bùi", 20),
        ("Đỗ", 14),
        ("Hồ", 13),
        ("Ngô", 13),
        ("Dương", 10),
        ("Lý", 5),
        ("Đinh", 8),
        ("Trịnh", 6),
        ("Mai", 5),
        ("Đào", 5),
        ("Lương", 4),
        ("Cao", 4),
    ),
    male_middles=KINH_MALE_MIDDLES,
    female_middles=KINH_FEMALE_MIDDLES,
    male_given=KINH_MALE_GIVEN,
    female_given=KINH_FEMALE_GIVEN,
)

# Tày and Nùng of Lạng Sơn and Cao Bằng: Văn/Thị middles, many Kinh given names beside local ones.
TAY_NUNG_MALE_GIVEN = (
    *KINH_MALE_GIVEN[:30],
    *_split("Pháo,Slằn,Chắn,Lìu,Sáng,Páo,Khoa,Thào,Nông,Pẻn,Sầm,Tiệp,Hảo,Vằn,Nhất,Quyết,Tằng"),
)
TAY_NUNG_FEMALE_GIVEN = (
    *KINH_FEMALE_GIVEN[:30],
    *_split("Lìu,Mẩy,Slao,Nhùng,Cắm,Phượng,Mến,Lả,Nhị,Pài,Sinh,Hoan,Nhung,Chiêm,Thoa,Ngần"),
)
TAY = NameStyle(
    surnames=(
        ("Hoàng", 20),
        ("Nông", 14),
        ("Lương", 10),
        ("Lăng", 6),
        ("Vi", 8),
        ("Hà", 6),
        ("Triệu", 5),
        ("Lộc", 6),
        ("Mông", 4),
        ("Hứa", 4),
        ("Ma", 3),
        ("Đàm", 3),
        ("Bế", 4),
        ("Nguyễn", 6),
    ),
    male_middles=_split("Văn,Văn,Văn,Văn,Đức,Thanh"),
    female_middles=_split("Thị,Thị,Thị,Thị,Thị,Thu"),
    male_given=TAY_NUNG_MALE_GIVEN,
    female_given=TAY_NUNG_FEMALE_GIVEN,
)
NUNG = NameStyle(
    surnames=(
        ("Hoàng", 18),
        ("Nông", 12),
        ("Lương", 8),
        ("Lăng", 6),
        ("Vi", 8),
        ("Lộc", 6),
        ("Mông", 4),
        ("Chu", 6),
        ("Hứa", 5),
        ("Lý", 5),
        ("Mã", 3),
        ("Triệu", 4),
        ("Hà", 3),
        ("Hoàng", 4),
    ),
    male_middles=_split("Văn,Văn,Văn,Văn,Đức"),
    female_middles=_split("Thị,Thị,Thị,Thị,Thị"),
    male_given=TAY_NUNG_MALE_GIVEN,
    female_given=TAY_NUNG_FEMALE_GIVEN,
)
# Dao: Triệu, Bàn, Đặng, Lý dominate; men often carry a generation name (Tài, Phúc, Kiềm, Quẩy).
DAO = NameStyle(
    surnames=(("Triệu", 30), ("Bàn", 25), ("Đặng", 20), ("Lý", 15), ("Phùng", 5), ("Chảo", 3), ("Tằng", 2)),
    male_middles=_split("Văn,Văn,Văn,Tài,Phúc,Kiềm,Quẩy,Vần"),
    female_middles=_split("Thị,Thị,Thị,Mùi,Thị"),
    male_given=_split("Kiềm,Lở,Quyết,Vượng,Sinh,Phin,Chàn,Sơn,Minh,Thành,Phú,Dung,Lìn,Sáng,Tiến,Hùng,Đạo"),
    female_given=_split("Mẩy,Nải,Pham,Slan,Chiêu,Mùi,Dung,Liên,Mai,Xuân,Hoa,Thanh,Nhất,Lan,Phấy"),
)
SAN_CHAY = NameStyle(
    surnames=_w("Hoàng", "Lâm", "Nịnh", "Trần", "Dương", "La", "Lục", "Đàm", "Lương", "Triệu"),
    male_middles=_split("Văn,Văn,Văn,Đức"),
    female_middles=_split("Thị,Thị,Thị"),
    male_given=(*KINH_MALE_GIVEN[:25], *_split("Sằn,Páo,Lìn,Sinh,Kháng")),
    female_given=(*KINH_FEMALE_GIVEN[:25], *_split("Mùi,Slao,Cắm,Phấn")),
)
HOA = NameStyle(
    surnames=_w("Lý", "Trần", "Hoàng", "Lưu", "Lâm", "Quách", "Chu", "Tăng", "Dương", "Mạc", "Diệp", "Châu"),
    male_middles=_split("Quốc,Văn,Kiến,Gia,Tú,Hữu,Chí"),
    female_middles=_split("Mỹ,Ngọc,Thị,Lệ,Tú,Bội"),
    male_given=_split("Phát,Cường,Minh,Hùng,Vinh,Kiện,Huy,Lợi,Tài,Vĩ,Kiệt,Hào,Sáng,Phú,Thành"),
    female_given=_split("Lệ,Linh,Mẫn,Phụng,Mỹ,Tuyết,Kiều,Trân,Vy,Hân,Hoa,Anh,Phương,Nghi"),
)
MONG = NameStyle(
    surnames=_w("Giàng", "Sùng", "Vàng", "Lù", "Thào", "Hầu", "Lý", "Mùa", "Hạng", "Ly", "Vừ", "Sình"),
    male_middles=_split("A,A,A,Seo,Mí,Chứ,Văn"),
    female_middles=_split("Thị,Thị,Thị,Thị,Mỷ"),
    male_given=_split("Páo,Sính,Chứ,Tủa,Dế,Sua,Pàng,Chá,Lử,Dìa,Nủ,Xá,Tồng,Vảng,Chu,Lầu,Phừ"),
    female_given=_split("Mỷ,Sua,Pà,Dở,Dua,Sử,Chá,Mai,Súa,Ly,Xê,Mua,Dợ,Cở"),
)
THAI = NameStyle(
    surnames=_w("Lò", "Lường", "Quàng", "Cầm", "Tòng", "Điêu", "Bạc", "Hà", "Vi", "Mè", "Lù", "Lò"),
    male_middles=_split("Văn,Văn,Văn,Văn"),
    female_middles=_split("Thị,Thị,Thị,Thị"),
    male_given=_split("Pâng,Ỏn,Inh,Xương,Tiến,Chăm,Hom,Phanh,Ươi,Khằm,Đôi,Xuân,Bun,Hặc,Sương,Thỏa,Ngoan"),
    female_given=_split("Ún,Ỏn,Inh,Chăm,Hom,Phanh,Ươi,Mai,Xuân,Bun,Thoan,Pịnh,Hặc,Ngoan,Lả,Ánh,Hoa"),
)
MUONG = NameStyle(
    surnames=(("Bùi", 40), ("Đinh", 25), ("Quách", 12), ("Hà", 8), ("Xa", 6), ("Cao", 5), ("Nguyễn", 4)),
    male_middles=_split("Văn,Văn,Văn,Văn,Đức"),
    female_middles=_split("Thị,Thị,Thị,Thị"),
    male_given=KINH_MALE_GIVEN,
    female_given=KINH_FEMALE_GIVEN,
)
SAN_DIU = NameStyle(
    surnames=_w("Trần", "Lý", "Diệp", "Hoàng", "Lam", "Lục", "Tạ", "Trương", "Dương", "Phan"),
    male_middles=_split("Văn,Văn,Văn,Văn"),
    female_middles=_split("Thị,Thị,Thị,Thị"),
    male_given=KINH_MALE_GIVEN,
    female_given=KINH_FEMALE_GIVEN,
)

# Kon Tum and Gia Lai highlands.
_HIGHLAND_MALE_GIVEN = _split(
    "Thút,Rôn,Pếch,Nhứt,Blông,Hyin,Khâm,Thiêng,Lưu,Thuận,Byưk,Đe,Wiu,Kiêng,Nhơn,Tuyên,Hờ,Brưh,Jơn,Sang,"
    "Dũng,Bình,Khiên,Yên,Sơn,Hùng,Nghe,Phiu"
)
_HIGHLAND_FEMALE_GIVEN = _split(
    "Hương,Blơm,Ngoan,Khiêm,Hlinh,Mai,Xuân,Hơn,Ble,Đim,Lý,Thiếp,Bình,Pêr,Rin,Nhung,Kiu,Tuyết,Thu,Ngọc,"
    "Hoa,Lan,Nhi,Phương,Yến"
)
BA_NA = NameStyle(
    surnames=(("Đinh", 40), ("Lê", 20), ("Nguyễn", 15)),
    male_middles=_split("Văn"),
    female_middles=_split("Thị"),
    male_given=_HIGHLAND_MALE_GIVEN,
    female_given=_HIGHLAND_FEMALE_GIVEN,
    order=Order.PREFIXED,
    prefixed_share=0.6,
    male_prefix="A",
    female_prefix="Y",
)
XO_DANG = NameStyle(
    surnames=(("Đinh", 25), ("A Lăng", 5), ("Lê", 15), ("Nguyễn", 15), ("Hồ", 5)),
    male_middles=_split("Văn"),
    female_middles=_split("Thị"),
    male_given=_HIGHLAND_MALE_GIVEN,
    female_given=_HIGHLAND_FEMALE_GIVEN,
    order=Order.PREFIXED,
    prefixed_share=0.65,
    male_prefix="A",
    female_prefix="Y",
)
GIE_TRIENG = NameStyle(
    surnames=(("A Lăng", 20), ("Đinh", 20), ("Hồ", 10), ("Nguyễn", 10)),
    male_middles=_split("Văn"),
    female_middles=_split("Thị"),
    male_given=_HIGHLAND_MALE_GIVEN,
    female_given=_HIGHLAND_FEMALE_GIVEN,
    order=Order.PREFIXED,
    prefixed_share=0.6,
    male_prefix="A",
    female_prefix="Y",
)
GIA_RAI = NameStyle(
    surnames=_w("Ksor", "Rơ Châm", "Siu", "Rơ Mah", "Kpă", "Nay", "Puih", "Rah Lan", "Rơ Lan", "Ksor"),
    male_middles=("",),
    female_middles=_split(",,H'"),
    male_given=_split("Blih,Dơng,Hyưk,Nhol,Thuân,Wơn,Kheo,Jú,Phơ,Đinh,Hlao,Yưh,Tuih,Khăm,Ngai,Bôn"),
    female_given=_split("Bơ,Lan,Hyên,Blan,Ly,Dinh,Nhe,Hlim,Yơ,Thương,Nhi,Mai,Phin,Duyên"),
)
E_DE = NameStyle(
    surnames=_w("Niê", "Êban", "Mlô", "Adrơng", "Ktla", "Byă", "Ayŭn", "Kbuôr", "Hwing", "Êñuôl"),
    male_middles=("",),
    female_middles=("",),
    male_given=_split("Blang,Khoa,Ngông,Tlang,Dhăm,Kra,Bhiăl,Yơn,Thuột,Mư,Suôn,Phun,Hling,Jôn,Kim"),
    female_given=_split("Hen,Bliê,Nguyên,Drim,Yim,Loan,Đuốt,Hiăm,Nhi,Ju,Wiên,Mai,Xuân,Lin"),
    order=Order.SURNAME_LAST,
    male_prefix="Y",
    female_prefix="H'",
)
HRE = NameStyle(
    surnames=(("Đinh", 45), ("Phạm", 25), ("Huỳnh", 10), ("Trần", 5)),
    male_middles=_split("Văn,Văn,Văn"),
    female_middles=_split("Thị,Thị,Thị"),
    male_given=(*_HIGHLAND_MALE_GIVEN[:15], *KINH_MALE_GIVEN[:15]),
    female_given=(*_HIGHLAND_FEMALE_GIVEN[:15], *KINH_FEMALE_GIVEN[:15]),
)
CO_TU = NameStyle(
    surnames=_w("Alăng", "Bhling", "Pơloong", "Zơrâm", "Clâu", "Briu", "Arất", "Coor", "Hồ"),
    male_middles=_split("Văn,Văn,"),
    female_middles=_split("Thị,Thị,"),
    male_given=_split("Mưi,Liếc,Plênh,Ngọc,Tân,Bhriu,Chiên,Đăng,Thương,Bốn,Hoan,Minh,Lăng"),
    female_given=_split("Bình,Hoa,Mai,Liên,Ngân,Thanh,Lượt,Hường,Chinh,Nghi,Thương"),
)
BRU = NameStyle(
    surnames=(("Hồ", 60), ("Lê", 10), ("Quàng", 10), ("Kray", 5)),
    male_middles=_split("Văn,Văn,Văn"),
    female_middles=_split("Thị,Thị,Thị"),
    male_given=_split("Khâm,Lai,Ka,Sơn,Triều,Tiêng,Hoan,Ngọc,Bình,Nhân,Tư,Rê,Xiêm,Cu"),
    female_given=_split("Nhương,Xoan,Dí,Pai,Bốn,Lan,Hoa,Thư,Mai,Thuyền,Xim"),
)
KHMER = NameStyle(
    surnames=(("Thạch", 30), ("Sơn", 20), ("Kim", 15), ("Danh", 15), ("Lâm", 8), ("Châu", 6), ("Lý", 6)),
    male_middles=_split(",,,Văn"),
    female_middles=_split("Thị,Thị,Thị,"),
    male_given=_split("Sóc,Phol,Sa Rinh,Sô Phanh,Chanh Đa,Sa Rươne,Út,Khane,Ly,Pho,Sa Rết,Hên,Sóc Kha"),
    female_given=_split("Sa Rết,Sô Phia,Kim Sa,Thi,Ngọc Mai,Sà Rươl,Mỹ,Sóc,Bô Pha,Chanh Thu,Sa Ly,Sa Vy"),
)
CHAM = NameStyle(
    surnames=_w("Đàng", "Quảng", "Thiên", "Lưu", "Bá", "Châu", "Thuận", "Trượng", "Hán", "Thông", "Phú"),
    male_middles=_split("Văn,Năng,Đại,Minh,Văn"),
    female_middles=_split("Thị,Thị,Thị,Thị"),
    male_given=_split("Thọ,Sanh,Cảnh,Đạo,Hậu,Hòa,Lợi,Mãnh,Ninh,Quang,Tấn,Thành,Tín,Tường"),
    female_given=_split("Bình,Hạnh,Liên,Lụa,Mai,Nga,Ngọc,Nhung,Sương,Thảo,Thu,Thủy,Vân"),
)
RAGLAI = NameStyle(
    surnames=_w("Pi Năng", "Chamaléa", "Katơr", "Mấu", "Cao", "Bo Bo", "Ma"),
    male_middles=_split("Văn,Văn,"),
    female_middles=_split("Thị,Thị,"),
    male_given=_split("Ba,Bình,Chiến,Dũng,Hạnh,Hùng,Lâm,Minh,Ngọc,Quang,Tẻo,Thanh,Tiến,Tư"),
    female_given=_split("Ánh,Bé,Dép,Hoa,Lan,Mai,Nhung,Thủy,Thu,Xuân,Lạt,Hiền"),
)
CO_HO = NameStyle(
    surnames=_w("K'", "Ka", "Cil", "Liêng", "Bon Jốc", "Ya"),
    male_middles=("",),
    female_middles=("",),
    male_given=_split("Brăk,Hòa,Sỏn,Điểu,Tiếp,Ré,Bốp,Bình,Sáu,Plin,Kriêng,Jũ"),
    female_given=_split("Bình,Hoa,Hòa,Brơi,Lin,Nhi,Ngọc,Hương,Dung,Sương,Thơm"),
    order=Order.SEX_PREFIX,
    male_prefix="K'",
    female_prefix="Ka",
)
MNONG_XTIENG = NameStyle(
    surnames=_w(""),
    male_middles=("",),
    female_middles=("",),
    male_given=_split("Lý,Brai,K'Ré,Ngơn,Đông,Hăn,Mưu,Bình,Prêu,Ó,Tung,Hạnh,Lăm,Nhót"),
    female_given=_split("Bích,Hồng,Lành,Thanh,Nguyên,Drim,Bin,Hương,Yên,Xoan,Mẫu,Loan"),
    order=Order.SEX_PREFIX,
    male_prefix="Điểu",
    female_prefix="Thị",
)

# Ethnicity codes (hoanhap/people/data/ethnicities.csv) → the style of their names. A group without an
# entry here is named in the Kinh style.
STYLES: dict[str, NameStyle] = {
    "01": KINH,
    "02": TAY,
    "03": THAI,
    "04": HOA,
    "05": KHMER,
    "06": MUONG,
    "07": NUNG,
    "08": MONG,
    "09": DAO,
    "10": GIA_RAI,
    "12": E_DE,
    "13": BA_NA,
    "14": XO_DANG,
    "15": SAN_CHAY,
    "16": CO_HO,
    "17": CHAM,
    "18": SAN_DIU,
    "19": HRE,
    "20": MNONG_XTIENG,
    "21": RAGLAI,
    "22": MNONG_XTIENG,
    "23": BRU,
    "26": CO_TU,
    "27": GIE_TRIENG,
}


def style_for(ethnicity: str) -> NameStyle:
    return STYLES.get(ethnicity, KINH)
