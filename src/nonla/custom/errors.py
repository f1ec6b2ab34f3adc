"""The errors of the model store, each a subclass of the one tree in core/errors.py (so surfaces map them alike)."""

from __future__ import annotations

from nonla.core.errors import Conflict, InvalidInput, ModelUnavailable


class PromotionRefused(Conflict):
    code = "promotion_refused"
    default_hint = "Fix what the checks report (see `nonla models show NAME@N`), train a new version, then promote it."


class TrainingCancelled(Conflict):
    code = "training_cancelled"
    default_hint = "Start the training again when you want a new version; nothing was registered."


class UnsafeModelFormat(InvalidInput):
    code = "unsafe_model_format"
    default_hint = (
        "Save scikit-learn models with skops (skops.io.dump) or export them to ONNX: a pickle or joblib file can run "
        "any code when it is loaded, so it is never imported."
    )


class AdapterUnavailable(ModelUnavailable):
    code = "adapter_unavailable"
    default_hint = "Check that the remote model server is running and reachable, then call again."
