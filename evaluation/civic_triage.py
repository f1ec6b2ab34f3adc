"""civic.triage on the test split of nonla's civic feedback set, against a keyword lexicon and the majority class.

Category accuracy and macro-F1, department accuracy (the routing table applied to the predicted category) and urgency
accuracy, in %: once on the test messages as written (a third of them were typed without diacritics) and once with
the diacritics of every test message removed. Also measured, on the messages as written: the share of messages the
function sends to review and the category accuracy of the others, and the near-duplicate pairs found when the whole
test split arrives in one call.

python evaluation/civic_triage.py [--json]
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter

from _common import REPO, Timer, args, prf, report, run_all

DATA = REPO / "tests" / "data" / "civic" / "messages.jsonl"

# The lexicon peer: words that name each category's usual subjects, written for this script from the labelling
# guidelines (tests/data/civic/README.md). The category with the most hits wins; none at all is 'other'.
LEXICON = {
    "traffic_roads": "đường ổ_gà ổ_voi đèn_tín_hiệu biển_báo xe_buýt cầu vỉa_hè giao_thông kẹt_xe ùn_tắc tai_nạn "
    "lan_can gờ_giảm_tốc vạch_kẻ quốc_lộ tỉnh_lộ xe_tải bãi_giữ_xe trạm_thu_phí",
    "environment_sanitation": "rác ô_nhiễm nước_thải mùi_hôi bốc_mùi khói bụi cống thoát_nước cây_xanh xả_thải "
    "môi_trường tiếng_ồn hôi_thối kênh sông xác",
    "land_construction": "đất sổ_đỏ sổ_hồng giấy_phép_xây_dựng xây_dựng lấn_chiếm thu_hồi bồi_thường quy_hoạch "
    "công_trình tái_định_cư chủ_đầu_tư nứt xây_trái_phép tách_thửa",
    "public_order_security": "công_an trộm đánh_nhau lừa_đảo ma_túy cờ_bạc karaoke cướp bảo_kê cho_vay_nặng_lãi "
    "gây_rối an_ninh say_xỉn đua_xe mất_trộm",
    "health": "bệnh_viện bác_sĩ y_tế khám thuốc tiêm vắc_xin dịch ngộ_độc bệnh_nhân nhà_thuốc phòng_khám "
    "cấp_cứu bảo_hiểm_y_tế thực_phẩm",
    "education": "trường học_sinh giáo_viên cô_giáo học_phí học_thêm tuyển_sinh mầm_non tiểu_học thcs thpt lớp "
    "phụ_huynh sách_giáo_khoa bán_trú",
    "social_welfare": "trợ_cấp hộ_nghèo người_có_công thương_binh liệt_sĩ bảo_hiểm_xã_hội lương công_nhân "
    "người_khuyết_tật người_cao_tuổi hỗ_trợ thất_nghiệp lao_động cứu_trợ bảo_trợ",
    "administrative_procedures": "thủ_tục hồ_sơ một_cửa dịch_vụ_công khai_sinh kết_hôn chứng_thực căn_cước "
    "tạm_trú thường_trú hộ_chiếu trích_lục lý_lịch_tư_pháp vneid cán_bộ",
    "utilities": "mất_điện cúp_điện điện_lực tiền_điện công_tơ mất_nước cúp_nước nước_máy cấp_nước "
    "đồng_hồ_nước dây_điện trụ_điện cột_điện điện_áp",
    "other": "du_lịch lễ_hội cảm_ơn khen nhà_mạng cuộc_gọi internet giá ngân_hàng bảo_hiểm bảo_tàng vé",
}


def plain(text: str) -> str:
    from nonla.functions.vi.tone_marks import strip_diacritics

    return strip_diacritics(text)


def lexicon_category(text: str) -> str:
    """Count lexicon words (multi-syllable words joined by '_'); typed without marks, compare without marks."""
    marked = plain(text) != text
    words = re.findall(r"\w+", (text if marked else plain(text)).lower())
    hits: Counter[str] = Counter()
    for category, entries in LEXICON.items():
        for entry in entries.split():
            syllables = (entry if marked else plain(entry)).split("_")
            hits[category] += sum(
                words[i : i + len(syllables)] == syllables for i in range(len(words) - len(syllables) + 1)
            )
    best = max(LEXICON, key=lambda c: hits[c])  # first of equals: the order above
    return best if hits[best] else "other"


def scores(gold: list[str], pred: list[str], labels: list[str]) -> dict[str, float]:
    """Accuracy and macro-F1 (mean over the labels of per-label F1), in %."""
    f1s = []
    for label in labels:
        hit = sum(g == p == label for g, p in zip(gold, pred, strict=True))
        predicted, actual = pred.count(label), gold.count(label)
        f1s.append(2 * hit / (predicted + actual) if predicted + actual else 0.0)
    accuracy = sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
    return {"accuracy": round(100 * accuracy, 2), "macro-F1": round(100 * sum(f1s) / max(1, len(f1s)), 2)}


def duplicate_pairs(rows: list[dict[str, str]], groups: list[str | None]) -> dict[str, float]:
    def pairs(keys: list[str | None]) -> list[tuple[int, int]]:
        members: dict[str, list[int]] = {}
        for i, key in enumerate(keys):
            if key:
                members.setdefault(key, []).append(i)
        return [pair for group in members.values() for pair in itertools.combinations(group, 2)]

    return prf(pairs([r["duplicate_of"] for r in rows]), pairs(groups))


def unrestored(texts: list[str], rows: list[dict[str, str]]) -> float:
    """The head on messages without diacritics read as they are: what restoring the marks first is worth."""
    from nonla.core.models import shared_models
    from nonla.functions.civic.triage_head import HEAD_MODEL, TriageHead
    from nonla.functions.text.embeddings import embedder

    head = shared_models().load(HEAD_MODEL, TriageHead.from_file)
    predicted = [max(s, key=lambda k: s[k]) for s in head.scores(embedder(shared_models()).embed(texts, "query"))]
    return scores([r["category"] for r in rows], predicted, [])["accuracy"]


def main() -> None:
    from nonla.functions.civic.triage_taxonomy import taxonomy

    opts = args(__doc__ or "")
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    train, test = [r for r in rows if r["split"] == "train"], [r for r in rows if r["split"] == "test"]
    test = test[: opts.limit or None]
    tax = taxonomy("default")
    labels = list(tax.categories)
    route = {key: category.department for key, category in tax.categories.items()}
    majority = Counter(r["category"] for r in train).most_common(1)[0][0]
    usual = Counter(r["urgency"] for r in train).most_common(1)[0][0]
    run_all("civic.triage", [{"text": "khởi động"}])  # load the models outside the timing
    table: dict[str, dict[str, float]] = {}
    card: dict[str, float] = {}
    peers: dict[str, float] = {}
    extra: dict[str, object] = {}
    for view, texts in (
        ("as written", [r["text"] for r in test]),
        ("without diacritics", [plain(r["text"]) for r in test]),
    ):
        with Timer() as t:
            outs = run_all("civic.triage", [{"text": x} for x in texts], batch=1_000)
        gold = {"category": [r["category"] for r in test], "department": [r["department"] for r in test],
                "urgency": [r["urgency"] for r in test]}  # fmt: skip
        lexicon = [lexicon_category(x) for x in texts]
        systems = {
            "nonla civic.triage": ([o.category for o in outs], [o.department for o in outs], [o.urgency for o in outs]),
            "keyword lexicon": (lexicon, [route[c] for c in lexicon], None),
            f"majority class ({majority}, {usual})": ([majority] * len(texts), [route[majority]] * len(texts),
                                                      [usual] * len(texts)),
        }  # fmt: skip
        for system, (category, department, urgency) in systems.items():
            row = {f"category {k}": v for k, v in scores(gold["category"], category, labels).items()}
            row["department accuracy"] = scores(gold["department"], department, [])["accuracy"]
            if urgency is not None:
                row["urgency accuracy"] = scores(gold["urgency"], urgency, [])["accuracy"]
            table[f"{system}, {view} ({len(texts)})"] = row
            name = "majority class" if system.startswith("majority") else system
            for metric, value in row.items():
                if system == "nonla civic.triage":
                    card[f"test {metric} % ({view})"] = value
                else:
                    peers[f"{name} {metric} % ({view})"] = value
        table[f"nonla civic.triage, {view} ({len(texts)})"]["messages/s"] = round(len(texts) / t.seconds, 1)
        if view == "as written":
            kept = [(o, r) for o, r in zip(outs, test, strict=True) if not o.review_suggested]
            card["test share sent to review % (as written)"] = round(100 * (1 - len(kept) / len(test)), 2)
            card["test category accuracy % of messages not sent to review (as written)"] = round(
                100 * sum(o.category == r["category"] for o, r in kept) / max(1, len(kept)), 2
            )
            high = prf([i for i, r in enumerate(test) if r["urgency"] == "high"],
                       [i for i, o in enumerate(outs) if o.urgency == "high"])  # fmt: skip
            card["test high urgency precision % (as written)"] = high["precision"]
            card["test high urgency recall % (as written)"] = high["recall"]
            pairs = duplicate_pairs(test, [o.duplicate_group for o in outs])
            for metric, value in pairs.items():
                card[f"test near-duplicate pair {metric} % (one call)"] = value
            extra["addresses located (as written)"] = sum(o.location is not None for o in outs)
        else:
            extra["category accuracy % (without diacritics), marks not restored first"] = unrestored(texts, test)
    report(f"Civic feedback triage, nonla test split ({len(test)} messages)", table, opts.json, extra=extra,
           card=card, peers=peers)  # fmt: skip


if __name__ == "__main__":
    main()
