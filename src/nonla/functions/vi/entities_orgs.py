"""ORG spans for vi.entities@2: an organisation head (``Tòa án nhân dân``, ``UBND``, ``Công ty TNHH``, ``Bộ`` …)
extended over the capitalised words and unit phrases of its name, so a place inside stays in the ORG
(``Công an huyện Lạc Dương``, ``UBND phường 5``). Generic references (``Tòa án``, ``Ủy ban nhân dân cấp tỉnh``)
have no name after the head and are left out; unique national bodies (``Quốc hội``) need none.

>>> from nonla.functions.vi.entities_gazetteer import Gazetteer
>>> g, compounds = Gazetteer.from_lists([], [], []), frozenset({"tài chính", "tài nguyên", "môi trường"})
>>> t = ("Bộ Tài chính và Sở Tài nguyên và Môi trường tỉnh Lâm Đồng, Tòa án nhân dân cấp tỉnh, Thủ tướng Chính phủ, "
...      "UBND phường 5, quán karaoke Hoàng Gia.")
>>> [t[c.start:c.end] for c in organisations(t, g, compounds)]
['Bộ Tài chính', 'Sở Tài nguyên và Môi trường tỉnh Lâm Đồng', 'Chính phủ', 'UBND phường 5', 'Hoàng Gia']
"""

from __future__ import annotations

import re

from nonla.functions.vi.entities_gazetteer import Gazetteer
from nonla.functions.vi.entities_people import FAMILY
from nonla.functions.vi.entities_places import ADMIN_WORDS, name_after, place_word
from nonla.functions.vi.entities_text import RANK, Candidate, Word, is_cap, lookup_key, words

UNIQUE = frozenset(tuple(h.split()) for h in """quốc hội|chính phủ|kiểm toán nhà nước|ngân hàng nhà nước|
    ủy ban thường vụ quốc hội|uỷ ban thường vụ quốc hội|bộ chính trị|ban bí thư|mặt trận tổ quốc việt nam|
    tòa án nhân dân tối cao|toà án nhân dân tối cao|viện kiểm sát nhân dân tối cao|tòa án quân sự trung ương|
    viện kiểm sát quân sự trung ương|văn phòng chính phủ|văn phòng quốc hội|văn phòng chủ tịch nước|
    kho bạc nhà nước|hội đồng bầu cử quốc gia|thông tấn xã việt nam|đài truyền hình việt nam|
    đài tiếng nói việt nam|bảo hiểm xã hội việt nam""".split("|"))  # fmt: skip
NAMED = frozenset(tuple(h.split()) for h in """tòa án nhân dân|toà án nhân dân|tòa án nhân dân cấp cao tại|
    toà án nhân dân cấp cao tại|tòa án quân sự|tòa án quân sự khu vực|viện kiểm sát nhân dân|
    viện kiểm sát nhân dân cấp cao tại|viện kiểm sát quân sự|viện kiểm sát quân sự khu vực|ủy ban nhân dân|
    uỷ ban nhân dân|ubnd|hội đồng nhân dân|hđnd|tand|vksnd|công an|cơ quan cảnh sát điều tra|cơ quan csđt|
    cơ quan an ninh điều tra|cơ quan điều tra|cơ quan thi hành án dân sự|chi cục thi hành án dân sự|
    cục thi hành án dân sự|bộ|sở|cục|tổng cục|chi cục|phòng|ban|văn phòng|thanh tra|ngân hàng|quỹ|trung tâm|
    viện|học viện|trường|đại học|bệnh viện|trạm y tế|công ty|tổng công ty|tập đoàn|hợp tác xã|htx|
    doanh nghiệp tư nhân|điện lực|đoàn luật sư|đoàn thanh niên|liên đoàn|hội nông dân|hội liên hiệp phụ nữ|
    hội cựu chiến binh|hội chữ thập đỏ|hội luật gia|đài|báo|nhà xuất bản|cảng vụ|trại tạm giam|trại giam|
    nhà tạm giữ|bộ tư lệnh|bộ chỉ huy quân sự|bộ chỉ huy bộ đội biên phòng|đồn biên phòng|quân khu|đảng ủy|
    tỉnh ủy|huyện ủy|thành ủy|văn phòng công chứng|văn phòng luật sư|văn phòng đăng ký đất đai|ủy ban|uỷ ban|
    hội đồng|hội đồng thẩm phán|đội|ban quản lý|ban chỉ huy|câu lạc bộ|
    nhà máy|xí nghiệp|khách sạn|nhà hàng|kiểm toán|kho bạc|bảo hiểm xã hội|chi nhánh|mặt trận tổ quốc|
    ủy ban mặt trận tổ quốc""".split("|"))  # fmt: skip
