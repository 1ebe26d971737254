"""The proportions of generated persons.

These are plausible assumptions for test and demo data, NOT statistics to report. Their shape follows the
2016 national survey on people with disabilities (GSO/UNICEF, see DOMAIN.md): a little over 7% of people
aged 2 and over have a disability, prevalence rises strongly with age, and it is slightly higher among
women than men. The exact figures below were chosen to give registries that look and load like real ones
(old persons dominate, mobility is the most common type, a quarter have several types), not taken from a
published table.
"""

from __future__ import annotations

from datetime import date

# (youngest age, oldest age, weight): skewed old, as prevalence rises with age.
AGE_BANDS: tuple[tuple[int, int, int], ...] = (
    (0, 5, 2),
    (6, 15, 6),
    (16, 29, 8),
    (30, 44, 12),
    (45, 59, 20),
    (60, 69, 20),
    (70, 79, 18),
    (80, 99, 14),
)
MALE_SHARE = 0.45  # a little more women than men
FULL_BIRTH_DATE_SHARE = 0.70  # the rest have a year of birth only

CCCD_AGE = 14  # before the 2023 Law on Identification a citizen ID was issued from 14
CCCD_SHARE_ADULTS = 0.60
CCCD_SHARE_CHILDREN = 0.05

# The severity of the latest determination.
SEVERITY_WEIGHTS = {"particularly_severe": 20, "severe": 45, "mild": 35}
# The main type of disability; SEVERAL_TYPES_SHARE of persons have one or two more, drawn the same way.
TYPE_WEIGHTS = {
    "mobility": 38,
    "psychosocial": 18,
    "vision": 14,
    "hearing_speech": 12,
    "intellectual": 11,
    "other": 7,
}
SEVERAL_TYPES_SHARE = 0.25

STATUS_WEIGHTS = {"active": 92, "moved": 3, "deceased": 5}
HOUSEHOLD_WEIGHTS = {"": 74, "poor": 15, "near_poor": 11}
PHONE_SHARE = 0.45
VILLAGE_SHARE = 0.97
CARER_AGE = 16  # children under this age have a carer named on the record
CARER_SHARE_PARTICULARLY_SEVERE = 0.6

# Determinations (with --with-determinations).
FIRST_DETERMINATIONS = date(2012, 6, 1)  # Decree 28/2012/NĐ-CP took effect on 1 June 2012
TWO_DETERMINATIONS_SHARE = 0.25
CERTIFICATE_SHARE = 0.85
MEDICAL_BOARD_SHARE = 0.08
CERTIFICATE_DELAY_DAYS = (1, 10)  # the certificate follows the determination within days

# Special groups: (group, share, condition on age and ethnicity) applied in ``bulk``.
AGENT_ORANGE_SHARE = 0.03  # persons aged 45+
WAR_INVALID_SHARE = 0.02  # persons aged 65+
LONE_ELDERLY_SHARE = 0.08  # persons aged 70+
ORPHAN_SHARE = 0.03  # children under 16
REMOTE_AREA_SHARE = 0.25  # persons of an ethnic minority

# Persons in wards are more often Kinh than the province as a whole: the Kinh weight is multiplied by this.
WARD_KINH_FACTOR = 3

KINH = "01"

