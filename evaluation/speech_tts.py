"""speech.tts: how well speech.asr understands each espeak-ng voice (a round trip text → speech → text).

50 UD-VTB test sentences (the same as evaluation/speech_asr.py) are spoken by speech.tts in each voice and
transcribed by speech.asr. Round-trip WER % counts the words that come back wrong; 'sentences understood %' those
that come back with at most one wrong word. The recogniser was trained on real speech, so a low figure blames
the pair, not the voice alone. No neural Vietnamese voice can be had offline, so there is no voice to compare with.

python evaluation/speech_tts.py [--json]
"""

from __future__ import annotations

from _common import Timer, args, report, run_all
from speech_asr import SENTENCES, cer, edits, sentences, wer, words

VOICES = {"vi": "northern", "vi-vn-x-central": "central", "vi-vn-x-south": "southern"}


def main() -> None:
    options = args(__doc__.splitlines()[0])
    refs = sentences(options.limit or SENTENCES)
    rows, card = {}, {}
    with Timer() as timer:
        for voice, region in VOICES.items():
            spoken = run_all("speech.tts", [{"text": t, "voice": voice} for t in refs], batch=8)
            heard = [o.text for o in run_all("speech.asr", [{"data": s.data} for s in spoken], batch=4)]
            understood = sum(edits(words(r), words(h)) <= 1 for r, h in zip(refs, heard, strict=True))
            seconds = sum(s.duration for s in spoken)
            rows[f"{voice} ({region})"] = {"round-trip WER %": wer(refs, heard), "round-trip CER %": cer(refs, heard),
                                           "understood %": round(100 * understood / len(refs), 2),
                                           "words/min": round(60 * sum(len(words(r)) for r in refs) / seconds, 1)}  # fmt: skip
            card[f"round-trip WER % ({region})"] = rows[f"{voice} ({region})"]["round-trip WER %"]
            card[f"sentences understood % ({region})"] = rows[f"{voice} ({region})"]["understood %"]
    extra = {"sentences": len(refs), "seconds": round(timer.seconds, 1)}
    report("speech.tts round trip through speech.asr (UD-VTB test sentences)", rows, options.json, extra, card, {})


if __name__ == "__main__":
    main()
