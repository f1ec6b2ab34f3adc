"""The trees inside a loaded scikit-learn model, checked before it predicts anything.

skops checks which types a file may build, not what their arrays say: a decision tree whose child or feature
indices point outside its arrays reads memory it does not own when it predicts, and can crash the process. Every
tree of a loaded model (decision trees, forests, gradient boosting) is walked once: children come after their
parent and inside the tree, features inside the model's inputs. Neighbour models keep a KD or ball tree of their
own that cannot be checked this way: they are refused (fit them with algorithm='brute').

"The model's inputs" is the ``n_features_in_`` of the estimator holding the tree, never the tree's own
``n_features``: that number comes from the file too, while scikit-learn checks the width of every row it is given
against the estimator's ``n_features_in_`` before the tree reads it. A tree with no such estimator around it is
refused. Classic gradient boosting reads its trees' nodes itself, skipping each tree's own check, so there a tree
must also fit inside the booster's inputs.
"""

from __future__ import annotations

from typing import Any

from nonla.custom.import_errors import ModelTooLarge, UntrustedModelContent

MAX_OBJECTS = 1_000_000  # objects walked in one model: a forest of 1,000 trees holds a few thousand


# estimators that hand rows to their trees' nodes without the tree estimator's own check of the row's width
DIRECT_READERS = ("sklearn.ensemble._gb.",)


def check_trees(model: Any, shown: str) -> None:
    """UntrustedModelContent (422) if any tree of ``model`` is not well formed; ModelTooLarge (422) if it holds more
    objects than are walked."""
    # each value with the width of the nearest estimator around it and the cap set by a direct reader around that;
    # a value is walked once per (width, cap): a file can hold one tree in two estimators of different widths
    seen: set[tuple[int, int | None, int | None]] = set()
    stack: list[tuple[Any, int | None, int | None]] = [(model, None, None)]
    while stack:
        value, features, cap = stack.pop()
        if (id(value), features, cap) in seen:
            continue
        if len(seen) >= MAX_OBJECTS:  # an unwalked part would be an unchecked part
            raise ModelTooLarge(f"{shown} holds more than {MAX_OBJECTS:,} objects; nonla checks at most that many.",
                                file=shown)  # fmt: skip
        seen.add((id(value), features, cap))
        kind = f"{type(value).__module__}.{type(value).__qualname__}"
        if kind in ("sklearn.neighbors._kd_tree.KDTree", "sklearn.neighbors._ball_tree.BallTree"):
            raise UntrustedModelContent(f"{shown} holds a neighbour search tree ({type(value).__name__}), which nonla "
                                        "cannot check.", hint="Fit the model with algorithm='brute' and export it "
                                        "again.", file=shown)  # fmt: skip
        if kind == "sklearn.tree._tree.Tree":
            _decision_tree(value, features, cap, shown)
            continue
        if kind == "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor":
            _boosted_tree(value, features, shown)
            continue
        if isinstance(value, dict):
            stack += [(item, features, cap) for item in value.values()]
        elif type(value).__module__.startswith("sklearn.") and hasattr(value, "__dict__"):
            # an estimator's width is its own, never inherited: rows reach it through whatever transforms come first
            features = _width(value)
            if kind.startswith(DIRECT_READERS):
                cap = features if cap is None or features is None else min(cap, features)
            stack += [(item, features, cap) for item in vars(value).values()]
        elif isinstance(value, list | tuple):
            stack += [(item, features, cap) for item in value]
        elif getattr(value, "dtype", None) is not None and value.dtype == object:  # an array of estimators
            stack += [(item, features, cap) for item in value.ravel().tolist()]


def _width(estimator: Any) -> int | None:
    """The estimator's ``n_features_in_`` when it is a whole number (what scikit-learn checks rows against)."""
    import operator

    width = getattr(estimator, "n_features_in_", None)
    try:
        return operator.index(width) if width is not None else None
    except TypeError:
        return None


def _bad(shown: str, what: str) -> UntrustedModelContent:
    return UntrustedModelContent(f"{shown} holds a tree that is not well formed: {what}.",
                                 hint="Export the model again from the scikit-learn that fitted it.", file=shown)  # fmt: skip


def _decision_tree(tree: Any, features: int | None, cap: int | None, shown: str) -> None:
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
    if features is None:
        raise _bad(shown, "no estimator around it says how many inputs it reads")
    if int(tree.n_features) != features:
        raise _bad(shown, f"it claims {int(tree.n_features)} inputs where its estimator has {features}")
    bound = features if cap is None else min(features, cap)
    if np.any((feature[inner] < 0) | (feature[inner] >= bound)):
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
    if features is None:
        raise _bad(shown, "no estimator around it says how many inputs it reads")
    feature = nodes["feature_idx"][inner].astype(np.int64)
    if np.any((feature < 0) | (feature >= features)):
        raise _bad(shown, "a split reads a feature the model does not have")
    categorical = inner & nodes["is_categorical"].astype(bool)
    for name in ("binned_left_cat_bitsets", "raw_left_cat_bitsets"):
        bitsets = getattr(predictor, name, None)
        if np.any(categorical) and (bitsets is None or np.any(nodes["bitset_idx"][categorical] >= len(bitsets))):
            raise _bad(shown, "a categorical split points outside its bitsets")
