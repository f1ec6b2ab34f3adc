"""Token features for the Vietnamese CRF part-of-speech tagger (``vi-pos-crf``).

One pure function, shared by training (``models/build/train_pos_crf.py``) and inference, so the two cannot drift.
Input is a sentence already segmented into words; a multi-syllable word keeps its inner spaces (``"chủ tịch"``).
Changing anything here changes the model: retrain and bump its version.
"""

from __future__ import annotations

import unicodedata

FeatureValue = float | str | bool
_MAX_AFFIX = 3
_MAX_SYLLABLES = 4  # "4" means four or more; longer words are rare and behave alike


def _char_class(char: str) -> str:
    if char.isupper():
        return "X"
    if char.islower():
        return "x"
    if char.isdigit():
        return "d"
    return char


def word_shape(word: str) -> str:
    """Shape of each syllable with runs of the same character class collapsed, joined by ``_``.

    >>> word_shape("Bùi Văn Luyến"), word_shape("TP.HCM"), word_shape("1.500"), word_shape("nhà")
    ('Xx_Xx_Xx', 'X.X', 'd.d', 'x')
    """
    shapes = []
    for syllable in word.split():
        classes = [_char_class(char) for char in syllable]
        shapes.append("".join(c for i, c in enumerate(classes) if i == 0 or c != classes[i - 1]))
    return "_".join(shapes)


def _is_punctuation(word: str) -> bool:
    return all(unicodedata.category(char)[0] in "PS" for char in word if not char.isspace())


def _word_features(word: str) -> dict[str, FeatureValue]:
    word = unicodedata.normalize("NFC", word)  # same features whether the caller's text is composed or not
    lower = word.lower()
    syllables = lower.split() or [lower]
    features: dict[str, FeatureValue] = {
        "w": lower,
        "shape": word_shape(word),
        "nsyl": str(min(len(syllables), _MAX_SYLLABLES)),
        "syl0": syllables[0],
        "syl-1": syllables[-1],
    }
    # every syllable, position-free: an unseen compound often shares a syllable with a known word of its class
    features.update({f"syl={syllable}": True for syllable in syllables})
    for n in range(1, _MAX_AFFIX + 1):
        if len(lower) > n:
            features[f"p{n}"] = lower[:n]
            features[f"s{n}"] = lower[-n:]
    flags = {
        "title": word[:1].isupper(),
        "all_title": len(syllables) > 1 and all(s[:1].isupper() for s in word.split()),
        "upper": word.isupper() and len(word) > 1,
        "has_digit": any(char.isdigit() for char in word),
        "digit": word.replace(".", "").replace(",", "").isdigit(),
        "punct": _is_punctuation(word),
        "multi": " " in word.strip(),
        "hyphen": "-" in word and len(word) > 1,
    }
    features.update({name: True for name, on in flags.items() if on})
    return features


def sentence_features(words: list[str]) -> list[dict[str, FeatureValue]]:
    """python-crfsuite item features for each word of a segmented sentence.

    String values become ``name:value`` attributes with weight 1; ``True`` flags become attributes with weight 1 (false
    flags are left out so they cost nothing).

    >>> features = sentence_features(["Tôi", "bắt chuyện", "."])
    >>> features[1]["w"], features[1]["syl0"], features[1]["nsyl"], features[1]["multi"], features[1]["-1:w"]
    ('bắt chuyện', 'bắt', '2', True, 'tôi')
    >>> features[0]["BOS"], features[2]["EOS"], features[0]["title"], features[2]["punct"]
    (True, True, True, True)
    """
    own = [_word_features(word) for word in words]
    lowered = [str(f["w"]) for f in own]
    padded = ["<s2>", "<s1>", *lowered, "</s1>", "</s2>"]
    sentence: list[dict[str, FeatureValue]] = []
    for i, features in enumerate(own):
        item: dict[str, FeatureValue] = {"bias": 1.0, **features}
        at = i + 2
        for offset in (-2, -1, 1, 2):
            item[f"{offset:+d}:w"] = padded[at + offset]
        for offset in (-1, 1):
            j = i + offset
            if 0 <= j < len(own):
                neighbour = own[j]
                item[f"{offset:+d}:shape"] = neighbour["shape"]
                item[f"{offset:+d}:syl-1" if offset < 0 else f"{offset:+d}:syl0"] = neighbour[
                    "syl-1" if offset < 0 else "syl0"
                ]
                if neighbour.get("title"):
                    item[f"{offset:+d}:title"] = True
        item["-2|-1"] = f"{padded[at - 2]}|{padded[at - 1]}"
        item["-1|0"] = f"{padded[at - 1]}|{padded[at]}"
        item["0|+1"] = f"{padded[at]}|{padded[at + 1]}"
        item["+1|+2"] = f"{padded[at + 1]}|{padded[at + 2]}"
        item["-1|+1"] = f"{padded[at - 1]}|{padded[at + 1]}"
        if i == 0:
            item["BOS"] = True
        elif features.get("title"):
            item["title_mid"] = True  # a capital inside the sentence says more about names than one at its start
        if i == len(own) - 1:
            item["EOS"] = True
        sentence.append(item)
    return sentence
