"""vision.ocr against trueocr (ONNX, Vietnamese) on pages rendered here: character and word error rates.

60 pages, seeded and rendered with Pillow: law text from the shared 208-law corpus (even pages) and UD-VTB test
sentences (odd pages), 6 fonts with Vietnamese coverage (DejaVu, GNU FreeFont), 150/200/300 dpi, and one of six
conditions: clean, noise, blur, skew (±1–3°), a grey JPEG "scan", or a quarter turn (90/180/270°). Both engines read
the same images in the same run. CER/WER = edit distance / reference length (NFC, whitespace collapsed), in %.

    python evaluation/vision_ocr.py [--json] [--limit N]
"""

from __future__ import annotations

import base64
import io
import random
import time
import unicodedata
from pathlib import Path

from _common import SHARED_DATA, UD, args, report, run_all

PAGES = 60
SEED = 20261122
FONTS = ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
         "/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf", "/usr/share/fonts/truetype/freefont/FreeSerif.ttf",
         "/usr/share/fonts/truetype/freefont/FreeSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSerifCondensed.ttf"]  # fmt: skip
CONDITIONS = ["clean", "noise", "blur", "skew", "grey JPEG scan", "quarter turn"]
LAWS = SHARED_DATA / "vn_laws_corpus_underthesea_vlc" / "processed"


