"""PER spans for vi.entities@2: a capitalised name after a title or kinship word, an ALL-CAPS name in a judgment,
or a capitalised run that starts with a Vietnamese family name. Titles stay outside the name (GUIDELINES.md).

>>> from nonla.functions.vi.entities_gazetteer import Gazetteer
>>> g = Gazetteer.from_lists(["Hà Nội"], [], [])
>>> t = "Bị cáo PHẠM THỊ TRÚC và anh Cường gặp Trần Văn Tâm tại Hà Nội; Chủ tịch Nguyễn Văn A ký."
>>> [(t[c.start:c.end], c.rank) for c in people(t, g)]
[('PHẠM THỊ TRÚC', 60), ('Cường', 60), ('Nguyễn Văn A', 60), ('Trần Văn Tâm', 45)]
"""

from __future__ import annotations

import bisect
import re

from nonla.functions.vi.entities_gazetteer import Gazetteer
from nonla.functions.vi.entities_text import RANK, Candidate, Word, fold, is_cap, is_upper, joined, words

# Family names and the first words of ethnic-minority names (Ê Đê Y/H', Gia Rai Ksor/Rơ Châm/Siu, Khmer Danh/Thạch …).
FAMILY = frozenset(
    """Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn Vương Trịnh Trương Đinh Lâm
    Phùng Mai Tô Hà Tạ Cao Lương Lưu Quách Chu Châu Thái Tăng Triệu La Kiều Mạc Lục Âu Tôn Thân Từ Bạch Bế Diệp Giang
    Hứa Khổng Khúc Kim Lạc Lò Lã Mẫn Nghiêm Ninh Nông Quan Tiêu Tống Ung Vi Viên Hầu Hàn Đàm Đồng Doãn Khuất Khương
    Kha Cù Cung Cấn Cầm Chế Chung Dư Đậu Giáp Lại Lều Mã Nhữ Ông Phí Phương Sầm Tào Thạch Thiều Tiết Trang Ứng Vàng
    Sùng Giàng Thào Hờ Mùa Lầu Lù Vừ Hạng Lường Quàng Điêu Khà Danh Sơn Lô Lữ Văn Đường Bàn Triệu Y Ksor Rơ Rmah
    Siu Nay Kpă Điểu Puih Rcom Niê Mlô Byă""".split()
)
FAMILY_FOLDED = frozenset(fold(name) for name in FAMILY)
# Words before a name that are not part of it. Longest first so "bị cáo" wins over "bị"; unmarked forms for
# complaints typed without diacritics.
TRIGGERS = sorted(
    """ông|bà|anh|chị|cô|chú|em|cháu|bác|cụ|dì|cậu|mợ|thím|ong|chi|chau|bi cao|bị cáo|bị can|bị hại|người bị hại|
    nguyên đơn|bị đơn|đương sự|người làm chứng|nhân chứng|luật sư|bác sĩ|thẩm phán|kiểm sát viên|điều tra viên|
    thư ký|hội thẩm|công dân|nghệ nhân|nghệ sĩ|huấn luyện viên|phụ huynh|học sinh|sinh viên|giáo viên|đồng chí|
    ngư dân|nông dân|cụ ông|cụ bà|vợ|chồng|con|tên|tên là|tôi là|tôi tên|tôi tên là|em là|tên gọi khác|bí danh|
    người hỏi|người viết|người phản ánh|người gửi|người khiếu nại|người tố cáo|họ tên|họ và tên|đại diện|
    thủ tướng|phó thủ tướng|bộ trưởng|thứ trưởng|chủ tịch|phó chủ tịch|giám đốc|phó giám đốc|chánh án|viện trưởng|
    bí thư|trưởng phòng|trưởng công an|thượng tướng|trung tướng|thiếu tướng|
    đại tá|thượng tá|trung tá|thiếu tá|đại úy|thượng úy|trung úy|thiếu úy|đại uý|thượng uý|trung uý|thiếu uý|
    trung sĩ|hạ sĩ|binh nhất|tổng bí thư|chủ tịch nước|giáo sư|tiến sĩ|thạc sĩ|kỹ sư|nhà báo|họa sĩ|ca sĩ|
    tác giả|nhà văn|linh mục|hòa thượng|thượng tọa|đại đức|ni cô|sư cô|ông bà|vợ chồng|anh chị|tôi""".split("|"),
    key=len,
    reverse=True,
)
TRIGGER = re.compile(
    r"(?<![\w])(?i:(?:tôi|toi)[ \t]*,[ \t]*|(?:"
    + "|".join(re.escape(t.strip()) for t in TRIGGERS)
    + r")(?:[ \t]*:[ \t]*|[ \t]+))(?=\w)"
)
NOT_NAMES = frozenset("Điều Khoản Điểm Chương Mục Phần Tội Luật Bộ Nghị Thông Quyết Hiến Việt Nam".split())
# A capitalised word that begins an organisation or a title ends a name: "ông A Chủ tịch", "Bị đơn: Công ty …".
STOP_PAIRS = frozenset(
    tuple(p.split()) for p in """công ty|công an|chủ tịch|giám đốc|phó giám|bí thư|ủy ban|uỷ ban|tòa án|toà án|
    viện kiểm|sở tư|bộ trưởng|thứ trưởng|trưởng phòng|trưởng ban|hội đồng|ngân hàng|bệnh viện|trung tâm|cơ quan|
    phòng cảnh|cục thuế|đội cảnh|quốc hội|chính phủ|thủ tướng|nhân dân|thành phố|thị xã|thị trấn""".split("|")
)  # fmt: skip
STOP_WORDS = frozenset("ubnd hđnd tand vks vksnd tp tỉnh huyện quận phường xã".split())
MAX_NAME = 5


