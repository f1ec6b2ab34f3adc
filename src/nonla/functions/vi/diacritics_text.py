"""How vi.diacritics cuts text into language-model tokens, shared by training and decoding.

Training (models/build/train_diacritics.py) and the function must see text the same way, or the model's
statistics would not apply: this module is that one way. A text becomes segments (lines, cut after sentence-final
punctuation); a segment becomes pieces with offsets. Each piece carries the token the language model sees
(a lowercase syllable, ``<num>``, a punctuation mark, ``<unk>``) and, for text typed without marks, the
unaccented syllable whose marks are to be restored.

>>> [(p.text, p.token, p.plain) for p in pieces("Toà án, 12 giờ")]
[('Toà', 'tòa', ''), ('án', 'án', ''), (',', ',', ''), ('12', '<num>', ''), ('giờ', 'giờ', '')]
>>> [(p.text, p.plain) for p in pieces("Xem http://a.vn hay email toi@x.vn")]
[('Xem', 'xem'), ('http://a.vn', ''), ('hay', 'hay'), ('email', ''), ('toi@x.vn', '')]
>>> [(p.text, p.plain) for p in pieces("hoi zalo.me/0912 hay @an_nguyen")]
[('hoi', 'hoi'), ('zalo.me/0912', ''), ('hay', 'hay'), ('@an_nguyen', '')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from nonla.functions.vi.tone_marks import is_vietnamese_syllable, set_tone_style

BOS, EOS, UNK, NUM = "<s>", "</s>", "<unk>", "<num>"
PUNCTUATION = tuple(".,;:!?\"'()[]-–—/…%&*+=<>")
SPECIALS = (BOS, EOS, UNK, NUM, "<sym>", *PUNCTUATION)
_SENTENCE_END = frozenset(".!?…")
FOREIGN_SHARE = 0.4  # a run of unaccented words this share non-Vietnamese is left alone
MAX_SEGMENT_PIECES = 400  # a line without full stops is decoded in slices this long: memory and time stay flat

# Endings of links typed without a scheme ("zalo.me/..."), all in lower or all in upper case as links are typed:
# "TP.HCM", "v.v." and a missing space ("nhà.Tôi", "cơm.Mẹ") end in none of them. File extensions that are also
# domains (zip, mov) are left out.
_LOWER_TLDS = (
    "com|net|org|info|biz|edu|gov|int|vn|me|io|co|ai|app|dev|asia|xyz|online|site|store|shop|tv|us|uk|jp|kr|cn|"
    "sg|de|fr|au|ly|gl|gg|link|page"
)
_TLDS = f"{_LOWER_TLDS}|{_LOWER_TLDS.upper()}"
# A host written without a scheme ("dichvucong.gov.vn"); vi.normalize reads links the same way.
BARE_HOST = rf"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?-i:{_TLDS})(?![\w-])"
_BARE_DOMAIN = rf"{BARE_HOST}(?:/\S*[\w/])?"
# URLs, e-mails and handles stay whole and untouched; the rest is letter runs, numbers and single symbols.
_CHUNK = re.compile(
    r"(?:[a-z][a-z0-9+.-]*://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|@\w+(?:\.\w+)*"
    rf"|{_BARE_DOMAIN}|[^\W\d_]+|\d+(?:[.,]\d+)*|\S",
    re.IGNORECASE,
)
_MAY_BE_DOMAIN = re.compile(rf"[a-z0-9]\.(?-i:{_TLDS})(?![\w-])", re.IGNORECASE)
_PLAIN_CHUNK = re.compile(r"[^\W\d_]+|\d+(?:[.,]\d+)*|\S")  # _CHUNK where no link can be
# Endings of file names, all in lower or all in upper case: "nha.Doc" is a missing space, "bien_ban.doc" a file.
_LOWER_EXTENSIONS = (
    "doc|docx|xls|xlsx|ppt|pptx|pdf|txt|rtf|odt|ods|odp|csv|xml|json|html|htm|jpg|jpeg|png|gif|bmp|webp|heic|svg|"
    "tif|tiff|mp3|mp4|wav|avi|mkv|mov|zip|rar|exe|apk|py|js|sql|log"
)
_EXTENSIONS = f"{_LOWER_EXTENSIONS}|{_LOWER_EXTENSIONS.upper()}"
# File names and paths ("bien_ban_hop.doc", "C:\\tai_lieu", "/home/nam/tai_lieu"): an underscore or backslash
# inside a word, a path from the root, or a file extension before the run's closing punctuation. A lone
# "/" is not enough: "0,03%/ngay" and "va/hoac" are Vietnamese to restore.
_OPENING, _CLOSING = "([{\"'“‘«", ".,;:!?…)]}\"'”’»"
_PATH_LIKE = re.compile(
    rf"[^\W_]_[^\W_]|\w\\|\\\w|^[{re.escape(_OPENING)}]*~?/[^\W_][^/\s]*/"
    rf"|[^\W_]\.(?:{_EXTENSIONS})[{re.escape(_CLOSING)}]*$"
)
_WHOLE = re.compile(r".+", re.DOTALL)
_RUN = re.compile(r"\S+")
# A link alternative is tried from every piece of its run and reads to the run's end: only runs that can hold a
# link, and are not longer than one, get it ("."*50,000 took 2 s, growing with the square of the run's length)
LINK_RUN_MAX = 2_000
_LETTERS = re.compile(r"[^\W\d_]+")
_APOSTROPHES = frozenset("'’")
_CONTRACTION_ENDINGS = frozenset({"s", "t", "re", "ll", "ve", "d", "m"})


@dataclass(frozen=True, slots=True)
class Piece:
    text: str  # as written in the input
    start: int  # character offset in the text
    token: str  # what the language model sees
    plain: str = ""  # the lowercase unaccented syllable to restore; "" when the piece must stay as it is


@lru_cache(maxsize=65536)
def syllable_token(word: str) -> str:
    """The model's token for a run of letters: the lowercase syllable in the old tone style, or <unk>.

    >>> syllable_token("HOÀ"), syllable_token("Viet"), syllable_token("iPhone")
    ('hòa', 'viet', '<unk>')
    """
    lower = word.lower()
    if len(lower) != len(word) or not is_vietnamese_syllable(lower):
        return UNK
    return set_tone_style(lower, "old")


def _token_of(text: str) -> str:
    if text[0].isdigit():
        return NUM
    if _LETTERS.fullmatch(text):
        return syllable_token(text)
    if len(text) == 1:
        return text if text in PUNCTUATION else "<sym>"
    return UNK  # a URL or an e-mail


def _chunks(line: str) -> Iterator[re.Match[str]]:
    """_CHUNK's matches in the line, found run by run (no chunk crosses a space)."""
    for run in _RUN.finditer(line):
        word = run.group()
        may_link = len(word) <= LINK_RUN_MAX and (
            "@" in word or "://" in word or "www." in word.lower() or _MAY_BE_DOMAIN.search(word) is not None
        )
        if may_link:
            yield from _CHUNK.finditer(line, run.start(), run.end())
        elif _PATH_LIKE.search(word):
            yield from _path_chunks(line, run.start(), run.end())
        else:
            yield from _PLAIN_CHUNK.finditer(line, run.start(), run.end())