# The ethnic mix of persons by legacy province (the 63-province codes, so a merged province keeps the mix of
# each of its parts): rough shares of the provinces' population at the 2019 census, rounded, minor groups
# left out. Keyed by ethnicity code (hoanhap/people/data/ethnicities.csv). A province not listed is Kinh.
ETHNIC_MIX: dict[str, dict[str, int]] = {
    "02": {"08": 33, "02": 23, "09": 15, "01": 13, "07": 10},  # Hà Giang
    "04": {"02": 41, "07": 31, "08": 11, "09": 10, "01": 5, "15": 2},  # Cao Bằng
    "06": {"02": 52, "01": 19, "09": 17, "07": 7, "08": 5},  # Bắc Kạn
    "08": {"01": 46, "02": 25, "09": 12, "15": 8, "08": 3, "07": 2, "18": 2},  # Tuyên Quang
    "10": {"01": 36, "08": 26, "02": 15, "09": 14, "07": 4},  # Lào Cai
    "11": {"03": 38, "08": 36, "01": 18},  # Điện Biên
    "12": {"08": 40, "03": 33, "01": 14, "09": 13},  # Lai Châu
    "14": {"03": 53, "08": 18, "01": 16, "06": 8, "09": 3},  # Sơn La
    "15": {"01": 50, "02": 17, "09": 11, "08": 10, "03": 7, "06": 2},  # Yên Bái
    "17": {"06": 63, "01": 28, "03": 4, "09": 2, "02": 2},  # Hòa Bình
    "19": {"01": 72, "02": 11, "07": 6, "18": 3, "15": 3, "09": 2, "08": 1},  # Thái Nguyên
    # Lạng Sơn: Nùng and Tày are the large majority, then Kinh and Dao; Sán Chay and Hoa are small.
    "20": {"07": 41, "02": 36, "01": 16, "09": 4, "15": 1, "04": 1, "08": 1},
    "22": {"01": 87, "09": 5, "02": 4, "18": 2, "15": 1, "04": 1},  # Quảng Ninh
    "24": {"01": 88, "07": 5, "02": 3, "15": 2, "18": 1, "04": 1},  # Bắc Giang
    "25": {"01": 85, "06": 14},  # Phú Thọ
    "26": {"01": 97, "18": 3},  # Vĩnh Phúc
    "38": {"01": 84, "06": 9, "03": 6, "08": 1},  # Thanh Hóa
    "40": {"01": 87, "03": 11, "08": 1},  # Nghệ An
    "44": {"01": 98, "23": 2},  # Quảng Bình
    "45": {"01": 90, "23": 9},  # Quảng Trị
    "46": {"01": 97, "26": 2},  # Huế
    "49": {"01": 91, "26": 4, "14": 3, "27": 1},  # Quảng Nam
    "51": {"01": 88, "19": 9, "14": 2},  # Quảng Ngãi
    "52": {"01": 98, "13": 2},  # Bình Định
    "56": {"01": 94, "21": 4},  # Khánh Hòa
    "58": {"01": 77, "17": 12, "21": 10},  # Ninh Thuận
    "60": {"01": 94, "17": 3, "21": 1, "04": 1},  # Bình Thuận
    # Kon Tum: Kinh, Xơ Đăng, Ba Na, Giẻ Triêng and Gia Rai (the Brâu, Rơ Măm and others left out).
    "62": {"01": 47, "14": 25, "13": 13, "27": 8, "10": 4},
    "64": {"01": 52, "10": 33, "13": 12},  # Gia Lai
    "66": {"01": 67, "12": 19, "07": 5, "02": 4, "08": 2, "09": 2},  # Đắk Lắk
    "67": {"01": 68, "20": 9, "07": 7, "02": 5, "08": 5, "09": 4, "12": 2},  # Đắk Nông
    "68": {"01": 77, "16": 15, "02": 3, "07": 3, "04": 1},  # Lâm Đồng
    "70": {"01": 81, "22": 9, "07": 3, "02": 2, "05": 2},  # Bình Phước
    "75": {"01": 93, "04": 3, "07": 1, "02": 1},  # Đồng Nai
    "79": {"01": 93, "04": 5, "05": 1, "17": 1},  # Hồ Chí Minh City
    "84": {"01": 67, "05": 32, "04": 1},  # Trà Vinh
    "89": {"01": 95, "05": 4, "17": 1},  # An Giang
    "91": {"01": 85, "05": 12, "04": 2},  # Kiên Giang
    "92": {"01": 97, "05": 2, "04": 1},  # Cần Thơ
    "93": {"01": 97, "05": 2, "04": 1},  # Hậu Giang
    "94": {"01": 64, "05": 30, "04": 6},  # Sóc Trăng
    "95": {"01": 90, "05": 8, "04": 2},  # Bạc Liêu
    "96": {"01": 97, "05": 2, "04": 1},  # Cà Mau
}
DEFAULT_MIX = {KINH: 100}
