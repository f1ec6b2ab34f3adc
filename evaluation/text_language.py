"""text.language: Vietnamese with and without diacritics (UD-VTB test) and other languages (Debian fortunes).

Vietnamese: the 800 UD-VTB test sentences as written, and the same sentences with every mark removed
(../shared/data/diacritics_from_ud_vtb_test). Other languages: up to 300 short quotations per language from
Debian's fortune packages (fortunes, fortunes-de, fortunes-es, fortunes-it), read where they are installed.
The peer is py3langid, the library underneath, called directly.

    python evaluation/text_language.py [--json]
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from _common import SHARED_DATA, args, report, run_all

FORTUNES = Path("/usr/share/games/fortunes")
SOURCES = {"en": [FORTUNES / n for n in ("fortunes", "wisdom", "literature", "people", "politics", "work")],
           "de": [FORTUNES / "de"], "es": [FORTUNES / "es"], "it": [FORTUNES / "it"]}  # fmt: skip
PER_LANGUAGE = 300


def vietnamese() -> tuple[list[str], list[str]]:
    with (SHARED_DATA / "diacritics_from_ud_vtb_test" / "test.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
    return [r[2] for r in rows], [r[1] for r in rows]


def quotations(paths: list[Path]) -> list[str]:
    files = sorted(f for p in paths for f in ([p] if p.is_file() else p.iterdir())
                   if f.is_file() and f.suffix not in (".dat", ".u8") and not f.is_symlink())  # fmt: skip
    out: list[str] = []
    for path in files:
        for entry in path.read_text(encoding="utf-8", errors="replace").split("\n%\n"):
            text = " ".join(entry.split())
            words = re.findall(r"[^\W\d_]+", text)
            if 6 <= len(words) <= 40 and sum(len(w) for w in words) > 0.6 * len(text) and "\ufffd" not in text:
                out.append(text)
            if len(out) >= PER_LANGUAGE:
                return out
    return out


def main() -> None:
    opts = args(__doc__ or "")
    with_marks, without_marks = vietnamese()
    sets: dict[str, tuple[str, list[str]]] = {
        "Vietnamese, with diacritics": ("vi", with_marks),
        "Vietnamese, without diacritics": ("vi", without_marks),
    }
    for lang, paths in SOURCES.items():
        texts = quotations(paths)
        if texts:
            sets[f"{lang} (fortunes)"] = (lang, texts)
    import py3langid

    rows = {}
    for name, (lang, texts) in sets.items():
        texts = texts[: opts.limit or None]
        ours = run_all("text.language", [{"text": t} for t in texts])
        peer = [py3langid.classify(t)[0] for t in texts]
        rows[name] = {"items": len(texts),
                      "nonla acc %": round(100 * sum(o.language == lang for o in ours) / len(texts), 2),
                      "py3langid acc %": round(100 * sum(p == lang for p in peer) / len(texts), 2)}  # fmt: skip
    card = {f"accuracy % {name}": row["nonla acc %"] for name, row in rows.items()}
    peers = {f"py3langid accuracy % {name}": row["py3langid acc %"] for name, row in rows.items()}
    report("Language identification", rows, opts.json, card=card, peers=peers)


if __name__ == "__main__":
    main()
