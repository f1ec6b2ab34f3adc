"""What a skops file may hold, decided on its schema.json before skops imports, calls or builds anything.

skops trusts every scikit-learn estimator by default and names the other types by the module a file *claims*. That
is not enough: a file can claim an alias (``numpy.distutils.fcompiler.gnu.Popen`` is ``subprocess.Popen``), and a
trusted FunctionTransformer, TransformedTargetRegressor or ``functools.partial`` calls whatever it holds. So every
node of the file's schema is checked here, by its kind (skops's ``__loader__``), against an allowlist of names
computed from the real objects (their ``__module__`` and ``__qualname__``), never imported from the file's text:

- estimators: the classes ``sklearn.utils.all_estimators`` lists (no test helpers), and the parts fitted ones hold
  (trees, losses, links, binners, neighbour trees, distance metrics, optimisers, kernels);
- data: NumPy arrays and scalar types, SciPy sparse matrices, random states, and plain containers;
- as values, no class but scalar types (``dtype=np.float64``), and no function but NumPy's elementwise maths and
  scikit-learn's ``check_array``, which only check or convert data; a ``partial`` may wrap only those.

Everything else is refused: methods, ``operator`` callables, objects rebuilt by calling their class (``numpy.memmap``
opens files), ``defaultdict`` factories, and any loader this module does not know.

>>> refused_nodes({"__loader__": "FunctionNode", "__module__": "numpy", "__class__": "log1p"})
[]
>>> refused_nodes({"__loader__": "TypeNode", "__module__": "numpy.distutils.fcompiler.gnu", "__class__": "Popen"})
['numpy.distutils.fcompiler.gnu.Popen (a class used as a value)']
>>> refused_nodes({"__loader__": "TypeNode", "__module__": "numpy", "__class__": "memmap"})
['numpy.memmap (a class used as a value)']
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import Any

# NumPy functions a FunctionTransformer or TransformedTargetRegressor may hold: elementwise maths on the data only
PURE_NUMPY = ("log1p", "expm1", "log", "log2", "log10", "exp", "exp2", "sqrt", "cbrt", "square", "absolute",
              "negative", "reciprocal", "sign", "floor", "ceil", "rint", "tanh", "arctanh", "sinh", "arcsinh")  # fmt: skip
# modules of the non-estimator classes fitted estimators hold; every class defined there is data and arithmetic
PART_MODULES = ("sklearn._loss.link", "sklearn._loss.loss", "sklearn.ensemble._hist_gradient_boosting.binning",
                "sklearn.ensemble._hist_gradient_boosting.predictor", "sklearn.neighbors._kd_tree",
                "sklearn.neighbors._ball_tree", "sklearn.metrics._dist_metrics",
                "sklearn.neural_network._stochastic_optimizers", "sklearn.gaussian_process.kernels",
                "sklearn.utils._bunch")  # fmt: skip
# ... except those that call a Python function from the file
NOT_PARTS = ("PyFuncDistance",)


def name_of(thing: Any) -> str:
    """The name skops writes for a class or function: its real module and name, so an alias never matches."""
    return f"{thing.__module__}.{getattr(thing, '__qualname__', thing.__name__)}"


def _classes(module_name: str) -> Iterator[type]:
    import importlib

    module = importlib.import_module(module_name)
    for value in vars(module).values():
        if isinstance(value, type) and value.__module__ == module_name and not value.__name__.startswith(NOT_PARTS):
            yield value


@functools.cache
def allowlist() -> dict[str, frozenset[str]]:
    """Per skops loader, the type names a node of that kind may carry (a loader absent here is refused)."""
    from collections import OrderedDict

    import numpy as np
    import scipy.sparse as sparse
    from sklearn.tree._tree import Tree
    from sklearn.utils import all_estimators
    from sklearn.utils.validation import check_array

    scalars = {name_of(t) for t in set(np.sctypeDict.values()) if t.__module__ == "numpy"}
    scalars |= {name_of(t) for t in (int, float, bool, str, complex)}
    estimators = {name_of(c) for _, c in all_estimators() if c.__module__.startswith("sklearn.")}
    parts = {name_of(c) for module in PART_MODULES for c in _classes(module)}
    losses = {name_of(c) for c in _classes("sklearn._loss._loss")} | {name_of(c) for c in _classes(
        "sklearn.linear_model._sgd_fast")}  # fmt: skip
    sparse_types = {name_of(c) for c in vars(sparse).values()
                    if isinstance(c, type) and issubclass(c, (sparse.spmatrix, sparse.sparray))}  # fmt: skip
    functions = {name_of(getattr(np, f)) for f in PURE_NUMPY} | {name_of(check_array)}
    return {
        "DictNode": frozenset({name_of(dict), name_of(OrderedDict)}),
        "ListNode": frozenset({name_of(list)}),
        "SetNode": frozenset({name_of(set)}),
        "TupleNode": frozenset({name_of(tuple)}),
        "SliceNode": frozenset({name_of(slice)}),
        "BytesNode": frozenset({name_of(bytes)}),
        "BytearrayNode": frozenset({name_of(bytearray)}),
        "NdArrayNode": frozenset({name_of(np.ndarray)} | scalars),
        "MaskedArrayNode": frozenset({name_of(np.ma.MaskedArray)}),
        "DTypeNode": frozenset({"numpy.dtype"}),
        "RandomStateNode": frozenset({name_of(np.random.RandomState)}),
        "RandomGeneratorNode": frozenset({name_of(np.random.Generator)}),
        "SparseMatrixNode": frozenset(sparse_types),
        "TreeNode": frozenset({name_of(Tree)}),
        "LossNode": frozenset(losses),
        "ObjectNode": frozenset(estimators | parts),
        "TypeNode": frozenset(scalars),
        "FunctionNode": frozenset(functions),
        "PartialNode": frozenset({name_of(functools.partial)}),
    }


# what a refused node is, in the message
WHAT = {"TypeNode": "a class used as a value", "FunctionNode": "a function", "ObjectNode": "not an estimator",
        "MethodNode": "a method", "OperatorFuncNode": "an operator function",
        "ConstructorFromReduceNode": "built by calling its class", "DefaultDictNode": "a defaultdict factory"}  # fmt: skip
BIT_GENERATORS = ("PCG64", "PCG64DXSM", "MT19937", "Philox", "SFC64")


def nodes(schema: Any) -> Iterator[dict[str, Any]]:
    """Every node of a skops schema: each dict with a ``__loader__``, wherever it sits (skops reads a subset)."""
    stack = [schema]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if "__loader__" in item:
                yield item
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def refused_nodes(schema: Any) -> list[str]:
    """The type names in a skops schema that may not be loaded, each with why (empty when all may)."""
    allowed = allowlist()
    refused: dict[str, None] = {}
    for node in nodes(schema):
        loader, module, name = node.get("__loader__"), node.get("__module__"), node.get("__class__")
        if loader in ("JsonNode", "CachedNode"):  # a JSON literal, or a reference to a node checked where it is
            continue
        if not all(isinstance(part, str) for part in (loader, module, name)):
            refused["a malformed node"] = None
            continue
        full = f"{module}.{name}"
        if full not in allowed.get(str(loader), ()):
            refused[f"{full} ({WHAT.get(str(loader), 'not allowed')})"] = None
        elif loader == "PartialNode" and _partial_target(node) not in allowed["FunctionNode"]:
            refused[f"functools.partial of {_partial_target(node)}"] = None
        elif loader == "RandomGeneratorNode" and _bit_generator(node) not in BIT_GENERATORS:
            refused[f"numpy.random.{_bit_generator(node)} (not a bit generator)"] = None
    return list(refused)


def _partial_target(node: dict[str, Any]) -> str:
    func = (node.get("content") or {}).get("func") or {}
    if not isinstance(func, dict) or func.get("__loader__") != "FunctionNode":
        return "something other than a NumPy function"
    return f"{func.get('__module__')}.{func.get('__class__')}"


def _bit_generator(node: dict[str, Any]) -> str:
    import json

    try:
        return str(json.loads(node["content"]["bit_generator"]["content"]["bit_generator"]["content"]))
    except (KeyError, TypeError, ValueError):
        return "(unknown)"


def names(schema: Any) -> Iterable[str]:
    """Every type name the schema's nodes carry (what skops may ask to trust)."""
    return {f"{n.get('__module__')}.{n.get('__class__')}" for n in nodes(schema)}
