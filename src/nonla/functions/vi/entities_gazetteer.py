"""The place and law-title lists of vi.entities@2, read from models/vi-gazetteer (built by
models/build/build_gazetteer.py from the 2025 and older administrative units and the VLC law corpus).

Lookups ignore case and where the tone mark sits (``Hoà`` = ``Hòa``); a name written without any mark is looked up
without marks (``Nghe An``), a marked one must match its marks (``Huệ`` is not ``Huế``).

>>> g = Gazetteer.from_lists(provinces=["Nghệ An", "Huế"], communes=["Linh Trung"], laws=["bộ luật hình sự"])
>>> g.place("nghe an"), g.place("Linh Trung"), g.place("Huệ"), g.place("hà nội")
('province', 'commune', None, None)
>>> g.law_title_length(["Bộ", "luật", "Hình", "sự", "năm"]), g.law_title_length(["Bo", "luat", "hinh", "su"])
(4, 4)
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from nonla.core.models import ModelRef
from nonla.functions.vi.entities_text import WORD, fold, key, lookup_key

GAZETTEER = ModelRef("vi-gazetteer", "2026.11", sha256="d8acb1a3028b4025642876fed7c6bdd81ff5974bcceffb0cc603aabee3274843",
                     file="vi-gazetteer/gazetteer.json", source="models",
                     licence="MIT (administrative units: thanglequoc, dvhcvn); law titles from public statutes")  # fmt: skip

# Places a text names without a place word that the unit lists lack (countries, regions, old city names).
# Written by us; Vietnamese exonyms as the press writes them.
EXTRA_PLACES = {
    "country": """Việt Nam|Trung Quốc|Hàn Quốc|Triều Tiên|Nhật Bản|Lào|Campuchia|Thái Lan|Myanmar|Malaysia|Singapore|
    Indonesia|Philippines|Brunei|Đông Timor|Ấn Độ|Pakistan|Bangladesh|Nepal|Sri Lanka|Mông Cổ|Đài Loan|Hồng Kông|
    Ma Cao|Nga|Ukraine|Belarus|Ba Lan|Séc|Slovakia|Hungary|Romania|Bulgaria|Serbia|Croatia|Hy Lạp|Thổ Nhĩ Kỳ|Đức|
    Pháp|Anh|Ireland|Scotland|Hà Lan|Bỉ|Luxembourg|Thụy Sĩ|Áo|Ý|Italy|Tây Ban Nha|Bồ Đào Nha|Đan Mạch|Na Uy|
    Thụy Điển|Phần Lan|Iceland|Mỹ|Hoa Kỳ|Canada|Mexico|Cuba|Brazil|Argentina|Chile|Peru|Colombia|Venezuela|Úc|
    Australia|New Zealand|Ai Cập|Nam Phi|Nigeria|Kenya|Ethiopia|Maroc|Algeria|Angola|Mozambique|Israel|Palestine|
    Iran|Iraq|Syria|Jordan|Liban|Ả Rập Xê Út|Saudi Arabia|Qatar|Kuwait|UAE|Các Tiểu vương quốc Ả Rập Thống nhất|
    Kazakhstan|Uzbekistan|Afghanistan|Cộng hòa xã hội chủ nghĩa Việt Nam|Liên bang Nga|Liên minh châu Âu""",
    "region": """Đông Nam Á|Châu Á|Châu Âu|Châu Phi|Châu Mỹ|Bắc Mỹ|Nam Mỹ|Trung Đông|Tây Nguyên|Tây Bắc|Đông Bắc|
    Nam Bộ|Bắc Bộ|Trung Bộ|Miền Tây|Đồng bằng sông Cửu Long|Hoàng Sa|Trường Sa|Biển Đông|Côn Đảo|Phú Quốc|
    Sài Gòn|TP.HCM|TPHCM|TP HCM|Tp.HCM|Cam Ranh|Nha Trang|Đà Lạt|Hội An|Vinh|Pleiku|Buôn Ma Thuột|Quy Nhơn|
    Hạ Long|Vũng Tàu|Biên Hòa|Thủ Đức|Mỹ Tho|Rạch Giá|Long Xuyên|Châu Đốc|Sa Pa|Điện Biên Phủ|Tam Kỳ|Đông Hà|
    Phan Thiết|Phan Rang|Tuy Hòa|Bảo Lộc|Móng Cái|Cẩm Phả|Uông Bí|Hòa Bình|Thủ Dầu Một|Tân An|Bạc Liêu""",
}


@dataclass(frozen=True)
class Gazetteer:
    kinds: dict[str, str]  # place key (marked and unmarked) -> province | commune | country | region
    laws: frozenset[tuple[str, ...]]  # title word keys, head included: ("bộ", "luật", "hình", "sự"), and unmarked
    law_longest: int

    @classmethod
    def from_lists(cls, provinces: Sequence[str], communes: Sequence[str], laws: Sequence[str]) -> Gazetteer:
        kinds: dict[str, str] = {}
        extra = [(kind, n) for kind, names in EXTRA_PLACES.items() for n in names.split("|")]
        for kind, name in [*(("commune", n) for n in communes), *extra, *(("province", n) for n in provinces)]:
            name = " ".join(name.split())
            kinds[key(name)] = kinds[fold(name)] = kind  # later lists win: a province over a commune of its name
        titles = {tuple(key(w) for w in WORD.findall(t)) for t in laws}
        titles |= {tuple(fold(w) for w in WORD.findall(t)) for t in laws}
        return cls(kinds=kinds, laws=frozenset(titles), law_longest=max((len(t) for t in titles), default=0))

    def place(self, name: str) -> str | None:
        """The kind of place a name is, or None."""
        return self.kinds.get(lookup_key(" ".join(name.split())))

    def law_title_length(self, words: Sequence[str]) -> int:
        """How many of ``words`` (starting at a law's head word) form the longest known law title; 0 if none."""
        keyed = [lookup_key(w) for w in words[: self.law_longest]]
        for size in range(len(keyed), 1, -1):
            if tuple(keyed[:size]) in self.laws:
                return size
        return 0


def load_gazetteer(path: Path) -> Gazetteer:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Gazetteer.from_lists(data["provinces"], data["communes"], data["laws"])