def _name_run(text: str, tokens: list[Word], i: int) -> list[Word]:
    run: list[Word] = []
    while i < len(tokens) and len(run) < MAX_NAME + 1:
        word = tokens[i]
        if not is_cap(word.text) or (run and not joined(text, run[-1], word)):
            break
        pair = (word.text.lower(), tokens[i + 1].text.lower()) if i + 1 < len(tokens) else ("", "")
        if word.text.lower() in STOP_WORDS or pair in STOP_PAIRS:
            break
        run.append(word)
        i += 1
    return run if len(run) <= MAX_NAME else []


def _is_family(word: str) -> bool:
    if word in FAMILY or word.title() in FAMILY:
        return True
    return word.isascii() and word.istitle() and fold(word) in FAMILY_FOLDED  # typed without marks: "Pham Quoc Bao"


def people(text: str, gazetteer: Gazetteer) -> list[Candidate]:
    tokens = words(text)
    starts = [w.start for w in tokens]
    found: list[Candidate] = []
    taken: set[int] = set()
    for match in TRIGGER.finditer(text):
        if match.start() > 1 and text[match.start() - 1] == " " and is_cap(text[match.start()]):
            at = bisect.bisect_left(starts, match.start())
            if at and is_cap(tokens[at - 1].text) and tokens[at - 1].end == match.start() - 1:
                continue  # "quận Hai Bà Trưng": a capitalised kinship word inside a name
        i = bisect.bisect_left(starts, match.end())
        run = _name_run(text, tokens, i)
        if len(run) == 1 and (run[0].text in NOT_NAMES or (is_upper(run[0].text) and match.group().isupper())):
            continue  # "… con\nĐiều 5", "QUYỀN CON NGƯỜI": a heading, not a name
        if run and not (len(run) > 1 and gazetteer.place(text[run[0].start : run[-1].end])):
            found.append(Candidate("PER", run[0].start, run[-1].end, RANK["PER"]))
            taken.update(range(i, i + len(run)))
    i = 0
    while i < len(tokens):
        run = _name_run(text, tokens, i) if i not in taken and _is_family(tokens[i].text) else []
        span = text[run[0].start : run[-1].end] if run else ""
        if len(run) >= 2 and not gazetteer.place(span) and not any(j in taken for j in range(i, i + len(run))):
            loud = all(is_upper(w.text) or len(w.text) == 1 for w in run)
            found.append(Candidate("PER", run[0].start, run[-1].end, RANK["PER" if loud else "PER_GUESS"]))
        i += max(1, len(run))
    return found
