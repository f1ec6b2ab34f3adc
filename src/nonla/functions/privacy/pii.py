"""privacy.pii — find and redact personal data in Vietnamese text (names, IDs, phones, addresses, …).

>>> import nonla
>>> out = nonla.run("privacy.pii", text="Bị cáo Nguyễn Văn An, SĐT 0912.345.678, CCCD 001090012345.")
>>> out.text
'Bị cáo [PERSON], SĐT [PHONE], CCCD [ID].'
>>> nonla.run("privacy.pii", text="Ông Trần Văn Hùng gặp bà Lê Thị Mai; ông Hùng nói.", mode="pseudonym").text
'Ông Trần Văn A gặp bà Lê Thị B; ông A nói.'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from nonla.core.errors import InvalidInput, NonlaError
from nonla.core.function import Card, Risk, Text, function
from nonla.core.models import Models
from nonla.core.runner import subcall
from nonla.functions.privacy.address import find_addresses
from nonla.functions.privacy.cues import CueIndex
from nonla.functions.privacy.digit_runs import find_numbers
from nonla.functions.privacy.name_words import vietnamese
from nonla.functions.privacy.patterns import find_bhyt, find_dobs, find_emails, find_passports, find_plates
from nonla.functions.privacy.persons import find_persons
from nonla.functions.privacy.replace import apply, mapping, replacements
from nonla.functions.privacy.spans import Candidate, fold, resolve
from nonla.functions.vi.legacy_encodings import detect_encoding
from nonla.functions.vi.plain import Plain, plain

# Letters with zero-width spaces between them: 'Nguy\u200bễn' (one word cut) or 'Nguyễn\u200bVăn' (two words).
_ZERO_WIDTH_IN_LETTERS = re.compile(r"[^\W\d_]+(?:\u200b[^\W\d_]+)+")
_SOFT_HYPHEN = "\u00ad"


class LegacyEncoding(InvalidInput):
    code = "legacy_encoding"
    default_hint = "Convert the text to Unicode with vi.normalize first, then send what it returns."


# Pinned: a version never changes meaning, so the figures on this card stay reproducible when vi.entities@2 lands.
TAGGER = "vi.entities@1"
PiiType = Literal["PERSON", "ID", "PHONE", "EMAIL", "BANK_ACCOUNT", "TAX_CODE", "HEALTH_INSURANCE", "PASSPORT",
                  "PLATE", "DOB", "ADDRESS"]  # fmt: skip


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: Text = Field(description="Vietnamese text, with or without tone marks.")
    mode: Literal["mask", "pseudonym", "generalize"] = Field(
        "mask",
        description="mask: '[PHONE]'; pseudonym: court style 'Nguyễn Văn A', '[PHONE_1]', consistent in the text; "
        "generalize: an address becomes its province, a date of birth its year, the rest '[TYPE]'.",
    )
    types: list[PiiType] | None = Field(None, min_length=1, description="Only these types (default: all).")
    reversible: bool = Field(
        False, description="Also return 'mapping' (placeholder → original). The mapping is personal data."
    )

    @model_validator(mode="after")
    def _reversible_mode(self) -> Input:
        if self.reversible and self.mode == "generalize":
            raise ValueError("a generalized text cannot be reversed; use mode 'mask' or 'pseudonym' with reversible")
        return self


class Entity(BaseModel):
    type: PiiType
    start: int = Field(description="Character offset in the NFC-normalised text.")
    end: int
    text: str
    confidence: float
    replacement: str = Field(description="What replaced it in the output text.")


class Output(BaseModel):
    entities: list[Entity]
    text: str = Field(description="The text with every entity replaced.")
    mapping: dict[str, str] | None = Field(
        None,
        description="Placeholder → original, only when reversible was asked for (mask placeholders are then numbered, "
        "'[PHONE_1]', so each names one value). Personal data: guard it like the original text.",
    )


CARD = Card(
    summary="Finds and redacts personal data in Vietnamese text: names, CCCD/CMND, phones, e-mails, bank accounts, "
    "tax codes, BHYT cards, passports, licence plates, dates of birth and street addresses.",
    languages=["vi"],
    licence="Apache-2.0 (code, rules and word lists written by nonla); PERSON also uses vi.entities "
    "(underthesea 9.5 CRF, GPL-3.0)",
    metrics={
        "PERSON recall %": 99.73,
        "ID recall %": 100.0,
        "PHONE recall %": 100.0,
        "EMAIL recall %": 100.0,
        "BANK_ACCOUNT recall %": 100.0,
        "TAX_CODE recall %": 100.0,
        "HEALTH_INSURANCE recall %": 100.0,
        "PASSPORT recall %": 100.0,
        "PLATE recall %": 100.0,
        "DOB recall %": 100.0,
        "ADDRESS recall %": 98.51,
        "PERSON precision %": 100.0,
        "ID precision %": 100.0,
        "PHONE precision %": 100.0,
        "EMAIL precision %": 100.0,
        "BANK_ACCOUNT precision %": 100.0,
        "TAX_CODE precision %": 100.0,
        "HEALTH_INSURANCE precision %": 100.0,
        "PASSPORT precision %": 100.0,
        "PLATE precision %": 100.0,
        "DOB precision %": 100.0,
        "ADDRESS precision %": 99.25,
        "structured ids recall %": 100.0,
        "all F1 %": 99.78,
        "invalid ids flagged": 0.0,
        "invalid ids in test": 16.0,
        "PERSON recall % (entities dev set)": 97.03,
        "PERSON precision % (entities dev set)": 98.0,
        "spans flagged in 500 statute lines": 1.0,
    },
    peers={
        "underthesea 9.5 ner PERSON recall %": 55.31,
        "underthesea 9.5 ner PERSON precision %": 61.89,
        "underthesea 9.5 ner PERSON recall % (entities dev set)": 70.3,
    },
    evaluation="python evaluation/privacy_pii.py",
    evaluation_data="tests/data/pii/test.jsonl: 372 Vietnamese sentences we wrote and annotated (complaints, "
    "judgments, forms, chat, notices; a third without tone marks; 16 invalid ids), built by tests/data/pii/build.py; "
    "half were written after the rules were tuned on dev.jsonl, and the test split led to one round of general fixes. "
    "PERSON also on tests/data/entities/dev.jsonl (120 sentences annotated by another team member, never used for "
    "tuning) and false alarms on 500 statute lines (vn_laws_corpus_underthesea_vlc). No offline Vietnamese PII tool "
    "exists to compare with: the peer is underthesea's NER on PERSON only.",
    risk=Risk.LIMITED,
    intended_use="Redacting or pseudonymising personal data before Vietnamese documents are published, shared, "
    "indexed or sent to other services: judgments, citizen complaints, forms, support chats.",
    limitations="Rules, checksums and word lists plus vi.entities@1 for names. Most test sentences come from our own "
    "templates, so the near-perfect structured figures say the patterns work, not that real documents score the same; "
    "the independent PERSON figure (entities dev set) is the better guide. Missed: names in lower case other than after a "
    "name cue ('tên là', 'họ và tên:'), one-word names and ethnic-minority or foreign names with no title before them ('Lộc cạy cửa', 'giữa A Thiên và…'); addresses "
    "whose house number has no cue word or marker ('Phòng khám X, 254 Hòa Hảo') and a trailing district named "
    "without 'quận'/'huyện'; a ward or province alone is not flagged by design; a bare 10-digit number is a tax code "
    "only after 'MST'/'mã số thuế'. CCCD sex digits cannot be checked. Entities' 'text' and the reversible 'mapping' "
    "are personal data themselves: reversible=true is refused to every key whose role lacks 'pii.reveal' (admin "
    "only; REST, console and batch jobs: nonla.governance.revealing), and neither should be logged or stored next "
    "to the redacted text.",
    examples=[
        {
            "text": "Bị cáo Nguyễn Văn An, sinh ngày 12/03/1990, CCCD 001090012345, trú tại số 12 đường Lê Lợi, "
            "phường Bến Nghé, Quận 1, TP.HCM."
        },
        {
            "text": "Chị Lan ơi, chuyển khoản vào STK 0071000123456 Vietcombank rồi gọi em 0912 345 678 nhé.",
            "mode": "pseudonym",
        },
        {
            "text": "Người khiếu nại: Trần Thị Bình, sinh năm 1985, ở thôn Đông Hạ, xã Tân Hòa, tỉnh Thái Nguyên.",
            "mode": "generalize",
            "types": ["PERSON", "DOB", "ADDRESS"],
        },
    ],  # fmt: skip
)


def _tagged_names(texts: list[str]) -> list[list[tuple[int, int]]]:
    """PER spans from vi.entities (through the runner); an item it cannot tag falls back to our rules alone."""
    results = subcall(TAGGER, [{"text": text} for text in texts]) if texts else []
    return [[] if isinstance(r, NonlaError) else [(e.start, e.end) for e in r.entities if e.type == "PER"]
            for r in results]  # fmt: skip


def detect(text: str, tagged: list[tuple[int, int]]) -> list[Candidate]:
    """Every personal-data span in ``text`` (NFC), overlaps resolved; ``tagged`` are a tagger's PER spans.

    >>> text = "STK 0912345678 của chị Lan"
    >>> [(c.type, text[c.start : c.end]) for c in detect(text, [])]
    [('BANK_ACCOUNT', '0912345678'), ('PERSON', 'Lan')]
    """
    folded = fold(text)
    cues = CueIndex(folded)
    dobs = find_dobs(text, folded)
    candidates = [*find_emails(text), *find_bhyt(text, cues), *find_passports(text, cues), *find_plates(text, cues),
                  *dobs, *find_numbers(text, cues, dobs), *find_addresses(text), *find_persons(text, tagged)]  # fmt: skip
    return resolve(candidates)


def _words_kept_whole(text: str) -> str:
    """``text`` (same length) with each zero-width space that cuts one Vietnamese syllable in two ('Nguy\\u200bễn')
    made a soft hyphen, which the plain copy drops: read as a word break, it would leave part of a name unredacted.
    Between two words ('Nguyễn\\u200bVăn') it stays a break.

    >>> _words_kept_whole("Nguy\\u200bễn\\u200bVăn") == "Nguy\\u00adễn\\u200bVăn"
    True
    """

    def whole(match: re.Match[str]) -> str:
        parts = match.group().split("\u200b")
        out = word = parts[0]
        for part in parts[1:]:
            if vietnamese(word + part):
                out, word = out + _SOFT_HYPHEN + part, word + part
            else:
                out, word = out + "\u200b" + part, part
        return out

    return _ZERO_WIDTH_IN_LETTERS.sub(whole, text) if "\u200b" in text else text


def _refuse_legacy(text: str) -> None:
    """Text in the TCVN3 or VNI fonts' 8-bit encodings hides its names from every rule here: refuse it rather than
    return it unredacted."""
    encoding = detect_encoding(text)
    if encoding != "unicode":
        raise LegacyEncoding(
            f"The text looks like Vietnamese typed in the old {encoding.upper()} encoding; the names and other "
            "personal data in it cannot be found.",
            encoding=encoding,
        )


def _in_original(copy: Plain, found: list[Candidate]) -> list[Candidate]:
    """The candidates found in the plain copy, each given the whole span it covers in the original text."""
    spans: list[Candidate] = []
    for cand in found:
        start, end = copy.original(cand.start, cand.end)
        spans.append(replace(cand, start=start, end=end))
    return spans


@function("privacy.pii", version=1, card=CARD, batch_size=32)
def run(batch: list[Input], models: Models) -> list[Output]:
    texts = [unicodedata.normalize("NFC", item.text) for item in batch]
    for text in texts:
        _refuse_legacy(text)  # one such item fails alone: the runner then runs the batch's items one by one
    # Detection reads a plain copy ('0912\xa0345\xa0678' as '0912 345 678'); offsets and replacement map back.
    copies = [plain(_words_kept_whole(text)) for text in texts]
    wants_names = [i for i, item in enumerate(batch) if item.types is None or "PERSON" in item.types]
    tagged: dict[int, list[tuple[int, int]]] = dict(
        zip(wants_names, _tagged_names([copies[i].text for i in wants_names]), strict=True)
    )
    outputs = []
    for index, (item, text, copy) in enumerate(zip(batch, texts, copies, strict=True)):
        found = [c for c in detect(copy.text, tagged.get(index, [])) if item.types is None or c.type in item.types]
        # Pseudonyms and numbering read the plain value: 'Nguy\xadễn Văn An' is 'Nguyễn Văn A', like the others.
        replaced = replacements(copy.text, found, item.mode, item.reversible)
        spans = _in_original(copy, found)
        entities = [Entity(type=c.type, start=c.start, end=c.end, text=text[c.start : c.end],  # type: ignore[arg-type]
                           confidence=c.confidence, replacement=new) for c, new in zip(spans, replaced, strict=True)]  # fmt: skip
        outputs.append(Output(entities=entities, text=apply(text, spans, replaced),
                              mapping=mapping(text, spans, replaced) if item.reversible else None))  # fmt: skip
    return outputs
