"""vision.idcard on 120 mock CCCD fronts rendered here: per-field accuracy and whole-card accuracy.

Cards are seeded and drawn by nonla.functions.vision.idcard_render: made-up names, random valid numbers, a grey photo
box, tinted backgrounds, noise, blur, ±2° rotation and widths of 800–1200 px. A field counts as right when it equals
the printed value exactly (whitespace collapsed); a card when every field is right and `valid` is true. The peer is
trueocr reading the same cards, with the same field parser on its lines.

    python evaluation/vision_idcard.py [--json] [--limit N]
"""

from __future__ import annotations

import base64
import io
import random

from _common import args, report, run_all

CARDS = 120
SEED = 7310


def main() -> None:
    opts = args(__doc__ or "")
    from nonla.functions.vision.idcard_fields import FIELDS, read_fields
    from nonla.functions.vision.idcard_render import fake_person, render_card

    cards = []
    for index in range(opts.limit or CARDS):
        rng = random.Random(SEED + index)
        person = fake_person(rng)
        cards.append((person, render_card(person, rng, width=rng.choice((800, 1000, 1200)))))
    ours = run_all("vision.idcard", [{"data": base64.b64encode(raw).decode()} for _, raw in cards], batch=4)
    from PIL import Image
    from trueocr import OCRConfig, TrueOCR

    peer = TrueOCR(OCRConfig(threads=1))
    theirs = []
    for _, raw in cards:
        lines = peer.predict(Image.open(io.BytesIO(raw)).convert("RGB")).lines
        theirs.append(read_fields([(line["text"], line["confidence"]) for line in lines]))

    def norm(value: str | None) -> str:
        return " ".join((value or "").split())

    rows, card, peers = {}, {}, {}
    for name in FIELDS:
        right = sum(norm(getattr(out, name).value) == norm(p[name]) for (p, _), out in zip(cards, ours, strict=True))
        peer_right = sum(norm(found.get(name, ("", 0))[0]) == norm(p[name]) for (p, _), found in zip(cards, theirs, strict=True))  # fmt: skip
        rows[name] = {
            "nonla %": round(100 * right / len(cards), 2),
            "trueocr + parser %": round(100 * peer_right / len(cards), 2),
        }
    whole = sum(out.valid and all(norm(getattr(out, n).value) == norm(p[n]) for n in FIELDS)
                for (p, _), out in zip(cards, ours, strict=True))  # fmt: skip
    peer_whole = sum(all(norm(found.get(n, ("", 0))[0]) == norm(p[n]) for n in FIELDS) for (p, _), found in zip(cards, theirs, strict=True))  # fmt: skip
    rows["whole card"] = {
        "nonla %": round(100 * whole / len(cards), 2),
        "trueocr + parser %": round(100 * peer_whole / len(cards), 2),
    }
    flagged = sum(not out.valid for out in ours)
    for name, row in rows.items():
        card[f"accuracy % {name}"] = row["nonla %"]
        peers[f"trueocr + same parser accuracy % {name}"] = row["trueocr + parser %"]
    report(f"CCCD fields on {len(cards)} mock cards", rows, opts.json, extra={"cards flagged not valid": flagged},
           card=card, peers=peers)  # fmt: skip


if __name__ == "__main__":
    main()
