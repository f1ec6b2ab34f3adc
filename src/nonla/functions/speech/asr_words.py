"""Word timings for speech.asr: viet-asr's acoustic model is a CTC conformer (WeNet-style, 80 log-mel bins every
10 ms, subsampled 4 times: one output frame per 40 ms over 4,968 word pieces). The native pipeline returns only
text, so its transcript is force-aligned here against the model's own frame posteriors, run through onnxruntime
from the ONNX bytes embedded in libvietasr.so (pinned by sha256).

>>> import numpy as np
>>> frames = np.log(np.full((6, 3), 0.05))  # blank, 1, 2 over six frames: "1" peaks at frame 1, "2" at frame 4
>>> frames[[0, 2, 3, 5], 0] = frames[1, 1] = frames[4, 2] = np.log(0.9)
>>> ctc_viterbi(frames, [1, 2])
[(1, 1), (4, 4)]
"""

from __future__ import annotations

import hashlib
import threading
from math import gcd
from pathlib import Path
from typing import Any

from nonla.core.errors import ModelUnavailable

ONNX_SHA256 = "b34e699e5557f87741c6fca80246267268922c9d57045602da6fdf77039f0057"
ONNX_BYTES = 69_420_285
ONNX_MARK = b"\x08\x08\x12\x07tf2onnx"  # ir_version 8, producer "tf2onnx": the start of the embedded ModelProto
VOCAB_MARK = b"<blank> 0\n"
RATE, HOP, WINDOW, MELS = 16_000, 160, 400, 80
SUBSAMPLING, CHUNK_FRAMES, CHUNK_OUT = 4, 43, 10  # the model takes 43 feature frames, gives 10 output frames
FRAME_SECONDS = HOP * SUBSAMPLING / RATE  # 0.04 s per output frame
EDGE_SILENCE = 0.4  # seconds of silence put around a span, as speech.asr's recogniser gets it