# Written in lower case before a name, the descriptor is not part of the ORG: "quán karaoke {Hoàng Gia}".
DESCRIPTORS = frozenset(tuple(h.split()) for h in """trường|công ty|cong ty|quán|quán karaoke|quan karaoke|
    quán cà phê|quán nhậu|nhà hàng|khách sạn|cửa hàng|tiệm|siêu thị|nhà máy|xưởng|doanh nghiệp|tập đoàn|
    ngân hàng|bệnh viện|nhà thuốc|phòng khám|hãng""".split("|"))  # fmt: skip
HEAD_LONGEST = max(len(h) for h in UNIQUE | NAMED | DESCRIPTORS)
# Lower-case syllables that never sit inside an organisation's name: a name that reaches one has ended.
STOP = frozenset("""là của cho đã đang sẽ vừa mới được bị có không chưa ở về với theo trong ra vào trên dưới từ đến
    để khi nếu thì mà nhưng hoặc hay các những một này đó kia thuộc tại do bởi qua sau trước lúc xét thấy đề ông bà
    anh chị em cô chú cháu tuyên xử nhận kháng yêu trả ký gửi phản cấp rồi cũng còn nên vì như hơn ai gì nào đâu
    sao phải cần muốn xin thu chủ giám đốc trưởng phó tổ chức ban hành quyết định trình""".split())  # fmt: skip
# Lower-case words that may end a name: "Trung tâm Dự báo khí tượng thủy văn quốc gia", "Cục Cảnh sát giao thông".
TAILS = re.compile(r"(?:quốc gia|trung ương|tối cao|nhà nước|nhân dân|giao thông|hình sự|quân sự|cơ động|khu vực)$")
STATE_SUFFIX = re.compile(r"(?: nước Cộng h(?:òa|oà) xã hội chủ nghĩa)? Việt Nam")
# Capitalised words that, after lower-case words, start something else: a provision, a document, a title.
NOT_AFTER_WORDS = frozenset("Điều Khoản Điểm Luật Bộ Nghị Thông Quyết Hiến Pháp Thủ Chủ Giám Phó Trưởng Chánh".split())
MAX_PENDING = 6
MAX_NAME = 30  # syllables after the head; the longest names we know have about 20


def _heads(tokens: list[Word], i: int) -> list[tuple[int, str]]:
    """Every head starting at token i, longest first: "Ban Quản lý rừng …" is "Ban" + a name if not "Ban quản lý"."""
    keyed = [w.text.lower() for w in tokens[i : i + HEAD_LONGEST]]
    found = []
    for size in range(len(keyed), 0, -1):
        key = tuple(keyed[:size])
        if key in UNIQUE:
            found.append((size, "unique"))
        elif key in NAMED and is_cap(tokens[i].text):
            found.append((size, "named"))
        elif key in DESCRIPTORS and not is_cap(tokens[i].text):
            found.append((size, "descriptor"))
    return found


def _head(tokens: list[Word], i: int) -> tuple[int, str]:
    heads = _heads(tokens, i)
    return heads[0] if heads else (0, "")


def _compound(tokens: list[Word], i: int, compounds: frozenset[str]) -> int:
    """Syllables from i that form one dictionary word: "Tài chính" is one word, so "chính" belongs to the name."""
    for size in (4, 3, 2):
        part = tokens[i : i + size]
        if len(part) == size and lookup_key(" ".join(w.text for w in part)) in compounds:
            if all(not is_cap(w.text) for w in part[1:]):
                return size
    return 1


