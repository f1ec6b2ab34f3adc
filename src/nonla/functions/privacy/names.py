"""Word lists for finding people's names in Vietnamese text: family names, titles, and words that are not names.

>>> is_surname("Nguyễn"), is_surname("NGUYEN"), is_surname("Hôm"), is_surname("ĐĂNG")
(True, True, False, False)
"""

from __future__ import annotations

from nonla.functions.privacy.spans import fold

# Family names in everyday use (about 99 % of Vietnamese people carry one of these).
SURNAMES = frozenset(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Lí Đào Đoàn Vương Trịnh Trương Đinh Lâm "
    "Phùng Mai Tô Hà Tạ Lưu Châu Quách Lương Cao Thái Tăng Kiều Khúc Hứa Lạc Từ Mạc Văn Chu Tống La Khổng Diệp Triệu "
    "Nghiêm Âu Doãn Giang Kim Lục Mẫn Quan Thân Tôn Trang Ông Đàm Đồng Hàn Hầu Khương Lã Lò Lộc Mã Nông Ninh Phí Phó "
    "Quang Sầm Thạch Thiều Tiêu Ung Viên Vi Xa Yên Bạch Cù Cung Đường Giáp Hạ Hoa Lại Liễu Mạnh Phương Quản Ứng "
    "Lưu Trịnh Đàm Lường Hoàng Trình Tôn Nhan Ôn Bế Hoàng Lương Lầu Sùng Giàng Vàng Thào Cầm Điêu Quàng".split()
)
_FOLDED_SURNAMES = frozenset(fold(s) for s in SURNAMES)

# Given names in everyday use (with the family names, what a word typed without tone marks may be).
GIVEN_NAMES = (
    "An Anh Bách Bảo Bình Chi Chiến Chính Công Cường Dũng Duy Dương Đạt Điệp Định Đông Đức Giang Hà Hải Hạnh Hảo "
    "Hậu Hiền Hiếu Hoa Hòa Hoài Hoàng Hồng Huệ Hùng Hưng Hương Huy Huyền Khang Khánh Khoa Khôi Kiên Kim Lan Lâm "
    "Liên Linh Loan Long Lộc Lợi Luân Lực Ly Mai Mạnh Minh My Mỹ Nam Nga Ngân Nghĩa Ngọc Nguyên Nhân Nhi Nhung "
    "Oanh Phát Phong Phú Phúc Phụng Phương Phượng Quang Quân Quốc Quý Quyết Quỳnh Sang Sơn Sương Tài Tâm Tân Thái "
    "Thanh Thành Thảo Thắng Thi Thịnh Thơ Thu Thuận Thủy Thư Thương Tiến Toàn Trang Trí Trinh Trọng Trung Trường "
    "Tú Tuấn Tùng Tuyết Uyên Vân Văn Việt Vinh Vũ Vy Xuân Yến"
).split()
_FOLDED_NAMES = frozenset(fold(w) for w in (*SURNAMES, *GIVEN_NAMES))


# Middle names that are in neither list: with the lists, what a syllable of a name typed without marks may be.
_FOLDED_MIDDLE = frozenset(fold(w) for w in "Thị Hữu Đình Bá Khắc Như Gia Thế Tấn".split())


def name_syllable(word: str) -> bool:
    """Whether ``word``, its marks ignored, may be a syllable of a person's name ('thi' is Thị as well as thì).

    >>> name_syllable("thi"), name_syllable("sinh")
    (True, False)
    """
    folded = fold(word)
    return folded in _FOLDED_NAMES or folded in _FOLDED_MIDDLE


class Lexicon:
    """Words matched with their tone marks, or folded in a text typed without any ('Thu' is not 'Thủ' unless the
    whole text lacks tone marks, see ``plain``).

    >>> Lexicon(["thủ"]).has("Thu", plain=False), Lexicon(["thủ"]).has("Thu", plain=True)
    (False, True)
    """

    def __init__(self, words: list[str], names_win: bool = False) -> None:
        self.exact = frozenset(w.lower() for w in words)
        self.folded = frozenset(fold(w) for w in words)
        # typed without tone marks 'Truong' is Trưởng (head) or Trương (a family name): with names_win, a
        # capitalised folded word that is also a name is taken for the name ('duong' is a street, 'Duong' Dương)
        self.folded_capitalised = self.folded - (_FOLDED_NAMES if names_win else frozenset())

    def has(self, token: str, plain: bool) -> bool:
        low = token.lower()
        if low in self.exact:
            return True
        return plain and low in (self.folded_capitalised if token[:1].isupper() else self.folded)


def plain(text: str) -> bool:
    """Whether ``text`` was typed without Vietnamese tone marks (then cue words are matched folded).

    >>> plain("chi Thu o so 5"), plain("chị Thu ở số 5")
    (True, False)
    """
    return fold(text) == text.lower()


# Family names that are also common words ('Cao' high, 'Mai' tomorrow, 'Từ' from): trusted only in 3-word names.
AMBIGUOUS_SURNAMES = frozenset(
    fold(s)
    for s in "Cao Mai Hà Văn Kim Lâm Quan Thái Giang Hoa Phương Trang Quang Ninh Yên Lộc Châu Tô Từ Chu La "
    "Xa Thân Vi Viên Kiều Đồng Ông Tăng Lương Mạnh Hạ Lạc Lục Bạch Tiêu Âu Hàn Khương Nông Đường Phó Cung Ứng "
    "Sùng Vàng Cầm Bế Lò Ôn Nhan Trình Thạch Ung Lã Mã".split()
)

