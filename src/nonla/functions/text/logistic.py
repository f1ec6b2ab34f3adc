"""The softmax heads over e5 embeddings (text.sentiment, civic.triage, agencies' retrained triage) are fitted here."""

from __future__ import annotations

from typing import Any

ITERATIONS = 500  # accelerated gradient descent converges on a few thousand points well before this


def fit_logistic(x: Any, y: Any, classes: int, c: float, iterations: int = ITERATIONS) -> tuple[Any, Any]:
    """Multinomial logistic regression, L2 on the weights (not the bias), by Nesterov-accelerated gradient descent.

    Deterministic: full batch from zeros, fixed iterations. ``c`` as in scikit-learn: larger is weaker regularisation.
    """
    import numpy as np

    x = np.asarray(x, dtype=np.float64)
    n, d = x.shape
    mean = x.mean(0)
    xc = x - mean  # centred features condition the problem; the shift is folded into the bias at the end
    target = np.eye(classes)[np.asarray(y)]
    lam = 1.0 / (c * n)
    step = 1.0 / (0.5 * (xc**2).sum(1).mean() + 0.5 + lam)  # 1 / Lipschitz bound of the gradient
    w, b = np.zeros((classes, d)), np.zeros(classes)
    wv, bv, t = w.copy(), b.copy(), 1.0
    for _ in range(iterations):
        z = xc @ wv.T + bv
        p = np.exp(z - z.max(1, keepdims=True))
        g = (p / p.sum(1, keepdims=True) - target) / n
        w_next, b_next = wv - step * (g.T @ xc + lam * wv), bv - step * g.sum(0)
        t_next = (1 + np.sqrt(1 + 4 * t * t)) / 2
        wv, bv = w_next + (t - 1) / t_next * (w_next - w), b_next + (t - 1) / t_next * (b_next - b)
        w, b, t = w_next, b_next, t_next
    return w, b - w @ mean
