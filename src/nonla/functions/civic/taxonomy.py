"""The default taxonomy and routing table of civic.triage, as data.

Category -> label (Vietnamese), responsible department (provincial agencies as organised from 1 July 2025), handling
deadline in working days (and the shorter one when the message is urgent), and urgency keywords. An agency overrides
any part of it with ``$NONLA_HOME/agencies/<agency>.json`` of the same shape (``json.dumps(DEFAULT_TAXONOMY)`` is a
complete example); see triage_taxonomy.py for how the two are merged.

urgency.high: danger words (any category); urgency.low: questions, suggestions, thanks; urgency.ignore: phrases that
hold a danger word but are no danger. A category's urgency_keywords add words that are dangerous in that category.
"""

from __future__ import annotations

from typing import Any


def _words(text: str) -> list[str]:
    return [word.strip() for word in text.split(",") if word.strip()]


DEFAULT_TAXONOMY: dict[str, Any] = {
    "urgency": {
        "high": _words(
            "ngập sâu, cháy, hỏa hoạn, bốc cháy, bị cháy, nổ, sập, đổ sập, sạt lở, sụt lún, lún móng, điện giật, "
            "tóe lửa, đứt dây điện, dây điện rơi, rơi xuống, có thể đổ, sắp đổ, tai nạn, tông vào, tông gãy, "
            "tông người, bị tông, bị thương, chấn thương, chảy máu, tử vong, chết đuối, đuối nước, ô nhiễm nặng, "
            "cấp cứu, ngộ độc, nôn mửa, khí gas, rò rỉ gas, hóa chất, lũ cuốn, nước chảy xiết, đánh nhau, "
            "hung khí, cầm dao, đuổi chém, đập phá, cướp giật, bắt cóc, bạo hành, bạo lực, đánh vợ, bỏ rơi, "
            "mắc kẹt, đột quỵ, nguy hiểm tính mạng, khẩn cấp, mất tích, bị lạc, đi lạc, nước lũ, lũ dâng, lũ lụt, "
            "lũ quét, trọng thương, bị đâm, xì ga, rò rỉ ga, rò khí ga, cột điện gãy, cột điện đổ, gãy đổ"
        ),
        "low": _words(
            "xin hỏi, cho hỏi, cho em hỏi, cho tôi hỏi, muốn hỏi, góp ý, đề xuất, cảm ơn, lời khen, khen ngợi, "
            "có thể cho, nên có, mở thêm, lắp thêm, đặt thêm, trồng thêm"
        ),
        "ignore": _words("phòng cháy, chữa cháy, sơ cấp cứu, khoa cấp cứu, pháo nổ, bê tông, nổ pô"),
    },
    "categories": {
        "traffic_roads": {
            "label": "Giao thông, đường sá",
            "department": "Sở Xây dựng",
            "deadline_days": 10,
            "urgent_deadline_days": 1,
            "urgency_keywords": {"high": _words("mất nắp, gãy lan can, cây đổ, dầu nhớt, bị cuốn"), "low": []},
        },
        "environment_sanitation": {
            "label": "Môi trường, vệ sinh",
            "department": "Sở Nông nghiệp và Môi trường",
            "deadline_days": 7,
            "urgent_deadline_days": 1,
            "urgency_keywords": {
                "high": _words("cá chết nổi, cá chết hàng loạt, bật gốc, tràn dầu, khói độc, khó thở"),
                "low": [],
            },
        },
        "land_construction": {
            "label": "Đất đai, xây dựng",
            "department": "Sở Xây dựng",
            "deadline_days": 15,
            "urgent_deadline_days": 2,
            "urgency_keywords": {
                "high": _words("nứt toác, vết nứt lớn, nhà nghiêng, bong mảng, giàn giáo, hố móng"),
                "low": [],
            },
        },
        "public_order_security": {
            "label": "An ninh, trật tự",
            "department": "Công an tỉnh/thành phố",
            "deadline_days": 5,
            "urgent_deadline_days": 1,
            "urgency_keywords": {
                "high": _words("ngáo đá, nhảy xuống, đi lạc, dụ dỗ, dụ vào, xông vào, trẻ em"),
                "low": [],
            },
        },
        "health": {
            "label": "Y tế, an toàn thực phẩm",
            "department": "Sở Y tế",
            "deadline_days": 7,
            "urgent_deadline_days": 1,
            "urgency_keywords": {
                "high": _words("nôn ói, sốt cao, ổ dịch, chó dại, nghi dại, mất nước nặng, ho ra máu"),
                "low": [],
            },
        },
        "education": {
            "label": "Giáo dục, đào tạo",
            "department": "Sở Giáo dục và Đào tạo",
            "deadline_days": 10,
            "urgent_deadline_days": 1,
            "urgency_keywords": {"high": _words("đánh hội đồng, bỏ quên, suýt chết, gãy tay"), "low": []},
        },
        "social_welfare": {
            "label": "Lao động, chính sách, an sinh xã hội",
            "department": "Sở Nội vụ",
            "deadline_days": 10,
            "urgent_deadline_days": 1,
            "urgency_keywords": {
                "high": _words("lang thang, ngủ ngoài trời, nhịn đói, đuổi ra khỏi nhà, rét đậm, trẻ em"),
                "low": [],
            },
        },
        "administrative_procedures": {
            "label": "Thủ tục hành chính",
            "department": "Trung tâm Phục vụ hành chính công tỉnh/thành phố",
            "deadline_days": 5,
            "urgent_deadline_days": 2,
            "urgency_keywords": {"high": _words(""), "low": []},
        },
        "utilities": {
            "label": "Điện, nước sinh hoạt",
            "department": "Sở Công Thương",
            "deadline_days": 3,
            "urgent_deadline_days": 1,
            "urgency_keywords": {"high": _words("bốc khói, mùi khét, chập điện, trạm biến áp, đứt dây"), "low": []},
        },
        "other": {
            "label": "Khác",
            "department": "Văn phòng Ủy ban nhân dân tỉnh/thành phố",
            "deadline_days": 10,
            "urgent_deadline_days": 2,
            "urgency_keywords": {"high": _words(""), "low": []},
        },
    },
}