def _path_chunks(line: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """A file name or path is one chunk; the brackets and punctuation around it are chunks of their own."""
    word = line[start:end]
    name_start = end - len(word.lstrip(_OPENING))
    name_end = start + len(word.rstrip(_CLOSING))
    if name_start >= name_end:
        yield from _PLAIN_CHUNK.finditer(line, start, end)
        return
    yield from _PLAIN_CHUNK.finditer(line, start, name_start)
    whole = _WHOLE.match(line, name_start, name_end)
    if whole:
        yield whole
    yield from _PLAIN_CHUNK.finditer(line, name_end, end)


def _raw_pieces(line: str, offset: int) -> list[Piece]:
    out = []
    for m in _chunks(line):
        text, start, end = m.group(), m.start(), m.end()
        token = _token_of(text)
        glued = (start > 0 and line[start - 1].isdigit()) or (end < len(line) and line[end].isdigit())
        plain = token if text.isascii() and token not in SPECIALS and not glued else ""
        out.append(Piece(text, offset + start, UNK if glued else token, plain))
    return out


def _is_unmarked_word(piece: Piece) -> bool:
    return piece.text.isascii() and _LETTERS.fullmatch(piece.text) is not None


def _contractions(run: list[Piece]) -> set[int]:
    """Positions of the pieces that spell English contractions ("don't", "it's", "we'll"): word, apostrophe, ending,
    written without spaces. Vietnamese has no such words, and "don" alone would read as "đơn"."""
    found: set[int] = set()
    for i in range(len(run) - 2):
        word, mark, ending = run[i : i + 3]
        if (
            mark.text in _APOSTROPHES
            and ending.text.lower() in _CONTRACTION_ENDINGS
            and _is_unmarked_word(word)
            and mark.start == word.start + len(word.text)
            and ending.start == mark.start + 1
        ):
            found.update((i, i + 1, i + 2))
    return found


def _foreign_runs_kept(run: list[Piece]) -> list[Piece]:
    """Leave a run of unaccented words alone when much of it cannot be Vietnamese: it is English or code.

    Vietnamese typed without marks has few such words (a brand, a loanword); English has many ("love", "you",
    "and"). Abbreviations in capitals (UBND, ABC, I) are neither evidence, so they are not counted. A contraction
    counts as one foreign word and is always left as written.
    """
    contracted = _contractions(run)
    words = [p for i, p in enumerate(run) if _is_unmarked_word(p) and not p.text.isupper() and i not in contracted]
    foreign = sum(p.token == UNK for p in words) + len(contracted) // 3
    counted = len(words) + len(contracted) // 3
    if counted >= 3 and foreign >= FOREIGN_SHARE * counted:
        return [Piece(p.text, p.start, p.token) for p in run]
    return [Piece(p.text, p.start, p.token) if i in contracted else p for i, p in enumerate(run)]


def _guard_foreign(pieces_: list[Piece]) -> list[Piece]:
    """Judge unaccented words run by run: a run reads across commas, apostrophes and numbers ("after 5pm, I can't")
    and ends at a sentence's end or at a word typed with marks."""
    out: list[Piece] = []
    run: list[Piece] = []
    for piece in pieces_:
        if _LETTERS.fullmatch(piece.text) and not piece.text.isascii():
            out += _foreign_runs_kept(run) + [piece]
            run = []
            continue
        run.append(piece)
        if piece.text in _SENTENCE_END:
            out += _foreign_runs_kept(run)
            run = []
    return out + _foreign_runs_kept(run)


def pieces(text: str) -> list[Piece]:
    """All pieces of ``text`` (NFC expected), in order, with offsets."""
    return [piece for segment in segments(text) for piece in segment]


def segments(text: str) -> Iterator[list[Piece]]:
    """Pieces grouped into sentence-sized segments: each line, cut after . ! ? … and at MAX_SEGMENT_PIECES.

    >>> [[p.text for p in s] for s in segments("Mot. Hai ba\\nBon")]
    [['Mot', '.'], ['Hai', 'ba'], ['Bon']]
    """
    for line in re.finditer(r"[^\n\r]+", text):
        current: list[Piece] = []
        for piece in _guard_foreign(_raw_pieces(line.group(), line.start())):
            current.append(piece)
            if piece.text in _SENTENCE_END or len(current) >= MAX_SEGMENT_PIECES:
                yield current
                current = []
        if current:
            yield current