# Words before a name: kinship and courtesy titles, parties to a case, roles and ranks. Longest first.
TITLES = tuple(
    sorted(
        """ông|bà|anh|chị|em|cô|chú|bác|cháu|cụ|bé|dì|cậu|mợ|thím|bị cáo|bị hại|người bị hại|nguyên đơn|bị đơn|
        người khiếu nại|người tố cáo|người bị tố cáo|người bị kiện|người khởi kiện|người làm chứng|đương sự|nhân chứng|
        người đại diện|người giám hộ|người yêu cầu|người nộp đơn|người liên quan|người phạm tội|bị can|bị hại là|
        luật sư|thẩm phán|kiểm sát viên|thư ký|hội thẩm|điều tra viên|chấp hành viên|công chứng viên|bệnh nhân|
        học sinh|sinh viên|giáo viên|bác sĩ|bs|đồng chí|họ tên|họ và tên|tên|mr|ms|mrs|chủ tịch|phó chủ tịch|
        giám đốc|phó giám đốc|trưởng phòng|bí thư|đại úy|thượng úy|trung úy|thiếu úy|thiếu tá|trung tá|thượng tá|
        đại tá|thiếu tướng|cán bộ|công dân|chủ hộ|vợ|chồng|con|mẹ|bố|cha|cháu gái|cháu trai|con gái|con trai|
        tên gọi khác|người mua|người bán|người vay|người cho vay|chủ xe|tài xế|lái xe|nạn nhân|thí sinh|người bệnh|chủ tài khoản|
        chủ tk|bạn|người nhận|người gửi|người thụ hưởng|nhân viên|khách hàng|hành khách|a|e|c""".split("|"),
        key=lambda t: -len(t),
    )
)
TITLES = tuple(" ".join(t.split()) for t in TITLES)

# Capitalised words that follow a title but start no name ('ông Chủ tịch', 'anh Công an', 'bà Rịa' is a place).
NOT_NAMES = Lexicon(
    names_win=True,
    words="Tòa Toà Ủy Uỷ UBND HĐND TAND VKSND Viện Sở Cục Bộ Ban Phòng Chủ Phó Giám Trưởng Thủ Tổng Bí Nhà "
    "Bệnh Hội Đội Tôi Chúng Em Anh Chị Ông Bà Cô Chú Này Đó Ấy Kính Thưa Gửi Theo Tại Với Và Của "
    "Email Zalo Facebook Gmail Thẻ Số Mã Ngày Họ Tên Địa Điện Căn Hộ Sinh Quê Nơi Giới Dân Nghề Xe Biển Alo "
    "Hotline Người Luật Điều Khoản Nghị Quyết Căn Bản Đơn Sổ Giấy Tờ Phiếu Lệnh".split(),
)
# Administrative words: typed without tone marks they are also given names ('Phuong' is Phường or Phương).
ADMIN_WORDS = Lexicon("Tỉnh Xã Phường Huyện Quận Thị".split())
# Words never inside a name: a run of capitalised words stops before them ('Đoàn Luật sư', 'Nguyễn Văn A Tỉnh').
NEVER_IN_NAMES = Lexicon(
    "Luật Điều Khoản Tỉnh Phường Huyện Quận Tòa Toà Ủy Uỷ UBND Bộ Sở Cục Viện Bệnh Hội Ban Phòng".split()
)
# Family names that are never given names: a tagger's one-word PER span made of one of these is a misreading.
ONLY_SURNAMES = Lexicon("Nguyễn Trần Lê Phạm Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Ngô Dương Trịnh Trương Đinh Đoàn".split())
COMPOUNDS_AFTER_TITLE = frozenset(("công an", "công ty", "công chứng", "nhà nước", "trường học", "tòa án", "ngân hàng",
                                   "bệnh viện", "hội đồng", "ủy ban", "an ninh", "quốc hội", "chính phủ", "mặt trận",
                                   "tỉnh ủy", "huyện ủy", "đảng ủy", "thành ủy", "quân đội", "quân khu"))  # fmt: skip
PLACES_WITH_TITLES = Lexicon(
    ["Bà Rịa", "Bà Chiểu", "Bà Điểm", "Bà Đen", "Bà Hom", "Bà Triệu", "Bà Huyện Thanh Quan",
                      "Ông Lãnh", "Ông Ích Khiêm", "Cô Giang", "Cô Bắc", "Cô Tô", "Anh Quốc", "Bà Nà", "Cụ Chuyên",
                      "Hai Bà Trưng", "Việt Nam", "Tân Sơn Nhất", "Nội Bài"]
)  # fmt: skip

# Words right before a capitalised run that make it a place or an organisation named after a person.
PLACE_MARKERS = Lexicon(
    names_win=True,
    words="đường phố quận huyện phường xã tỉnh thành tp trường thpt thcs học cầu chợ chùa đền lăng viện "
    "sân hẻm ngõ ngách kiệt ấp thôn xóm khu giải quỹ đài lộ số đại đh công hầm bến ga cảng viên bay tư".split(),
)

# Middle names that tell gender in the court style 'Nguyễn Văn A' / 'Trần Thị B'.
MALE_MIDDLE, FEMALE_MIDDLE = "văn", "thị"


_LOWER_SURNAMES = frozenset(s.lower() for s in SURNAMES)


def is_surname(word: str) -> bool:
    """A family name, compared with its tone marks when it has any ('ĐĂNG KÝ' is not 'Đặng'; 'Tran' is Trần)."""
    return fold(word) in _FOLDED_SURNAMES if word.isascii() else word.lower() in _LOWER_SURNAMES
