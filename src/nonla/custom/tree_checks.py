"""The trees inside a loaded scikit-learn model, checked before it predicts anything.

skops checks which types a file may build, not what their arrays say: a decision tree whose child or feature
indices point outside its arrays reads memory it does not own when it predicts, and can crash the process. Every
tree of a loaded model (decision trees, forests, gradient boosting) is walked once: children come after their
parent and inside the tree, features inside the model's inputs. Neighbour models keep a KD or ball tree of their
own that cannot be checked this way: they are refused (fit them with algorithm='brute').
"""

from __future__ import annotations

from typing import Any

from nonla.custom.import_errors import UntrustedModelContent

MAX_OBJECTS = 1_000_000  # objects walked in one model: a forest of 1,000 trees holds a few thousand


def check_trees(model: Any, shown: str) -> None:
    """UntrustedModelContent (422) if any tree of ``model`` is not well formed."""
    seen: set[int] = set()
    stack: list[tuple[Any, int | None]] = [(model, getattr(model, "n_features_in_", None))]
    while stack:
        value, features = stack.pop()
        if id(value) in seen or len(seen) > MAX_OBJECTS:
            continue
        seen.add(id(value))
        kind = f"{type(value).__module__}.{type(value).__qualname__}"
        if kind in ("sklearn.neighbors._kd_tree.KDTree", "sklearn.neighbors._ball_tree.BallTree"):
            raise UntrustedModelContent(f"{shown} holds a neighbour search tree ({type(value).__name__}), which nonla "
                                        "cannot check.", hint="Fit the model with algorithm='brute' and export it "
                                        "again.", file=shown)  # fmt: skip
        if kind == "sklearn.tree._tree.Tree":
            _decision_tree(value, shown)
            continue
        if kind == "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor":
            _boosted_tree(value, features, shown)
            continue
        features = getattr(value, "n_features_in_", features)
        if isinstance(value, dict):
            stack += [(item, features) for item in value.values()]
        elif isinstance(value, list | tuple):
            stack += [(item, features) for item in value]
        elif type(value).__module__.startswith("sklearn.") and hasattr(value, "__dict__"):
            stack += [(item, features) for item in vars(value).values()]
        elif getattr(value, "dtype", None) is not None and value.dtype == object:  # an array of estimators
            stack += [(item, features) for item in value.ravel().tolist()]


def _bad(shown: str, what: str) -> UntrustedModelContent:
    return UntrustedModelContent(f"{shown} holds a tree that is not well formed: {what}.",
                                 hint="Export the model again from the scikit-learn that fitted it.", file=shown)  # fmt: skip


def _decision_tree(tree: Any, shown: str) -> None:
    import numpy as np

    state = tree.__getstate__()
    nodes, count = state["nodes"], int(state["node_count"])
    if len(nodes) != count or state["values"].shape[0] != count:
        raise _bad(shown, "its node count does not match its arrays")
    index = np.arange(count)
    left, right, feature = nodes["left_child"], nodes["right_child"], nodes["feature"]
    leaf = left == -1
    if np.any(leaf != (right == -1)):
        raise _bad(shown, "a node has one child")
    inner = ~leaf
    if np.any((left[inner] <= index[inner]) | (left[inner] >= count) | (right[inner] <= index[inner])
              | (right[inner] >= count)):  # fmt: skip
        raise _bad(shown, "a child index points outside the tree or back up it")
    if np.any((feature[inner] < 0) | (feature[inner] >= int(tree.n_features))):
        raise _bad(shown, "a split reads a feature the model does not have")


def _boosted_tree(predictor: Any, features: int | None, shown: str) -> None:
    import numpy as np

    nodes = predictor.nodes
    count = len(nodes)
    inner = ~nodes["is_leaf"].astype(bool)
    index = np.arange(count)
    left, right = nodes["left"].astype(np.int64), nodes["right"].astype(np.int64)
    if np.any((left[inner] <= index[inner]) | (left[inner] >= count) | (right[inner] <= index[inner])
              | (right[inner] >= count)):  # fmt: skip
        raise _bad(shown, "a child index points outside the tree or back up it")
    if features is not None and np.any(nodes["feature_idx"][inner] >= features):
        raise _bad(shown, "a split reads a feature the model does not have")
    categorical = inner & nodes["is_categorical"].astype(bool)
    for name in ("binned_left_cat_bitsets", "raw_left_cat_bitsets"):
        bitsets = getattr(predictor, name, None)
        if np.any(categorical) and (bitsets is None or np.any(nodes["bitset_idx"][categorical] >= len(bitsets))):
            raise _bad(shown, "a categorical split points outside its bitsets")
