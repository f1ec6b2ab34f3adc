"""Why an imported model file was refused, and what an imported model that fails while serving answers.

Each refusal has its own stable code (all 422 over REST, exit code 2 in the CLI) so that a tool can tell an unsafe
file from one too large, or from a sidecar that does not describe its model. A model that passed these checks but
fails on some input later is the model's fault, not the caller's: 503 ``imported_model_failed``, never a bare 500.

>>> err = ModelTooLarge("The file unpacks to 4 GiB; the limit is 1 GiB.")
>>> (err.code, err.http_status, err.exit_code)
('model_too_large', 422, 2)
>>> ImportedModelFailed("custom.x@1 gave no number.").http_status
503
"""

from __future__ import annotations

from nonla.core.errors import InvalidInput, ModelUnavailable


class UntrustedModelContent(InvalidInput):
    code = "untrusted_model_content"
    default_hint = (
        "Save a plain scikit-learn estimator or pipeline with skops.io.dump: no functions or classes of your own, "
        "FunctionTransformer and TransformedTargetRegressor only with NumPy functions such as np.log1p and np.expm1. "
        "Or export the model to ONNX."
    )


class ModelTooLarge(InvalidInput):
    code = "model_too_large"
    default_hint = "Export a smaller model (fewer trees, features or classes), or serve it elsewhere with add-http."


class UnboundedModelGraph(InvalidInput):
    code = "unbounded_model_graph"
    default_hint = (
        "Export the model so that the size of every tensor follows from the input's shape and the model's own "
        "constants, never from the input's values (no ConstantOfShape, Expand, Tile, Range, Reshape, Resize or Pad "
        "sized by data), and keep its weights inside the .onnx file."
    )


class ModelSchemaMismatch(InvalidInput):
    code = "model_schema_mismatch"
    default_hint = (
        "Make the sidecar describe the model: 'input' and 'output' name its tensors, 'fields' are the columns of its "
        "input in order, and 'labels' has one entry per column of its output."
    )


class ModelTrialFailed(InvalidInput):
    code = "model_trial_failed"
    default_hint = (
        "Run the sidecar's examples through the model yourself; fix the model or the examples until each gives a "
        "finite number per output column, then import again."
    )


class ImportedModelFailed(ModelUnavailable):
    code = "imported_model_failed"
    default_hint = (
        "The imported model could not answer this input. Its owner can import a fixed version; meanwhile "
        "`nonla models rollback NAME` serves the previous one."
    )