def _extend(text: str, tokens: list[Word], j: int, compounds: frozenset[str]) -> tuple[int, bool]:
    """Index after the last token of the name that starts at j, and whether it named something specific.

    Capitalised words and unit phrases ("tỉnh Lâm Đồng", "phường 5") always continue a name; lower-case words
    ("pending") only when a capitalised part or a unit follows them, or when they end in a TAILS word."""
    end, specific, pending, limit = j, False, 0, min(len(tokens), j + MAX_NAME)
    while j < limit:
        left, word = tokens[j - 1], tokens[j]
        glue = text[left.end : word.start]
        if glue in (" - ", " – ") and is_cap(word.text) and not pending:
            glue = " "
        elif glue == ", " and is_cap(word.text) and not pending and not _heads(tokens, j) and _listed(text, tokens, j):
            glue = " "  # "Sở Văn hóa, Thể thao và Du lịch"
        if glue != " ":
            break
        unit = place_word(tokens, j, ADMIN_WORDS)
        if (
            unit
            and j + unit < len(tokens)
            and text[tokens[j + unit - 1].end : tokens[j + unit].start] in (" ", ".", ". ")
        ):
            named = name_after(text, tokens, j + unit) or int(tokens[j + unit].text.isdigit())
            if named:
                j = end = j + unit + named
                specific, pending = True, 0
                continue
        if is_cap(word.text):
            if pending and (_heads(tokens, j) or word.text in NOT_AFTER_WORDS or _name_follows(text, tokens, j)):
                break  # "… và Bộ Quốc phòng", "… phát hiện Nguyễn Văn Phong", "… thực hiện Điều này": another thing
            j = end = j + _compound(tokens, j, compounds)
            specific, pending = True, 0
            continue
        if word.text in STOP or word.text.isdigit() or pending >= MAX_PENDING:
            break
        pending += 1
        j += 1
        if specific and TAILS.search(" ".join(w.text for w in tokens[j - pending : j])):
            end, pending = j, 0
    if j >= limit and limit < len(tokens):
        return end, False  # longer than any organisation's name: a run of capitalised words, not a name
    return end, specific


def _name_follows(text: str, tokens: list[Word], j: int) -> bool:
    """Does a person's name start at j (a family name, then another capitalised word)?"""
    if tokens[j].text not in FAMILY or j + 1 >= len(tokens):
        return False
    return is_cap(tokens[j + 1].text) and text[tokens[j].end : tokens[j + 1].start] == " "


def _listed(text: str, tokens: list[Word], j: int) -> bool:
    """After a comma, is this a list of name parts closed by 'và' ("Văn hóa, Thể thao và Du lịch")?"""
    for k in range(j, min(j + 6, len(tokens) - 1)):
        if text[tokens[k].end : tokens[k + 1].start] != " ":
            return False
        if tokens[k + 1].text == "và":
            return k + 2 < len(tokens) and is_cap(tokens[k + 2].text)
    return False


def _glued_to_name(text: str, tokens: list[Word], i: int) -> bool:
    return is_cap(tokens[i - 1].text) and text[tokens[i - 1].end : tokens[i].start] == " "


def organisations(text: str, gazetteer: Gazetteer, compounds: frozenset[str]) -> list[Candidate]:
    tokens = words(text)
    found = []
    for i in range(len(tokens)):
        for size, kind in _heads(tokens, i):
            cand = _organisation(text, tokens, i, size, kind, gazetteer, compounds)
            if cand:
                found.append(cand)
                break
    return found


def _organisation(
    text: str, tokens: list[Word], i: int, size: int, kind: str, gazetteer: Gazetteer, compounds: frozenset[str]
) -> Candidate | None:
    if kind == "unique":
        suffix = STATE_SUFFIX.match(text, tokens[i + size - 1].end)
        end = suffix.end() if suffix else tokens[i + size - 1].end
        return Candidate("ORG", tokens[i].start, end, RANK["ORG"]) if is_cap(tokens[i].text) else None
    start = i + size if kind == "descriptor" else i
    if i + size >= len(tokens) or text[tokens[i + size - 1].end : tokens[i + size].start] != " ":
        return None
    if kind == "descriptor" and (not is_cap(tokens[start].text) or (i and _glued_to_name(text, tokens, i))):
        return None  # "Môi trường tỉnh …": the syllable ends a name, it is no descriptor
    following = tokens[i + size]
    if not (is_cap(following.text) or following.text.isdigit() or place_word(tokens, i + size, ADMIN_WORDS)):
        return None  # "Đội tuyển bóng đá nữ Việt Nam", "Hội đồng xét xử": a generic head, then other words
    stop, specific = _extend(text, tokens, i + size, compounds)
    if not specific or stop <= start:
        return None
    if kind == "descriptor" and gazetteer.place(text[tokens[start].start : tokens[stop - 1].end]):
        return None  # "doanh nghiệp Việt Nam": a nationality, not a name
    return Candidate("ORG", tokens[start].start, tokens[stop - 1].end, RANK["ORG"])
