"""A tree may read only the columns of the row it is given: its split features are checked against the width that
scikit-learn checks rows against (the estimator's ``n_features_in_``), never against a number the file supplies."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

import nonla
from nonla.custom import import_skops
from nonla.custom.import_errors import UntrustedModelContent
from nonla.custom.tree_checks import check_trees

ONE = {"task": "regression", "fields": [{"name": "x", "type": "number"}], "examples": [{"x": 1.0}]}
X = np.array([[0.0], [1.0], [2.0], [6.0], [7.0], [8.0], [9.0], [10.0]])
Y = np.array([0, 0, 0, 5, 5, 9, 9, 9.0])


def widened(tree: Any, features: int, node: int, feature: int) -> Any:
    """A copy of ``tree`` that claims ``features`` inputs and whose ``node`` splits on ``feature``."""
    from sklearn.tree._tree import Tree

    state = tree.__getstate__()
    state["nodes"] = state["nodes"].copy()
    state["nodes"]["feature"][node] = feature
    wide = Tree(features, np.asarray(tree.n_classes, dtype=np.intp), tree.n_outputs)
    wide.__setstate__(state)
    return wide


def test_a_tree_claiming_more_inputs_than_its_estimator_is_refused_at_import(tmp_path: Path) -> None:
    """The reproduced crash: one input, a tree claiming 2**30, and a node reached only for x > 5 reading column
    2**29. The example (x = 1) never reaches it, so only the check at import stands between it and a segfault."""
    from sklearn.tree import DecisionTreeRegressor
    from skops.io import dump

    model = DecisionTreeRegressor(random_state=0).fit(X, Y)
    right = int(model.tree_.children_right[0])
    assert model.tree_.children_left[right] != -1
    model.tree_ = widened(model.tree_, 2**30, right, 2**29)
    dump(model, tmp_path / "wide.skops")
    with pytest.raises(nonla.NonlaError) as caught:
        import_skops(tmp_path / "wide.skops", ONE, name="wide")
    assert (caught.value.code, caught.value.http_status) == ("untrusted_model_content", 422)
    assert "claims 1073741824 inputs" in caught.value.message


def test_a_split_past_the_estimators_width_is_refused() -> None:
    from sklearn.tree import DecisionTreeRegressor

    model = DecisionTreeRegressor(random_state=0).fit(X, Y)
    model.tree_ = widened(model.tree_, 1, 0, 1)
    with pytest.raises(UntrustedModelContent, match="reads a feature the model does not have"):
        check_trees(model, "t.skops")


def test_a_tree_with_no_estimator_stating_its_width_is_refused() -> None:
    from sklearn.ensemble import HistGradientBoostingRegressor
    from sklearn.tree import DecisionTreeRegressor

    tree = DecisionTreeRegressor(random_state=0).fit(X, Y)
    with pytest.raises(UntrustedModelContent, match="no estimator around it"):
        check_trees({"tree": tree.tree_}, "t.skops")
    del tree.n_features_in_
    with pytest.raises(UntrustedModelContent, match="no estimator around it"):
        check_trees(tree, "t.skops")
    x = np.arange(200.0)[:, None]
    boosted = HistGradientBoostingRegressor(max_iter=3).fit(x, x[:, 0] > 100)
    del boosted.n_features_in_
    with pytest.raises(UntrustedModelContent, match="no estimator around it"):
        check_trees(boosted, "t.skops")


def test_gradient_boosting_bounds_its_trees_by_its_own_width() -> None:
    """Classic gradient boosting reads its trees' nodes itself, past each tree's own width check: a tree there that
    says it (and its estimator) are wider than the booster is refused."""
    from sklearn.ensemble import GradientBoostingRegressor

    model = GradientBoostingRegressor(n_estimators=3, random_state=0).fit(X, Y)
    inner = model.estimators_[1, 0]
    inner.n_features_in_ = 2**30
    inner.tree_ = widened(inner.tree_, 2**30, 0, 2**29)
    with pytest.raises(UntrustedModelContent, match="reads a feature the model does not have"):
        check_trees(model, "gb.skops")


def test_a_negative_boosted_split_feature_is_refused() -> None:
    from sklearn.ensemble import HistGradientBoostingRegressor

    x = np.arange(200.0)[:, None]
    model = HistGradientBoostingRegressor(max_iter=3).fit(x, x[:, 0] > 100)
    model._predictors[1][0].nodes["feature_idx"][0] = -1
    with pytest.raises(UntrustedModelContent, match="reads a feature the model does not have"):
        check_trees(model, "hgb.skops")


def test_legitimate_tree_models_pass(tmp_path: Path) -> None:
    """Trees whose estimator is narrower or wider than the caller's row, as fitted: feature subsets (bagging,
    isolation forest) and one-hot columns ahead of a forest in a pipeline."""
    from sklearn.compose import ColumnTransformer
    from sklearn.ensemble import (
        BaggingRegressor,
        ExtraTreesClassifier,
        GradientBoostingClassifier,
        GradientBoostingRegressor,
        HistGradientBoostingRegressor,
        IsolationForest,
        RandomForestRegressor,
    )
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder
    from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor
    from skops.io import dump

    rng = np.random.default_rng(0)
    x = np.column_stack([rng.integers(0, 4, 120), rng.normal(size=120), rng.normal(size=120)])
    y = x[:, 1] + x[:, 0]
    labels = np.where(y > 1, "high", "low")
    models: dict[str, Any] = {
        "tree": DecisionTreeRegressor(random_state=0).fit(x, y),
        "tree_clf": DecisionTreeClassifier(random_state=0).fit(x, labels),
        "forest": RandomForestRegressor(n_estimators=3, random_state=0).fit(x, y),
        "extra": ExtraTreesClassifier(n_estimators=3, random_state=0).fit(x, labels),
        "gb": GradientBoostingRegressor(n_estimators=3, random_state=0).fit(x, y),
        "gb_clf": GradientBoostingClassifier(n_estimators=3, random_state=0).fit(x, labels),
        "hgb": HistGradientBoostingRegressor(max_iter=3).fit(x, y),
        "bagging": BaggingRegressor(DecisionTreeRegressor(), n_estimators=3, max_features=2, random_state=0).fit(x, y),
        "iforest": IsolationForest(n_estimators=3, max_features=2, random_state=0).fit(x),
        "onehot": Pipeline([("prep", ColumnTransformer([("oh", OneHotEncoder(handle_unknown="ignore"), [0])],
                                                       remainder="passthrough")),
                            ("forest", RandomForestRegressor(n_estimators=3, random_state=0))]).fit(x, y),
    }  # fmt: skip
    for name, model in models.items():
        check_trees(model, name)
    fields = [{"name": n, "type": "number"} for n in ("a", "b", "c")]
    for name in ("forest", "gb", "onehot"):
        dump(models[name], tmp_path / f"{name}.skops")
        sidecar = {"task": "regression", "fields": fields, "examples": [{"a": 1.0, "b": 0.5, "c": 0.0}]}
        import_skops(tmp_path / f"{name}.skops", sidecar, name=f"wide_ok_{name}")
        assert np.isfinite(nonla.run(f"custom.wide_ok_{name}", a=2.0, b=0.1, c=0.3).value)  # type: ignore[attr-defined]


def test_a_tree_shared_with_a_narrower_estimator_is_checked_against_each() -> None:
    """skops keeps shared references: one tree in a wide estimator (walked first) and in a one-input one that the
    caller reaches must fit both."""
    from sklearn.ensemble import VotingRegressor
    from sklearn.tree import DecisionTreeRegressor

    narrow = DecisionTreeRegressor(random_state=0).fit(X, Y)
    wide = DecisionTreeRegressor(random_state=0).fit(np.hstack([X, X]), Y)
    wide.tree_ = widened(narrow.tree_, 2, 0, 1)
    narrow.tree_ = wide.tree_
    model = VotingRegressor([("narrow", narrow)]).fit(X, Y)
    model.estimators_, model.wide = [narrow], wide  # the wide one is walked first (last in, first out)
    with pytest.raises(UntrustedModelContent, match="inputs where its estimator has 1"):
        check_trees(model, "shared.skops")


def test_a_model_with_more_objects_than_are_walked_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from sklearn.ensemble import RandomForestRegressor

    from nonla.custom import tree_checks

    monkeypatch.setattr(tree_checks, "MAX_OBJECTS", 50)
    model = RandomForestRegressor(n_estimators=20, random_state=0).fit(X, Y)
    with pytest.raises(nonla.NonlaError) as caught:
        check_trees(model, "big.skops")
    assert caught.value.code == "model_too_large"
