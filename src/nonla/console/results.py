"""Results rendered for people: entity and PII spans highlighted in the text they came from, lists of objects as
tables, lists of words as chips, the rest as a definition list. Everything is escaped.

>>> str(highlight("Gọi 0912345678 nhé", [{"start": 4, "end": 14, "type": "PHONE"}]))
'Gọi <mark class="span" data-type="PHONE">0912345678<sup>PHONE</sup></mark> nhé'
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any

from markupsafe import Markup, escape

_LABELS = ("type", "label", "kind", "tag", "category")


def _spans(value: Any) -> list[dict[str, Any]] | None:
    if (
        isinstance(value, list)
        and value
        and all(
            isinstance(v, dict) and isinstance(v.get("start"), int) and isinstance(v.get("end"), int) for v in value
        )
    ):
        return value
    return None


def highlight(text: str, spans: list[dict[str, Any]]) -> Markup:
    """The text with each span marked; overlapping spans keep the first (they are sorted by start)."""
    out, at = [], 0
    for span in sorted(spans, key=lambda s: (s["start"], -s["end"])):
        start, end = span["start"], span["end"]
        if start < at or end > len(text) or start >= end:
            continue
        label = next((str(span[k]) for k in _LABELS if span.get(k)), "")
        out.append(escape(text[at:start]))
        out.append(Markup('<mark class="span" data-type="{0}">{1}<sup>{0}</sup></mark>').format(label, text[start:end]))
        at = end
    out.append(escape(text[at:]))
    return Markup("").join(out)


def highlighted(item: dict[str, Any], output: dict[str, Any]) -> list[tuple[str, Markup]]:
    """(field, marked-up text) for every list of spans in the output, over the input's text."""
    source = item.get("text")
    if not isinstance(source, str):
        return []
    source = unicodedata.normalize("NFC", source)  # offsets count characters of the normalised text
    return [(name, highlight(source, spans)) for name, value in output.items() if (spans := _spans(value))]


def _cell(value: Any) -> Markup:
    if isinstance(value, (dict, list)):
        return Markup("<code>{}</code>").format(json.dumps(value, ensure_ascii=False, default=str))
    if isinstance(value, float):
        return escape(f"{value:.4g}")
    return escape("" if value is None else str(value))


def view(value: Any, empty: str = "(—)") -> Markup:
    """One value for people, recursively."""
    if isinstance(value, dict):
        rows = Markup("").join(
            Markup("<dt>{}</dt><dd>{}</dd>").format(key, view(inner, empty)) for key, inner in value.items()
        )
        return Markup('<dl class="value">{}</dl>').format(rows)
    if isinstance(value, list):
        if not value:
            return escape(empty)
        if all(isinstance(v, dict) for v in value):
            columns = list(dict.fromkeys(k for v in value for k in v))
            head = Markup("").join(Markup('<th scope="col">{}</th>').format(c) for c in columns)
            body = Markup("").join(
                Markup("<tr>{}</tr>").format(
                    Markup("").join(Markup("<td>{}</td>").format(_cell(v.get(c))) for c in columns)
                )
                for v in value
            )
            return Markup(
                '<div class="table-wrap"><table><thead><tr>{}</tr></thead><tbody>{}</tbody></table></div>'
            ).format(head, body)
        if all(isinstance(v, (str, int, float)) for v in value):
            return Markup('<ul class="chips">{}</ul>').format(
                Markup("").join(Markup("<li>{}</li>").format(v) for v in value)
            )
        return _cell(value)
    return _cell(value)
