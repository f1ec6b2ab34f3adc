"""Held-out figures of a trained model: accuracy and macro-F1 with a confusion matrix (JSON and PNG), or MAE/R².

>>> classification_report(["a", "b", "b"], ["a", "b", "a"], ["a", "b"])["accuracy %"]
66.67
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def classification_report(truth: list[str], predicted: list[str], labels: list[str]) -> dict[str, Any]:
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

    matrix = confusion_matrix(truth, predicted, labels=labels)
    return {
        "accuracy %": round(100 * float(accuracy_score(truth, predicted)), 2),
        "macro-F1 %": round(
            100 * float(f1_score(truth, predicted, labels=labels, average="macro", zero_division=0)), 2
        ),
        "held-out items": float(len(truth)),
        "confusion": {"labels": labels, "matrix": matrix.tolist()},
    }


def regression_report(truth: list[float], predicted: list[float]) -> dict[str, Any]:
    from sklearn.metrics import mean_absolute_error, r2_score

    return {
        "MAE": round(float(mean_absolute_error(truth, predicted)), 4),
        "R²": round(float(r2_score(truth, predicted)), 4) if len(truth) > 1 else 0.0,
        "held-out items": float(len(truth)),
    }


def metrics_of(report: dict[str, Any]) -> dict[str, float]:
    """The numbers of a report that go on the card (everything but the confusion matrix)."""
    return {k: float(v) for k, v in report.items() if isinstance(v, int | float)}


PLOTTED_LABELS = 60


def save_confusion(report: dict[str, Any], folder: Path) -> list[str]:
    """confusion.json always; confusion.png when matplotlib is installed. Returns the files written."""
    confusion = report["confusion"]
    (folder / "confusion.json").write_text(json.dumps(confusion, ensure_ascii=False, indent=1), encoding="utf-8")
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return ["confusion.json"]
    labels, matrix = confusion["labels"], confusion["matrix"]
    if len(labels) > PLOTTED_LABELS:  # unreadable, and its memory grows with the square of the labels: JSON only
        return ["confusion.json"]
    size = max(4.0, 0.35 * len(labels) + 2)
    fig, ax = plt.subplots(figsize=(size, size))
    ax.imshow(matrix, cmap="Blues")
    ax.set_xticks(range(len(labels)), [str(label)[:24] for label in labels], rotation=90, fontsize=7)
    ax.set_yticks(range(len(labels)), [str(label)[:24] for label in labels], fontsize=7)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    for i, row in enumerate(matrix):
        for j, count in enumerate(row):
            if count:
                ax.text(j, i, str(count), ha="center", va="center", fontsize=6)
    fig.tight_layout()
    # a fixed date in the metadata so the same training writes the same bytes
    fig.savefig(folder / "confusion.png", dpi=100, metadata={"Software": None})
    plt.close(fig)
    return ["confusion.json", "confusion.png"]
