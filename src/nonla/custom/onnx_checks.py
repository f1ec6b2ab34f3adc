"""What an ONNX file must show before it is imported: self-contained, every tensor bounded, described by its sidecar.

onnxruntime allocates whatever a graph asks for. A graph can size a tensor by the *values* a caller sends
(``ConstantOfShape(Cast(ReduceMax(x)))``: ``{"a": 20000}`` asks for 1.6 GB), or by a constant far beyond memory. So:

- names derived from the graph's inputs are followed through the graph (and its subgraphs and local functions); an
  operator whose output size is read from one of them (ConstantOfShape, Expand, Tile, Range, Reshape, Resize, Pad,
  OneHot, a Loop's trip count, ...) makes the graph unbounded. ``Shape`` and ``Size`` read only the input's shape,
  which nonla fixes (at most ``BATCH_ROWS`` rows of the declared fields), so what they feed stays bounded;
- ONNX's shape inference (with constants propagated) gives the tensors' sizes; each must stay under
  ``MAX_TENSOR_BYTES`` with an unknown dimension counted as ``BATCH_ROWS``;
- weights must sit inside the file: an external-data reference would read another file of the server.

>>> import onnx
>>> from onnx import TensorProto, helper
>>> x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, 2])
>>> size = [helper.make_node("ReduceMax", ["x"], ["m"], keepdims=0),
...         helper.make_node("Cast", ["m"], ["n"], to=TensorProto.INT64),
...         helper.make_node("Reshape", ["n", "one"], ["shape"]),
...         helper.make_node("ConstantOfShape", ["shape"], ["big"])]
>>> one = helper.make_tensor("one", TensorProto.INT64, [1], [1])
>>> graph = helper.make_graph(size, "g", [x], [helper.make_tensor_value_info("big", TensorProto.FLOAT, [None])], [one])
>>> value_sized(graph)
['ConstantOfShape (input 1 comes from the input values)']
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from nonla.core.errors import InvalidInput
from nonla.custom.import_errors import ModelSchemaMismatch, ModelTooLarge, UnboundedModelGraph

BATCH_ROWS = 64  # the most rows a call hands an imported model at once (specs.build_spec's batch size)
MAX_TENSOR_BYTES = 512 * 2**20
# operator → positions of the inputs that decide how large its output is (not merely which elements it holds)
VALUE_SIZED = {"ConstantOfShape": (0,), "Expand": (1,), "Tile": (1,), "Range": (0, 1, 2), "Reshape": (1,),
               "Resize": (1, 2, 3), "Upsample": (1,), "Pad": (1, 3), "OneHot": (1,), "Loop": (0, 1),
               "CenterCropPad": (1,), "Col2Im": (1, 2), "DFT": (1,), "STFT": (3,), "MaxUnpool": (2,),
               "BlackmanWindow": (0,), "HannWindow": (0,), "HammingWindow": (0,), "MelWeightMatrix": (0, 1, 2)}  # fmt: skip
SHAPE_ONLY = ("Shape", "Size")  # their output depends on the input's shape, never on its values
ITEM_BYTES = {1: 4, 2: 1, 3: 1, 4: 2, 5: 2, 6: 4, 7: 8, 9: 1, 10: 2, 11: 8, 12: 4, 13: 8, 14: 8, 15: 16, 16: 2}


def check_graph(path: Path, shown: str) -> None:
    """Refuse a graph with external weights, a tensor sized by the input's values, or a tensor over the limit."""
    import onnx

    try:
        model = onnx.load(str(path), load_external_data=False)
    except Exception as exc:
        raise InvalidInput(f"{shown} is not an ONNX model ({type(exc).__name__}).",
                           hint="Export the model again to a single .onnx file.", field="model") from None  # fmt: skip
    if any(onnx.external_data_helper.uses_external_data(t) for t in _tensors(model)):
        raise UnboundedModelGraph(f"{shown} keeps weights in another file (external data); only the .onnx file "
                                  "is imported, and a reference could read any file of the server.")  # fmt: skip
    functions = {(f.domain, f.name): f for f in model.functions}
    try:
        found = value_sized(model.graph, functions=functions)
    except RecursionError:  # functions calling themselves, or subgraphs nested beyond reason
        found = ["functions or subgraphs nested without end"]
    if found:
        raise UnboundedModelGraph(f"{shown} sizes tensors by the values a caller sends, so one call could take "
                                  f"all the server's memory: {', '.join(found[:5])}.")  # fmt: skip
    largest = _largest_tensor(model)
    if largest is not None and largest[1] > MAX_TENSOR_BYTES:
        raise ModelTooLarge(f"{shown} builds a tensor '{largest[0]}' of {largest[1] / 2**20:,.0f} MiB (for "
                            f"{BATCH_ROWS} rows); the limit is {MAX_TENSOR_BYTES / 2**20:,.0f} MiB.")  # fmt: skip


def value_sized(graph: Any, tainted: set[str] | None = None, functions: dict[Any, Any] | None = None) -> list[str]:
    """The operators of ``graph`` whose output size comes from the values of its inputs (or of ``tainted``)."""
    initialised = {t.name for t in graph.initializer}
    dirty = set(tainted or ()) | {i.name for i in graph.input if i.name not in initialised}
    found: list[str] = []
    for node in graph.node:  # ONNX graphs are topologically sorted
        fed = any(name in dirty for name in node.input if name)
        for position in VALUE_SIZED.get(node.op_type, ()):
            if position < len(node.input) and node.input[position] in dirty:
                found.append(f"{node.op_type} (input {position + 1} comes from the input values)")
        inner = [g for a in node.attribute for g in ([a.g] if a.HasField("g") else []) + list(a.graphs)]
        body = (functions or {}).get((node.domain, node.op_type))
        for sub in inner:  # a subgraph sees the outer names; its own inputs carry the node's inputs
            outer = dirty | ({i.name for i in sub.input} if fed else set())
            found += value_sized(sub, outer, functions)
        if body is not None and fed:
            local = _Graph(body.node, [_Named(n) for n in body.input])
            found += value_sized(local, set(body.input), functions)
        uses_dirty = fed or any(_references(sub) & dirty for sub in inner)
        if uses_dirty and node.op_type not in SHAPE_ONLY:
            dirty.update(name for name in node.output if name)
    return found


