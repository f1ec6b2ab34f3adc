"""A small CoNLL-U reader for the Vietnamese treebanks we train and evaluate on.

Multi-word token ranges (``1-2``) and empty nodes (``1.1``) are skipped: the UD Vietnamese treebanks have none, and
taggers work on syntactic words. A multi-syllable word keeps its inner spaces in FORM (``"bắt chuyện"``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ConlluWord:
    form: str
    upos: str
    xpos: str


@dataclass(frozen=True)
class ConlluSentence:
    sent_id: str | None
    text: str | None
    words: tuple[ConlluWord, ...]

    def tagged(self) -> list[tuple[str, str]]:
        """(form, UPOS) pairs.

        >>> parse_conllu("1\\tTôi\\ttôi\\tPRON\\tPro\\t_\\t0\\troot\\t_\\t_\\n")[0].tagged()
        [('Tôi', 'PRON')]
        """
        return [(word.form, word.upos) for word in self.words]


def _comment_value(line: str, key: str) -> str | None:
    """Value of a ``# key = value`` comment; UD-VTB writes ``# text =Tôi ...`` with no space after ``=``."""
    body = line[1:].lstrip()
    if not body.startswith(key):
        return None
    rest = body[len(key) :].lstrip()
    if not rest.startswith("="):
        return None
    return rest[1:].lstrip(" ").rstrip("\r\n")


def iter_conllu(lines: Iterable[str]) -> Iterator[ConlluSentence]:
    """Sentences from CoNLL-U lines, one at a time.

    >>> lines = ["# sent_id = s1", "# text =Bắt chuyện .",
    ...          "1\\tBắt chuyện\\tbắt chuyện\\tVERB\\tV\\t_\\t0\\troot\\t_\\t_",
    ...          "2\\t.\\t.\\tPUNCT\\t.\\t_\\t1\\tpunct\\t_\\t_", ""]
    >>> [(s.sent_id, s.text, s.tagged()) for s in iter_conllu(lines)]
    [('s1', 'Bắt chuyện .', [('Bắt chuyện', 'VERB'), ('.', 'PUNCT')])]
    """
    sent_id: str | None = None
    text: str | None = None
    words: list[ConlluWord] = []
    for raw in lines:
        line = raw.rstrip("\r\n")
        if not line.strip():
            if words:
                yield ConlluSentence(sent_id, text, tuple(words))
            sent_id, text, words = None, None, []
            continue
        if line.startswith("#"):
            sent_id = _comment_value(line, "sent_id") or sent_id
            found = _comment_value(line, "text")
            text = found if found is not None else text
            continue
        columns = line.split("\t")
        if len(columns) != 10:
            raise ValueError(f"not a CoNLL-U word line (expected 10 tab-separated columns): {line!r}")
        if "-" in columns[0] or "." in columns[0]:
            continue
        words.append(ConlluWord(form=columns[1], upos=columns[3], xpos=columns[4]))
    if words:
        yield ConlluSentence(sent_id, text, tuple(words))


def parse_conllu(text: str) -> list[ConlluSentence]:
    """All sentences of a CoNLL-U string.

    >>> parse_conllu("# text = Chào\\n1\\tChào\\tchào\\tVERB\\tV\\t_\\t0\\troot\\t_\\t_\\n")[0].text
    'Chào'
    """
    return list(iter_conllu(text.splitlines()))


def read_conllu_sentences(path: str | Path) -> list[ConlluSentence]:
    """All sentences of a CoNLL-U file, with sent_id, ``# text`` and FORM/UPOS/XPOS of each word.

    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = pathlib.Path(tmp, "a.conllu")
    ...     _ = path.write_text("# text = Chào\\n1\\tChào\\tchào\\tVERB\\tV\\t_\\t0\\troot\\t_\\t_\\n", "utf-8")
    ...     [(w.form, w.upos, w.xpos) for w in read_conllu_sentences(path)[0].words]
    [('Chào', 'VERB', 'V')]
    """
    with open(path, encoding="utf-8") as handle:
        return list(iter_conllu(handle))


def read_conllu(path: str | Path) -> list[list[tuple[str, str]]]:
    """Sentences of a CoNLL-U file as lists of (word, UPOS).

    >>> import pathlib, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = pathlib.Path(tmp, "a.conllu")
    ...     _ = path.write_text("1\\tbắt chuyện\\tbắt chuyện\\tVERB\\tV\\t_\\t0\\troot\\t_\\t_\\n\\n", encoding="utf-8")
    ...     read_conllu(path)
    [[('bắt chuyện', 'VERB')]]
    """
    return [sentence.tagged() for sentence in read_conllu_sentences(path)]