def edit_distance(a: list[str] | str, b: list[str] | str) -> int:
    """Levenshtein distance, bit-parallel (Hyyrö 2001) over Python integers: fast enough for whole pages.

    >>> edit_distance("kitten", "sitting"), edit_distance("", "abc"), edit_distance(["a", "b"], ["b"])
    (3, 3, 1)
    """
    if not a or not b:
        return len(a) + len(b)
    m = len(a)
    full, top = (1 << m) - 1, 1 << (m - 1)
    peq: dict[str, int] = {}
    for i, symbol in enumerate(a):
        peq[symbol] = peq.get(symbol, 0) | (1 << i)
    pv, mv, score = full, 0, m
    for symbol in b:
        eq = peq.get(symbol, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = (mv | ~(xh | pv)) & full
        mh = pv & xh
        score += 1 if ph & top else -1 if mh & top else 0
        ph = ((ph << 1) | 1) & full
        mh = (mh << 1) & full
        pv = (mh | ~(xv | ph)) & full
        mv = ph & xv
    return score


def normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def law_paragraphs() -> list[list[str]]:
    files = sorted(LAWS.glob("*.txt"))
    out = []
    for path in files[::4]:
        paragraphs = [" ".join(p.split()) for p in path.read_text(encoding="utf-8").splitlines()]
        out.append([p for p in paragraphs if len(p) > 20 and "\ufffd" not in p])
    return out


def ud_sentences() -> list[str]:
    lines = (UD / "vi_vtb-ud-test.conllu").read_text(encoding="utf-8").splitlines()
    return [line.split("=", 1)[1].strip() for line in lines if line.startswith("# text")]


def wrap(paragraphs: list[str], font: object, width: int, rows: int) -> list[str]:
    out: list[str] = []
    for paragraph in paragraphs:
        line = ""
        for word in paragraph.split():
            trial = f"{line} {word}".strip()
            if font.getlength(trial) <= width or not line:  # type: ignore[attr-defined]
                line = trial
            else:
                out.append(line)
                line = word
            if len(out) == rows:
                return out
        out.append(line)
        if len(out) == rows:
            return out
    return out


def render(index: int, laws: list[list[str]], sentences: list[str]) -> tuple[bytes, str, str]:
    """(PNG or JPEG bytes, reference text, condition) of page ``index``; the same index gives the same page."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    rng = random.Random(SEED + index)
    dpi = (150, 200, 300)[index % 3]
    condition = CONDITIONS[(index // 3) % len(CONDITIONS)] if index % 10 != 9 else "quarter turn"
    font = ImageFont.truetype(FONTS[index % len(FONTS)], round(rng.choice((10, 11, 12)) * dpi / 72))
    if index % 2 == 0:
        law = laws[(index // 2) % len(laws)]
        start = rng.randrange(max(1, len(law) - 20))
        paragraphs = law[start : start + 20]
    else:
        start = rng.randrange(len(sentences) - 40)
        paragraphs = sentences[start : start + 40]
    width, height, margin = round(5.8 * dpi), round(8.3 * dpi), round(0.6 * dpi)
    step = round(font.size * 1.4)
    lines = wrap(paragraphs, font, width - 2 * margin, rows=min(24, (height - 2 * margin) // step))
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    for row, line in enumerate(lines):
        draw.text((margin, margin + row * step), line, font=font, fill=rng.randrange(0, 50))
    noise = np.random.default_rng(SEED + index)
    if condition == "noise":
        pixels = np.asarray(page, dtype=np.float32) + noise.normal(0, 28, (height, width))
        page = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    elif condition == "blur":
        page = page.filter(ImageFilter.GaussianBlur(dpi / 200))
    elif condition == "skew":
        page = page.rotate(
            rng.choice((-1, 1)) * rng.uniform(1, 3), Image.Resampling.BICUBIC, expand=True, fillcolor=255
        )
    elif condition == "quarter turn":
        page = page.rotate((90, 270, 180)[(index // 10) % 3], expand=True)
    buffer = io.BytesIO()
    if condition == "grey JPEG scan":
        pixels = np.asarray(page, dtype=np.float32) * 0.85 + 20 + noise.normal(0, 10, (height, width))
        page = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.6))
        page.save(buffer, "JPEG", quality=60)
    else:
        page.save(buffer, "PNG")
    return buffer.getvalue(), "\n".join(lines), condition


def rates(pairs: list[tuple[str, str]]) -> tuple[float, float]:
    chars = sum(edit_distance(normal(gold), normal(hyp)) for gold, hyp in pairs)
    words = sum(edit_distance(normal(gold).split(), normal(hyp).split()) for gold, hyp in pairs)
    total_chars = sum(len(normal(gold)) for gold, _ in pairs)
    total_words = sum(len(normal(gold).split()) for gold, _ in pairs)
    return round(100 * chars / total_chars, 2), round(100 * words / total_words, 2)


def main() -> None:
    opts = args(__doc__ or "")
    missing = [f for f in FONTS if not Path(f).is_file()]
    if missing:
        raise SystemExit(
            f"fonts missing (apt-get install fonts-dejavu-core fonts-dejavu-extra fonts-freefont-ttf): {missing}"
        )
    laws, sentences = law_paragraphs(), ud_sentences()
    pages = [render(i, laws, sentences) for i in range(opts.limit or PAGES)]
    started = time.perf_counter()
    ours = run_all("vision.ocr", [{"data": base64.b64encode(raw).decode()} for raw, _, _ in pages], batch=2)
    ours_seconds = time.perf_counter() - started
    from PIL import Image
    from trueocr import OCRConfig, TrueOCR

    peer = TrueOCR(OCRConfig(threads=1))
    started = time.perf_counter()
    theirs = [peer.predict(Image.open(io.BytesIO(raw)).convert("RGB")).text for raw, _, _ in pages]
    peer_seconds = time.perf_counter() - started
    rows, card, peers = {}, {}, {}
    groups = {"all pages": list(range(len(pages)))}
    for condition in CONDITIONS:
        groups[condition] = [i for i, (_, _, c) in enumerate(pages) if c == condition]
    for name, members in groups.items():
        if not members:
            continue
        cer, wer = rates([(pages[i][1], ours[i].text) for i in members])
        peer_cer, peer_wer = rates([(pages[i][1], theirs[i]) for i in members])
        rows[name] = {"pages": len(members), "nonla CER %": cer, "trueocr CER %": peer_cer,
                      "nonla WER %": wer, "trueocr WER %": peer_wer}  # fmt: skip
        card[f"CER % ({name})"], card[f"WER % ({name})"] = cer, wer
        peers[f"trueocr CER % ({name})"], peers[f"trueocr WER % ({name})"] = peer_cer, peer_wer
    extra = {
        "seconds per page (nonla, trueocr)": [round(ours_seconds / len(pages), 2), round(peer_seconds / len(pages), 2)]
    }
    report("OCR of rendered Vietnamese pages", rows, opts.json, extra=extra, card=card, peers=peers)


if __name__ == "__main__":
    main()