class _Named:
    def __init__(self, name: str) -> None:
        self.name = name


class _Graph:
    """A local function's body seen as a graph (nodes and inputs, no initialisers)."""

    def __init__(self, node: Any, inputs: list[_Named]) -> None:
        self.node, self.input = node, inputs
        self.initializer: list[Any] = []


def _references(graph: Any) -> set[str]:
    names: set[str] = set()
    for node in graph.node:
        names.update(node.input)
        for a in node.attribute:
            for sub in ([a.g] if a.HasField("g") else []) + list(a.graphs):
                names |= _references(sub)
    return names


def _graphs(graph: Any) -> Iterator[Any]:
    yield graph
    for node in graph.node:
        for a in node.attribute:
            for sub in ([a.g] if a.HasField("g") else []) + list(a.graphs):
                yield from _graphs(sub)


def _tensors(model: Any) -> Iterator[Any]:
    """Every stored tensor: initialisers (dense and sparse) and attribute constants, in all graphs and functions."""
    nodes = [n for f in model.functions for n in f.node]
    for graph in _graphs(model.graph):
        yield from graph.initializer
        for sparse in graph.sparse_initializer:
            yield from (sparse.values, sparse.indices)
        nodes += list(graph.node)
    for node in nodes:
        for a in node.attribute:
            if a.HasField("t"):
                yield a.t
            yield from a.tensors


def _largest_tensor(model: Any) -> tuple[str, int] | None:
    """The largest tensor shape inference finds (name, bytes), unknown dimensions counted as BATCH_ROWS."""
    import onnx

    try:
        inferred = onnx.shape_inference.infer_shapes(model, data_prop=True)
    except Exception:  # inference gave up: onnxruntime decides, and the trial run with the examples follows
        return None
    largest: tuple[str, int] | None = None
    graph = inferred.graph
    for info in list(graph.value_info) + list(graph.output):
        tensor = info.type.tensor_type
        if not info.type.HasField("tensor_type") or not tensor.HasField("shape"):
            continue
        size = ITEM_BYTES.get(tensor.elem_type, 8)
        for dim in tensor.shape.dim:
            size *= dim.dim_value if dim.HasField("dim_value") and dim.dim_value >= 0 else BATCH_ROWS
        if largest is None or size > largest[1]:
            largest = (info.name, size)
    return largest


def check_sidecar(session: Any, config: dict[str, Any], task: str, shown: str) -> None:
    """The sidecar must name the graph's one input (a float matrix of its fields) and a numeric tensor output."""
    inputs, outputs = session.get_inputs(), session.get_outputs()
    if len(inputs) != 1:
        raise ModelSchemaMismatch(f"{shown} takes {len(inputs)} inputs ({', '.join(i.name for i in inputs)}); "
                                  "nonla sends one matrix with a column per field.")  # fmt: skip
    [graph_input] = inputs
    wanted = config.get("input") or graph_input.name
    if wanted != graph_input.name:
        raise ModelSchemaMismatch(f"The sidecar's input '{wanted}' is not an input of {shown}; its input is "
                                  f"'{graph_input.name}'.", field="input")  # fmt: skip
    if graph_input.type not in ("tensor(float)", "tensor(double)"):
        raise ModelSchemaMismatch(f"{shown}'s input '{graph_input.name}' is a {graph_input.type}; nonla sends "
                                  "a float matrix (tensor(float) or tensor(double)).", field="input")  # fmt: skip
    width = len(config["fields"])
    shape = list(graph_input.shape)
    if len(shape) != 2 or (isinstance(shape[1], int) and shape[1] != width) or isinstance(shape[0], int):
        raise ModelSchemaMismatch(f"{shown}'s input '{graph_input.name}' has shape {shape}; nonla sends [rows, "
                                  f"{width}] (one column per declared field, any number of rows).",
                                  field="fields")  # fmt: skip
    names = [o.name for o in outputs]
    output = config.get("output") or names[0]
    if output not in names:
        raise ModelSchemaMismatch(f"The sidecar's output '{output}' is not an output of {shown}; its outputs are "
                                  f"{', '.join(names)}.", field="output")  # fmt: skip
    found = outputs[names.index(output)]
    if not found.type.startswith("tensor(") or found.type in ("tensor(string)", "tensor(bool)"):
        raise ModelSchemaMismatch(f"{shown}'s output '{output}' is a {found.type}, not a tensor of numbers "
                                  "(export classifiers without ZipMap, e.g. skl2onnx's zipmap=False).",
                                  field="output")  # fmt: skip
    labels = config.get("labels")
    columns = list(found.shape)[1] if len(found.shape) == 2 else None
    if task == "classification" and labels and isinstance(columns, int) and columns != len(labels):
        raise ModelSchemaMismatch(f"{shown}'s output '{output}' has {columns} columns but the sidecar lists "
                                  f"{len(labels)} labels.", field="labels")  # fmt: skip
