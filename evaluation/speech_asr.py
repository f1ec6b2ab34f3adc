"""speech.asr: word error rate on natural-sounding Vietnamese clips and on speech synthesised with espeak-ng.

espeak-ng speech (its northern formant voice, 150 words per minute) is robotic, and viet-asr was trained on real
speech, so those figures say how it copes with a formant voice, not how it does on people. 50 UD-VTB test
sentences of 6-20 words without digits; each heard three ways: as synthesised (22.05 kHz), at telephone quality
(8 kHz) and with white noise at 20 dB SNR. Words are compared in lower case without punctuation.

Natural-sounding speech: the 10 clips of tests/data/speech_asr (35 s; the voice samples and cloning references that
ship in the Apache-2.0 `vieneu` wheel — who spoke them is not stated, see its README). Their transcripts are written
("thế kỷ 19"), the model hears spoken words ("mười chín"), so references are read out first with speech.tts's own
reading rules (nonla.functions.speech.tts_reading.read_out) — the usual spoken-form normalisation before WER.

python evaluation/speech_asr.py [--json]
"""

from __future__ import annotations

import base64
import os
import re
import subprocess
import unicodedata

import numpy as np

# Measuring the model is part of the review its unverified licence calls for (see speech.asr's card): allow it here.
os.environ.setdefault("NONLA_ACCEPT_UNVERIFIED_MODELS", "speech.asr")

from _common import REPO, UD, Timer, args, report, run_all

SENTENCES = 50
NATURAL = REPO / "tests" / "data" / "speech_asr"


def sentences(limit: int = SENTENCES) -> list[str]:
    picked = []
    for line in (UD / "vi_vtb-ud-test.conllu").read_text(encoding="utf-8").splitlines():
        if line.startswith("# text"):
            text = line.split("=", 1)[1].strip()
            text = re.sub(r"\s+([,.;:!?)\]\"])", r"\1", re.sub(r"([(\[\"])\s+", r"\1", text))
            if not re.search(r"\d", text) and 6 <= len(words(text)) <= 20:
                picked.append(text)
        if len(picked) == limit:
            break
    return picked


def words(text: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFC", text).lower())


def edits(ref: list[str], hyp: list[str]) -> int:
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1]


def wer(refs: list[str], hyps: list[str]) -> float:
    return round(
        100
        * sum(edits(words(r), words(h)) for r, h in zip(refs, hyps, strict=True))
        / sum(len(words(r)) for r in refs),
        2,
    )


def cer(refs: list[str], hyps: list[str]) -> float:
    chars = lambda t: list(" ".join(words(t)))  # noqa: E731
    return round(
        100
        * sum(edits(chars(r), chars(h)) for r, h in zip(refs, hyps, strict=True))
        / sum(len(chars(r)) for r in refs),
        2,
    )


def natural_clips() -> list[tuple[str, str]]:
    """(base64 FLAC, transcript read out as spoken) for each clip of tests/data/speech_asr."""
    from nonla.functions.speech.tts_reading import read_out

    lines = (NATURAL / "transcripts.tsv").read_text(encoding="utf-8").splitlines()[1:]
    rows = [line.split("\t") for line in lines if line.strip()]
    return [(base64.b64encode((NATURAL / name).read_bytes()).decode("ascii"), read_out(text)) for name, text, *_ in rows]


def espeak(text: str, voice: str = "vi") -> tuple[np.ndarray, int]:
    wav = subprocess.run(["espeak-ng", "-v", voice, "-s", "150", "-b", "1", "--stdout"], input=text.encode(),
                         capture_output=True, check=True).stdout  # fmt: skip
    rate = int.from_bytes(wav[24:28], "little")
    pcm = wav[wav.find(b"data") + 8 :]
    return np.frombuffer(pcm[: len(pcm) // 2 * 2], dtype="<i2"), rate


def wav_b64(samples: np.ndarray, rate: int) -> str:
    from nonla.functions.speech.audio import wav_bytes

    return base64.b64encode(wav_bytes(samples, rate)).decode("ascii")


def telephone(samples: np.ndarray, rate: int) -> tuple[np.ndarray, int]:
    import cv2

    size = int(len(samples) * 8000 / rate)
    return cv2.resize(
        samples.reshape(1, -1).astype(np.float32), (size, 1), interpolation=cv2.INTER_AREA
    ).ravel().astype(np.int16), 8000


def noisy(samples: np.ndarray, seed: int, snr_db: float = 20.0) -> np.ndarray:
    power = float(np.mean(samples.astype(np.float64) ** 2))
    noise = np.random.default_rng(seed).normal(0, np.sqrt(power / 10 ** (snr_db / 10)), len(samples))
    return np.clip(samples + noise, -32768, 32767).astype(np.int16)


def main() -> None:
    options = args(__doc__.splitlines()[0])
    refs = sentences(options.limit or SENTENCES)
    clean = [espeak(t) for t in refs]
    conditions = {
        "as synthesised (22.05 kHz)": [wav_b64(s, r) for s, r in clean],
        "telephone (8 kHz)": [wav_b64(*telephone(s, r)) for s, r in clean],
        "white noise, 20 dB SNR": [wav_b64(noisy(s, i), r) for i, (s, r) in enumerate(clean)],
    }
    rows, hyps = {}, {}
    with Timer() as timer:
        for name, payloads in conditions.items():
            items = [{"data": p, "words": False} for p in payloads]  # word timings do not change the text
            hyps[name] = [o.text for o in run_all("speech.asr", items, batch=4)]
            rows[name] = {"WER %": wer(refs, hyps[name]), "CER %": cer(refs, hyps[name])}
        clips = natural_clips()
        spoken = [text for _, text in clips]
        heard = [o.text for o in run_all("speech.asr", [{"data": d, "words": False} for d, _ in clips], batch=4)]
    natural = {"WER %": wer(spoken, heard), "CER %": cer(spoken, heard)}
    card = {f"WER % ({len(clips)} natural-sounding clips, {sum(len(words(t)) for t in spoken)} words)": natural["WER %"],
            f"CER % ({len(clips)} natural-sounding clips)": natural["CER %"]}  # fmt: skip
    # Named as espeak-ng figures: synthetic speech says little about real callers (see the card's limitations).
    card |= {f"espeak-ng WER % ({name})": row["WER %"] for name, row in rows.items()}
    rows["natural-sounding clips (vieneu wheel)"] = natural
    card["espeak-ng CER % (as synthesised (22.05 kHz))"] = rows["as synthesised (22.05 kHz)"]["CER %"]
    extra = {"sentences": len(refs), "words": sum(len(words(r)) for r in refs), "seconds": round(timer.seconds, 1),
             "example": {"reference": refs[0], "heard": hyps["as synthesised (22.05 kHz)"][0]}}  # fmt: skip
    report("speech.asr on natural-sounding clips and on espeak-ng speech of UD-VTB test sentences", rows, options.json, extra, card, {})


if __name__ == "__main__":
    main()
