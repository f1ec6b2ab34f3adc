"""text.sentiment on nonla's sentiment test set, against a majority-class and a keyword-lexicon baseline.

Every figure is given twice: on the sentences written with diacritics, as written, and on every test sentence with
its diacritics removed (how many people type), which the function restores (vi.diacritics) before judging; the
"marks not restored" figures are the same sentences with restore_diacritics=false. Accuracy and macro-F1 over
positive / negative / neutral, in %.

python evaluation/text_sentiment.py [--json]
"""

from __future__ import annotations

import json
import re
from collections import Counter

from _common import REPO, Timer, args, report, run_all

DATA = REPO / "tests" / "data" / "sentiment"
LABELS = ("positive", "negative", "neutral")

# The lexicon peer: words that carry tone in Vietnamese reviews and complaints, written for this script without
# looking at the test set. A positive word after a negator counts as negative.
POSITIVE = """tốt tuyệt hài_lòng ưng thích hay ngon đẹp nhanh tiện tiện_lợi nhiệt_tình tận_tình chu_đáo cảm_ơn
    khen xuất_sắc tuyệt_vời yên_tâm vui đáng mượt sạch thân_thiện chuyên_nghiệp hợp_lý rẻ ổn xịn đỉnh uy_tín
    phấn_khởi thành_công cải_thiện ấm_lòng biết_ơn dễ_dùng dễ_chịu nhanh_gọn tăng_trưởng ok""".split()
NEGATIVE = """tệ kém chán dở chậm lỗi hỏng bực thất_vọng bức_xúc lừa lừa_đảo phí_tiền hôi bẩn ồn ngập trễ hách_dịch
    gắt nóng_nực treo lag văng đắt chặt_chém vô_lý nguy_hiểm độc_hại thiếu tắc kẹt sai mất tử_vong thiệt_mạng
    ô_nhiễm quá_tải khổ mệt cáu giả kinh_khủng tồi không_chịu_nổi đau""".split()
NEGATORS = {"không", "chẳng", "chưa", "chả", "ko", "k", "khong", "chang", "chua", "hok", "hông"}


def plain(text: str) -> str:
    from nonla.functions.vi.tone_marks import strip_diacritics

    return strip_diacritics(text)


def lexicon_label(text: str) -> str:
    """Count tone words (multi-syllable words joined by '_'); typed without marks, compare without marks."""
    marked = plain(text) != text
    words = re.findall(r"\w+", (text if marked else plain(text)).lower())
    score = 0
    for lexicon, sign in ((POSITIVE, 1), (NEGATIVE, -1)):
        for entry in lexicon:
            syllables = (entry if marked else plain(entry)).split("_")
            for i in range(len(words) - len(syllables) + 1):
                if words[i : i + len(syllables)] == syllables:
                    negated = any(w in NEGATORS for w in words[max(0, i - 2) : i])
                    score += -sign if negated else sign
    return "positive" if score > 0 else "negative" if score < 0 else "neutral"


def scores(gold: list[str], pred: list[str]) -> dict[str, float]:
    """Accuracy and macro-F1 (mean over the three labels of per-label F1), in %."""
    f1s = []
    for label in LABELS:
        hit = sum(g == p == label for g, p in zip(gold, pred, strict=True))
        predicted, actual = pred.count(label), gold.count(label)
        f1s.append(2 * hit / (predicted + actual) if predicted + actual else 0.0)
    accuracy = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
    return {"accuracy": round(100 * accuracy, 2), "macro-F1": round(100 * sum(f1s) / len(f1s), 2)}


def main() -> None:
    opts = args(__doc__ or "")
    rows = [json.loads(line) for line in (DATA / "test.jsonl").read_text(encoding="utf-8").splitlines()]
    rows = rows[: opts.limit or None]
    train_labels = [
        json.loads(line)["label"] for line in (DATA / "train.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    majority = Counter(train_labels).most_common(1)[0][0]
    views = {  # name -> (texts, gold labels)
        "with diacritics": ([r["text"] for r in rows if r["diacritics"]], [r["label"] for r in rows if r["diacritics"]]),
        "without diacritics": ([plain(r["text"]) for r in rows], [r["label"] for r in rows]),
    }  # fmt: skip
    run_all("text.sentiment", [{"text": "khởi động"}])  # load the models outside the timing
    table: dict[str, dict[str, float]] = {}
    card: dict[str, float] = {}
    peers: dict[str, float] = {}
    for view, (texts, gold) in views.items():
        with Timer() as t:
            ours = [o.label for o in run_all("text.sentiment", [{"text": x} for x in texts])]
        systems = {
            "nonla text.sentiment": ours,
            "keyword lexicon": [lexicon_label(x) for x in texts],
            f"majority class ({majority})": [majority] * len(texts),
        }
        for system, pred in systems.items():
            table[f"{system}, {view} ({len(texts)})"] = scores(gold, pred)
        table[f"nonla text.sentiment, {view} ({len(texts)})"]["texts/s"] = round(len(texts) / t.seconds, 1)
        for metric, value in scores(gold, ours).items():
            card[f"test {metric} % ({view})"] = value
        for metric, value in scores(gold, systems["keyword lexicon"]).items():
            peers[f"keyword lexicon {metric} % ({view})"] = value
        for metric, value in scores(gold, [majority] * len(texts)).items():
            peers[f"majority class {metric} % ({view})"] = value
    texts, gold = views["without diacritics"]
    unrestored = [o.label for o in run_all("text.sentiment", [{"text": x, "restore_diacritics": False} for x in texts])]
    table[f"nonla text.sentiment, without diacritics, marks not restored ({len(texts)})"] = scores(gold, unrestored)
    for metric, value in scores(gold, unrestored).items():
        card[f"test {metric} % (without diacritics, marks not restored)"] = value
    report(f"Sentiment, nonla test set ({len(rows)} sentences)", table, opts.json, card=card, peers=peers)


if __name__ == "__main__":
    main()
