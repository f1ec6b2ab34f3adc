"""Results rendered for people: entity and PII spans highlighted in the text they came from, boxes (faces, lines of
text) drawn over the image they were found in, lists of objects as tables, lists of words as chips, the rest as a
definition list. Everything is escaped.

>>> str(highlight("Gọi 0912345678 nhé", [{"start": 4, "end": 14, "type": "PHONE"}]))
'Gọi <mark class="span" data-type="PHONE">0912345678<sup>PHONE</sup></mark> nhé'
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any

from markupsafe import Markup, escape

_LABELS = ("type", "label", "kind", "tag", "category")
# Image types a browser shows from a data: URL, by their first bytes; PDFs and videos are not drawn over.
_IMAGE_MAGIC = {b"\x89PNG": "image/png", b"\xff\xd8\xff": "image/jpeg", b"GIF8": "image/gif", b"RIFF": "image/webp"}
_MAX_DRAWN_CHARS = 6_000_000  # larger uploads are not echoed back into the page


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


def _image_type(data: str) -> str | None:
    import base64
    import binascii

    payload = data.split(",", 1)[1] if data.startswith("data:") else data
    try:
        head = base64.b64decode(payload[:16] + "=" * (-len(payload[:16]) % 4))
    except (binascii.Error, ValueError):
        return None
    return next((kind for magic, kind in _IMAGE_MAGIC.items() if head.startswith(magic)), None)


def _boxes(output: dict[str, Any]) -> tuple[int, int, list[tuple[list[int], str]]] | None:
    """(width, height, [(box, label)]) of faces, or of the first page's lines of text."""
    if isinstance(output.get("faces"), list) and output.get("width") and output.get("height"):
        found = [(f["box"], f"{f.get('score', '')}") for f in output["faces"] if isinstance(f, dict) and f.get("box")]
        return int(output["width"]), int(output["height"]), found
    pages = output.get("pages")
    if isinstance(pages, list) and pages and isinstance(pages[0], dict) and pages[0].get("width"):
        lines = [(line["box"], str(line.get("text", ""))) for line in pages[0].get("lines") or [] if line.get("box")]
        return int(pages[0]["width"]), int(pages[0]["height"]), lines
    return None


def boxed(item: dict[str, Any], output: dict[str, Any], label: str = "") -> Markup | None:
    """The input image with the output's boxes drawn over it (an SVG), or None when there is nothing to draw.

    >>> png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    >>> "<rect" in str(boxed({"data": png}, {"width": 1, "height": 1, "faces": [{"box": [0, 0, 1, 1], "score": 0.9}]}))
    True
    >>> boxed({"text": "x"}, {"faces": []}) is None
    True
    """
    data = item.get("data")
    found = _boxes(output)
    if not isinstance(data, str) or len(data) > _MAX_DRAWN_CHARS or found is None:
        return None
    kind = _image_type(data)
    if kind is None:
        return None
    width, height, shapes = found
    source = data if data.startswith("data:") else f"data:{kind};base64,{data}"
    rects = Markup("").join(
        Markup('<rect x="{}" y="{}" width="{}" height="{}" class="box"><title>{}</title></rect>').format(
            x0, y0, max(1, x1 - x0), max(1, y1 - y0), text
        )
        for (x0, y0, x1, y1), text in shapes
    )
    return Markup(
        '<figure class="boxed"><svg viewBox="0 0 {w} {h}" role="img" aria-label="{label}">'
        '<image href="{src}" width="{w}" height="{h}"/>{rects}</svg></figure>'
    ).format(w=width, h=height, label=label, src=source, rects=rects)


def _is_wav(value: str) -> bool:
    """Whether a string is base64 of a WAV file (RIFF....WAVE), bare or as a data: URL."""
    import base64
    import binascii

    payload = value.split(",", 1)[1] if value.startswith("data:") else value
    if len(payload) < 64:
        return False
    try:
        head = base64.b64decode(payload[:16], validate=True)
    except (binascii.Error, ValueError):
        return False
    return head[:4] == b"RIFF" and head[8:12] == b"WAVE"


def audio(value: str, name: str, download: str = "Download") -> Markup:
    """A player and a download link for base64 WAV audio, instead of the base64 text itself.

    >>> import base64, io, wave
    >>> buffer = io.BytesIO()
    >>> with wave.open(buffer, "wb") as w:
    ...     w.setnchannels(1); w.setsampwidth(2); w.setframerate(8000); w.writeframes(b"\\0\\0" * 80)
    >>> played = str(audio(base64.b64encode(buffer.getvalue()).decode(), "audio"))
    >>> played.startswith('<figure class="audio"><audio controls src="data:audio/wav;base64,UklGR'), 'download="audio.wav"' in played
    (True, True)
    """
    source = value if value.startswith("data:") else f"data:audio/wav;base64,{value}"
    return Markup(
        '<figure class="audio"><audio controls src="{src}"></audio>'
        '<figcaption><a href="{src}" download="{name}.wav">{label} {name}.wav</a></figcaption></figure>'
    ).format(src=source, name=name, label=download)


def _cell(value: Any, name: str = "result", download: str = "Download") -> Markup:
    if isinstance(value, str) and _is_wav(value):
        return audio(value, name, download)
    if isinstance(value, (dict, list)):
        return Markup("<code>{}</code>").format(json.dumps(value, ensure_ascii=False, default=str))
    if isinstance(value, float):
        return escape(f"{value:.4g}")
    return escape("" if value is None else str(value))


def view(value: Any, empty: str = "(—)", name: str = "result", download: str = "Download") -> Markup:
    """One value for people, recursively; base64 WAV audio becomes a player (named after its field)."""
    if isinstance(value, dict):
        rows = Markup("").join(
            Markup("<dt>{}</dt><dd>{}</dd>").format(key, view(inner, empty, str(key), download))
            for key, inner in value.items()
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
    return _cell(value, name, download)