def _mel_banks(nfft: int = 512) -> Any:
    """Kaldi's triangular mel filters (20 Hz to Nyquist), as WeNet's front end uses them."""
    import numpy as np

    mel = lambda f: 1127.0 * np.log1p(np.asarray(f) / 700.0)  # noqa: E731
    low, high = mel(20.0), mel(RATE / 2)
    step = (high - low) / (MELS + 1)
    bins = mel(np.arange(nfft // 2) * RATE / nfft)
    banks = np.zeros((MELS, nfft // 2 + 1))
    for i in range(MELS):
        left, centre, right = low + i * step, low + (i + 1) * step, low + (i + 2) * step
        banks[i, : nfft // 2] = np.maximum(
            0, np.minimum((bins - left) / (centre - left), (right - bins) / (right - centre))
        )
    return banks


def fbank(samples: Any, rate: int) -> Any:
    """80 log-mel energies every 10 ms (Kaldi defaults: Povey window, pre-emphasis 0.97, DC removed, no dither)."""
    import numpy as np
    from scipy.signal import resample_poly

    wave = samples.astype(np.float64)
    if rate != RATE:
        g = gcd(rate, RATE)
        wave = resample_poly(wave, RATE // g, rate // g)
    count = 1 + (len(wave) - WINDOW) // HOP
    if count < 1:
        return np.zeros((0, MELS), np.float32)
    frames = wave[np.arange(WINDOW)[None, :] + HOP * np.arange(count)[:, None]]
    frames -= frames.mean(axis=1, keepdims=True)
    frames = np.concatenate([frames[:, :1] * 0.03, frames[:, 1:] - 0.97 * frames[:, :-1]], axis=1)
    frames *= (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(WINDOW) / (WINDOW - 1))) ** 0.85
    power = np.abs(np.fft.rfft(frames, 512)) ** 2
    return np.log(np.maximum(power @ _mel_banks().T, np.finfo(np.float32).eps)).astype(np.float32)


class WordAligner:
    """The CTC model of viet-asr, for aligning a transcript to frames; calls are serialised."""

    def __init__(self, library: Path) -> None:
        try:
            import onnxruntime
        except ImportError:
            raise ModelUnavailable("Word timings need onnxruntime.", hint="pip install 'nonla[speech]'") from None
        blob = library.read_bytes()
        start = blob.find(ONNX_MARK)
        model = blob[start : start + ONNX_BYTES]
        if start < 0 or hashlib.sha256(model).hexdigest() != ONNX_SHA256:
            raise ModelUnavailable("The ONNX model inside viet-asr is not the one this function was checked with.",
                                   hint="pip install 'nonla[speech]' (viet-asr 0.1.0.dev11).")  # fmt: skip
        at = blob.find(VOCAB_MARK)
        table = blob[at : blob.find(b"\0", at)].decode("utf-8").splitlines()
        self.pieces = [line.rsplit(" ", 1)[0] for line in table]
        self.ids = {piece: i for i, piece in enumerate(self.pieces)}
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 2
        self._session = onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"])
        self._lock = threading.Lock()

    def log_probs(self, samples: Any, rate: int) -> Any:
        """(frames, 4968) log posteriors, streamed through the model 40 feature frames at a time, as it was built."""
        import numpy as np

        feats = fbank(samples, rate)
        att, cnn = np.zeros((1, 12, 4, 40, 224), np.float32), np.zeros((1, 12, 448, 30), np.float32)
        outputs = []
        with self._lock:
            for offset, start in enumerate(range(0, max(1, len(feats) - 3), CHUNK_FRAMES - 3)):
                chunk = np.zeros((CHUNK_FRAMES, MELS), np.float32)
                part = feats[start : start + CHUNK_FRAMES]
                chunk[: len(part)] = part
                out, att, cnn = self._session.run(None, {"chunk": chunk[None], "att_cache": att, "cnn_cache": cnn,
                                                         "offset": np.array([[offset * CHUNK_OUT]], np.int64)})  # fmt: skip
                outputs.append(out[0])
        return np.concatenate(outputs)[: max(1, len(feats) // SUBSAMPLING)]

    def tokens(self, word: str) -> list[int]:
        """Greedy longest match over the word pieces ('▁' marks the start of a word); unknown letters are <unk>."""
        text, ids = "▁" + word, []
        while text:
            for end in range(len(text), 0, -1):
                if text[:end] in self.ids:
                    ids.append(self.ids[text[:end]])
                    text = text[end:]
                    break
            else:
                ids.append(self.ids["<unk>"])
                text = text[1:]
        return ids

    def align(self, words: list[str], samples: Any, rate: int) -> list[tuple[str, float, float]]:
        """(word, start s, end s) for each word of the transcript, by Viterbi CTC alignment."""
        if not words:
            return []
        import numpy as np

        pad = int(rate * EDGE_SILENCE)  # as the recogniser hears it: silence on both sides helps at the edges
        lp = self.log_probs(np.concatenate([np.zeros(pad, np.int16), samples, np.zeros(pad, np.int16)]), rate)
        labels, owner = [], []
        for n, word in enumerate(words):
            for token in self.tokens(word):
                labels.append(token)
                owner.append(n)
        frames = ctc_viterbi(lp, labels)
        first: dict[int, int] = {}
        last: dict[int, int] = {}
        for position, (begin, end) in enumerate(frames):
            first.setdefault(owner[position], begin)
            last[owner[position]] = end
        return [(word, max(0.0, first.get(n, 0) * FRAME_SECONDS - EDGE_SILENCE),
                 max(0.0, (last.get(n, 0) + 1) * FRAME_SECONDS - EDGE_SILENCE)) for n, word in enumerate(words)]  # fmt: skip


def ctc_viterbi(log_probs: Any, labels: list[int]) -> list[tuple[int, int]]:
    """The first and last frame of each label on the best CTC path (blank = 0)."""
    import numpy as np

    frames, states = len(log_probs), 2 * len(labels) + 1
    ext = np.zeros(states, dtype=int)
    ext[1::2] = labels
    skip = np.zeros(states, dtype=bool)
    skip[3::2] = np.array(labels[1:]) != np.array(labels[:-1]) if len(labels) > 1 else []
    score = np.full(states, -np.inf)
    score[0], score[1] = log_probs[0, 0], log_probs[0, ext[1]]
    back = np.zeros((frames, states), dtype=np.int8)
    for t in range(1, frames):
        stay, step = score, np.concatenate([[-np.inf], score[:-1]])
        jump = np.where(skip, np.concatenate([[-np.inf, -np.inf], score[:-2]]), -np.inf)
        best = np.stack([stay, step, jump])
        back[t] = best.argmax(axis=0)
        score = best.max(axis=0) + log_probs[t, ext]
    state = states - 1 if states == 1 or score[-1] >= score[-2] else states - 2
    path = [state]
    for t in range(frames - 1, 0, -1):
        state -= int(back[t, state])
        path.append(state)
    path.reverse()
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for t, state in enumerate(path):
        if state % 2:
            first.setdefault(state // 2, t)
            last[state // 2] = t
    return [(first.get(k, 0), last.get(k, 0)) for k in range(len(labels))]
