#!/usr/bin/python3
"""Runs the ONNX conformance test data through quantc.

ONNX ships its backend test data as directories holding a model.onnx and
test_data_set_*/{input,output}_K.pb (serialized TensorProtos); Debian's
libonnx-testdata installs them under /usr/share/libonnx-testdata/data/
{node,pytorch-converted,pytorch-operator}/<case>/.

For every case this driver

  1. decides whether the case is in quantc's scope (see `analyze`): all ops
     in supported_ops.txt, run-time tensors of supported dtypes (f32 for
     compute ops), inference mode, static shapes. Out-of-scope cases are
     listed with the reason.
  2. compiles model.onnx with quantc (timeout 120 s). quantc compiles for
     static shapes, so a shape-like operand (Reshape's shape, Slice's
     starts/ends, the axes of Squeeze/Unsqueeze/Reduce*, Pad's pads, Clip's
     bounds, ...) that the test feeds as a graph input is baked into the
     model as an initializer holding the test data's value ("baked" in the
     report; --no-bake keeps them as inputs and the cases out of scope).
  3. in a separate worker process (so that a crash of the artifact is
     reported, not fatal), dlopen()s the .so, creates a 1-thread context
     through quantc_model_api_get(), feeds each test_data_set's inputs
     (input_K.pb is the K-th graph input that is not an initializer),
     runs and compares every output with output_K.pb: |got - expected| <=
     atol + rtol * |expected| (rtol=1e-3, atol=1e-7, NaN == NaN; the ONNX
     backend-test defaults) for floats, exact equality otherwise.

Cases listed in expected_failures.txt may fail; the driver exits 1 if any
other in-scope case fails, or if a listed case passes (or is out of scope,
or does not exist), so that the list stays honest.

Run with Debian's python (it has python3-numpy and python3-onnx):

  /usr/bin/python3 test/conformance/run_conformance.py [--suite node]
      [--filter REGEX] [--jobs 2] [--report report.md]
"""

import argparse
import collections
import concurrent.futures
import ctypes
import errno
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

try:
    import numpy as np
    import onnx
    from onnx import numpy_helper
except ImportError as e:  # pragma: no cover
    sys.exit("run_conformance.py: %s (run it with /usr/bin/python3, which has "
             "python3-numpy and python3-onnx)" % e)

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_DATA = "/usr/share/libonnx-testdata/data"
SUITES = ["node", "pytorch-converted", "pytorch-operator"]
RTOL, ATOL = 1e-3, 1e-7
COMPILE_TIMEOUT = 120
RUN_TIMEOUT = 120

# ONNX TensorProto.DataType -> name, numpy dtype.
DTYPE_NAMES = {
    1: "float32", 2: "uint8", 3: "int8", 4: "uint16", 5: "int16",
    6: "int32", 7: "int64", 8: "string", 9: "bool", 10: "float16",
    11: "float64", 12: "uint32", 13: "uint64", 14: "complex64",
    15: "complex128", 16: "bfloat16",
}
NP_DTYPES = {
    1: np.float32, 2: np.uint8, 3: np.int8, 4: np.uint16, 5: np.int16,
    6: np.int32, 7: np.int64, 9: np.bool_, 10: np.float16, 11: np.float64,
}
F32 = 1
# dtypes a run-time (non-constant) tensor may have at all.
RUNTIME_DTYPES = {1, 2, 3, 4, 5, 6, 7, 9}

# Operand positions that are shape-like parameters rather than data: quantc
# needs them at compile time. They are exempt from the f32 rule and are
# baked from the test data when the test feeds them as graph inputs.
REDUCE_OPS = ["ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin",
              "ReduceProd", "ReduceSumSquare", "ReduceL1", "ReduceL2",
              "ReduceLogSum", "ReduceLogSumExp"]
SHAPE_OPERANDS = {
    "Reshape": {1}, "Slice": {1, 2, 3, 4}, "Pad": {1, 2, 3},
    "Squeeze": {1}, "Unsqueeze": {1}, "Tile": {1}, "Expand": {1},
    "Split": {1}, "Clip": {1, 2}, "ConstantOfShape": {0},
    "Range": {0, 1, 2}, "Dropout": {1, 2},
}
SHAPE_OPERANDS.update({op: {1} for op in REDUCE_OPS})

# Ops that only move, select or reinterpret data: any run-time dtype in
# RUNTIME_DTYPES is in scope. Every other supported op computes and needs
# f32 run-time data.
DATA_MOVEMENT = {
    "Identity", "Constant", "Flatten", "Reshape", "Transpose", "Concat",
    "Split", "Slice", "Pad", "Squeeze", "Unsqueeze", "Shape", "Size",
    "Gather", "Cast", "ConstantOfShape", "Range", "Expand", "Tile",
}
# (op, output index) whose dtype is not f32 by definition.
NON_F32_OUTPUTS = {("Dropout", 1), ("MaxPool", 1)}
# Ops that produce values though they have no (or only constant) inputs
# but are not deterministic: never constant.
NONDETERMINISTIC = {"RandomNormal", "RandomUniform", "RandomNormalLike",
                    "RandomUniformLike", "Bernoulli", "Multinomial"}

SIGNALS = {getattr(signal, n): n for n in dir(signal)
           if n.startswith("SIG") and not n.startswith("SIG_")}


def signame(num):
    return SIGNALS.get(num, "signal %d" % num)


def dtype_name(code):
    return DTYPE_NAMES.get(code, "dtype#%d" % code)


def one_line(text, limit=400):
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


# ---------------------------------------------------------------------------
# Data files
# ---------------------------------------------------------------------------

def read_supported_ops(path):
    """op_type -> set of flags."""
    ops = {}
    with open(path) as f:
        for line in f:
            line = line.split("#", 1)[0].split()
            if line:
                ops[line[0]] = set(line[1:])
    return ops


def read_expected_failures(path):
    """'suite/case' -> reason."""
    expected = {}
    if not os.path.exists(path):
        return expected
    with open(path) as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = line.split(None, 1)
            if len(parts) < 2 or "/" not in parts[0]:
                sys.exit("%s:%d: expected '<suite>/<case> <reason>'"
                         % (path, lineno))
            expected[parts[0]] = parts[1].strip()
    return expected


def load_tensor(path):
    t = onnx.TensorProto()
    with open(path, "rb") as f:
        t.ParseFromString(f.read())
    return t


def data_sets(case_dir):
    sets = [d for d in os.listdir(case_dir) if d.startswith("test_data_set_")]
    sets.sort(key=lambda d: int(d.rsplit("_", 1)[1]))
    out = []
    for d in sets:
        full = os.path.join(case_dir, d)

        def files(prefix):
            fs = [f for f in os.listdir(full)
                  if f.startswith(prefix) and f.endswith(".pb")]
            fs.sort(key=lambda f: int(f[len(prefix):-3]))
            return [os.path.join(full, f) for f in fs]
        out.append({"dir": full, "inputs": files("input_"),
                    "outputs": files("output_")})
    return out


# ---------------------------------------------------------------------------
# Scope analysis
# ---------------------------------------------------------------------------

class Case:
    def __init__(self, suite, name, path):
        self.suite, self.name, self.path = suite, name, path
        self.id = suite + "/" + name
        self.status = None      # pass fail xfail xpass oos
        self.category = ""      # failure category
        self.reason = ""
        self.notes = []         # e.g. baked inputs
        self.expected_reason = None


def node_ops(graph):
    """(domain, op_type) of every node, subgraphs included."""
    for n in graph.node:
        yield n.domain, n.op_type
        for a in n.attribute:
            if a.type == onnx.AttributeProto.GRAPH:
                yield from node_ops(a.g)
            elif a.type == onnx.AttributeProto.GRAPHS:
                for g in a.graphs:
                    yield from node_ops(g)


def constant_values(graph):
    """Names of the values that are compile-time constants."""
    const = {i.name for i in graph.initializer}
    for n in graph.node:
        ins = [i for i in n.input if i]
        if n.op_type in NONDETERMINISTIC:
            continue
        if n.op_type in ("Constant", "Shape", "Size") or \
                all(i in const for i in ins):
            const.update(o for o in n.output if o)
    return const


def value_types(model):
    """value name -> ONNX elem_type, from shape inference where it works."""
    try:
        inferred = onnx.shape_inference.infer_shapes(model)
    except Exception:  # noqa: BLE001 - keep the declared types
        inferred = model
    g = inferred.graph
    types = {}
    for v in list(g.input) + list(g.value_info) + list(g.output):
        if v.type.HasField("tensor_type") and v.type.tensor_type.elem_type:
            types[v.name] = v.type.tensor_type.elem_type
    for t in g.initializer:
        types[t.name] = t.data_type
    for n in g.node:
        if n.op_type == "Constant":
            for a in n.attribute:
                if a.name == "value":
                    types[n.output[0]] = a.t.data_type
    return types


def attr(node, name, default=None):
    for a in node.attribute:
        if a.name == name:
            return onnx.helper.get_attribute_value(a)
    return default


def analyze(case, supported, bake=True):
    """Decides the scope of a case. Returns None when out of scope (with
    case.reason set), else a dict describing how to compile and feed it."""
    model = onnx.load(os.path.join(case.path, "model.onnx"))
    g = model.graph
    inits = {t.name for t in g.initializer}
    runtime_inputs = [i for i in g.input if i.name not in inits]
    sets = data_sets(case.path)

    def oos(reason):
        case.status, case.reason = "oos", reason
        return None

    unsupported = []
    for domain, op in node_ops(g):
        if domain not in ("", "ai.onnx") or op not in supported:
            name = op if domain in ("", "ai.onnx") else domain + ":" + op
            if name not in unsupported:
                unsupported.append(name)
    if unsupported:
        if any(u.startswith("ai.onnx.preview.training:") for u in unsupported):
            return oos("training-mode op %s" % ", ".join(unsupported))
        return oos("op%s %s not supported" % (
            "s" if len(unsupported) > 1 else "", ", ".join(unsupported)))
    for v in list(runtime_inputs) + list(g.output):
        kind = v.type.WhichOneof("value")
        if kind != "tensor_type":
            return oos("non-tensor graph %s '%s' (%s)" % (
                "output" if v in g.output else "input", v.name, kind))

    if not sets:
        return oos("no test data")

    # Test data by graph input name (input_K.pb <-> K-th non-initializer).
    feeds = [{} for _ in sets]
    for s, ds in enumerate(sets):
        if len(ds["inputs"]) != len(runtime_inputs):
            case.status = "fail"
            case.category = "driver: test data does not match the graph"
            case.reason = "%s has %d inputs, the graph has %d" % (
                os.path.basename(ds["dir"]), len(ds["inputs"]),
                len(runtime_inputs))
            return None
        for k, v in enumerate(runtime_inputs):
            feeds[s][v.name] = ds["inputs"][k]

    def feed_value(name):
        """The test data's value of graph input `name` if all data sets
        agree, else None."""
        values = [numpy_helper.to_array(load_tensor(f[name])) for f in feeds]
        for v in values[1:]:
            if v.shape != values[0].shape or not np.array_equal(v, values[0]):
                return None
        return values[0]

    runtime_names = {v.name for v in runtime_inputs}

    # Training mode.
    for n in g.node:
        if n.op_type == "BatchNormalization":
            if attr(n, "training_mode", 0) or \
                    len([o for o in n.output if o]) > 1:
                return oos("training-mode op (BatchNormalization with "
                           "training_mode=1 / running-stat outputs)")
        if n.op_type == "Dropout" and len(n.input) > 2 and n.input[2]:
            t = n.input[2]
            if t in runtime_names:
                val = feed_value(t)
                if val is None or bool(val.reshape(-1)[0]):
                    return oos("training-mode op (Dropout training_mode=true)")
            elif t not in inits:
                return oos("training-mode op (Dropout with a computed "
                           "training_mode)")

    # Bake shape-like operands that the test feeds as graph inputs.
    baked = {}
    if bake:
        for n in g.node:
            for pos in sorted(SHAPE_OPERANDS.get(n.op_type, ())):
                if pos < len(n.input) and n.input[pos] in runtime_names \
                        and n.input[pos] not in baked:
                    val = feed_value(n.input[pos])
                    if val is None:
                        return oos("%s operand '%s' differs between data sets"
                                   % (n.op_type, n.input[pos]))
                    baked[n.input[pos]] = val
    if baked:
        for name, val in baked.items():
            g.initializer.append(numpy_helper.from_array(val, name))
        if model.ir_version >= 4:
            keep = [v for v in g.input if v.name not in baked]
            del g.input[:]
            g.input.extend(keep)
        case.notes.append("baked " + ", ".join(sorted(baked)))

    const = constant_values(g)
    types = value_types(model)

    for n in g.node:
        flags = supported.get(n.op_type, set())
        ins = [i for i in n.input if i]
        runtime_ins = [i for i in ins if i not in const]
        for pos in sorted(SHAPE_OPERANDS.get(n.op_type, ())):
            if pos < len(n.input) and n.input[pos] and \
                    n.input[pos] not in const:
                if n.op_type == "Dropout":
                    continue
                return oos("run-time %s operand #%d '%s' (quantc needs it "
                           "at compile time)" % (n.op_type, pos, n.input[pos]))
        if "fold-only" in flags and runtime_ins:
            return oos("run-time %s (only folded when its inputs are "
                       "constant)" % n.op_type)

    # Dtypes of run-time values.
    for n in g.node:
        if all(i in const for i in n.input if i):
            continue
        for name in list(n.input) + list(n.output):
            if name and name not in const and name in types and \
                    types[name] not in RUNTIME_DTYPES:
                return oos("dtype %s (%s '%s')" % (
                    dtype_name(types[name]), n.op_type, name))
        if n.op_type in DATA_MOVEMENT:
            continue
        shape_pos = SHAPE_OPERANDS.get(n.op_type, set())
        for pos, name in enumerate(n.input):
            if name and pos not in shape_pos and name not in const and \
                    types.get(name, F32) != F32:
                return oos("dtype %s (%s input '%s'; compute ops take f32)"
                           % (dtype_name(types[name]), n.op_type, name))
        for pos, name in enumerate(n.output):
            if name and (n.op_type, pos) not in NON_F32_OUTPUTS and \
                    types.get(name, F32) != F32:
                return oos("dtype %s (%s output '%s'; compute ops produce "
                           "f32)" % (dtype_name(types[name]), n.op_type, name))

    # Symbolic dimensions: compile for the test data's shapes.
    input_shapes = []
    for v in runtime_inputs:
        if v.name in baked:
            continue
        dims = v.type.tensor_type.shape.dim
        if not v.type.tensor_type.HasField("shape") or \
                any(not d.HasField("dim_value") for d in dims):
            shape = numpy_helper.to_array(load_tensor(feeds[0][v.name])).shape
            if shape:
                input_shapes.append("%s=%s" % (
                    v.name, "x".join(str(d) for d in shape)))

    return {
        "model": model if baked else None,
        "input_shapes": input_shapes,
        "datasets": [{
            "inputs": [[name, f] for name, f in feeds[s].items()
                       if name not in baked],
            "outputs": [[v.name, sets[s]["outputs"][k]]
                        for k, v in enumerate(g.output)
                        if k < len(sets[s]["outputs"])],
            "n_outputs": len(sets[s]["outputs"]),
        } for s in range(len(sets))],
        "n_graph_outputs": len(g.output),
    }


# ---------------------------------------------------------------------------
# Worker: load the artifact and run it (in its own process)
# ---------------------------------------------------------------------------

class TensorInfo(ctypes.Structure):
    _fields_ = [
        ("name", ctypes.c_char_p),
        ("dtype", ctypes.c_int32),
        ("rank", ctypes.c_int32),
        ("shape", ctypes.POINTER(ctypes.c_int64)),
        ("num_elements", ctypes.c_int64),
        ("quant_dtype", ctypes.c_int32),
        ("zero_point", ctypes.c_int32),
        ("scale", ctypes.c_float),
    ]


CREATE_FN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_int,
                             ctypes.POINTER(ctypes.c_void_p))
DESTROY_FN = ctypes.CFUNCTYPE(None, ctypes.c_void_p)
RUN_FN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p,
                          ctypes.POINTER(ctypes.c_void_p),
                          ctypes.POINTER(ctypes.c_void_p))
LAST_ERROR_FN = ctypes.CFUNCTYPE(ctypes.c_char_p, ctypes.c_void_p)


class ModelApi(ctypes.Structure):
    _fields_ = [
        ("abi_version", ctypes.c_uint32),
        ("name", ctypes.c_char_p),
        ("num_inputs", ctypes.c_int32),
        ("num_outputs", ctypes.c_int32),
        ("inputs", ctypes.POINTER(TensorInfo)),
        ("outputs", ctypes.POINTER(TensorInfo)),
        ("create", CREATE_FN),
        ("destroy", DESTROY_FN),
        ("run", RUN_FN),
        ("run_quantized", RUN_FN),
        ("last_error", LAST_ERROR_FN),
    ]


ABI_VERSION = 1
STATUS_NAMES = {0: "OK", 1: "INVALID_ARGUMENT", 2: "OUT_OF_MEMORY",
                3: "THREAD", 4: "UNSUPPORTED"}


class WorkerFailure(Exception):
    def __init__(self, category, reason):
        super().__init__(reason)
        self.category, self.reason = category, reason


def info_list(ptr, n):
    out = []
    for i in range(n):
        t = ptr[i]
        out.append({
            "name": t.name.decode() if t.name else "",
            "dtype": t.dtype,
            "shape": tuple(t.shape[d] for d in range(t.rank)),
        })
    return out


def match_infos(infos, names, what):
    """Index into infos for each name: by name, else by position when the
    counts agree."""
    by_name = {t["name"]: i for i, t in enumerate(infos)}
    if all(n in by_name for n in names):
        return [by_name[n] for n in names]
    if len(infos) == len(names):
        return list(range(len(names)))
    raise WorkerFailure(
        "interface mismatch",
        "artifact %ss %s do not match the graph's %s" % (
            what, [t["name"] for t in infos], names))


def describe_mismatch(name, got, exp, bad):
    idx = np.argwhere(bad)
    first = tuple(int(i) for i in idx[0]) if idx.size else ()
    with np.errstate(all="ignore"):
        err = np.abs(got.astype(np.float64) - exp.astype(np.float64))
        err = np.where(np.isnan(err), np.inf, err)
    return ("output '%s': %d/%d elements differ, max abs err %.4g; "
            "first at %s: got %s expected %s" % (
                name, int(bad.sum()), bad.size, float(err[bad].max()),
                list(first), fmt(got[first]), fmt(exp[first])))


def fmt(x):
    x = x.item()
    return "%.7g" % x if isinstance(x, float) else repr(x)


def compare(name, got, exp):
    if np.issubdtype(exp.dtype, np.floating):
        with np.errstate(all="ignore"):
            g64, e64 = got.astype(np.float64), exp.astype(np.float64)
            ok = np.abs(g64 - e64) <= ATOL + RTOL * np.abs(e64)
            ok |= np.isnan(g64) & np.isnan(e64)
            ok |= (g64 == e64)  # infinities of the same sign
        bad = ~ok
    else:
        bad = got != exp
    if bad.any():
        raise WorkerFailure("wrong values", describe_mismatch(name, got, exp,
                                                              bad))


def worker_run(spec):
    try:
        lib = ctypes.CDLL(spec["so"])
    except OSError as e:
        raise WorkerFailure("load error", "dlopen: %s" % e)
    try:
        get = lib.quantc_model_api_get
    except AttributeError:
        raise WorkerFailure("load error", "no quantc_model_api_get symbol")
    get.restype = ctypes.POINTER(ModelApi)
    api_ptr = get()
    if not api_ptr:
        raise WorkerFailure("load error", "quantc_model_api_get() is NULL")
    api = api_ptr.contents
    if api.abi_version != ABI_VERSION:
        raise WorkerFailure("interface mismatch", "abi_version %d, expected %d"
                            % (api.abi_version, ABI_VERSION))
    in_infos = info_list(api.inputs, api.num_inputs)
    out_infos = info_list(api.outputs, api.num_outputs)

    for ds in spec["datasets"]:
        if ds["n_outputs"] != spec["n_graph_outputs"]:
            raise WorkerFailure(
                "driver: test data does not match the graph",
                "%d output_*.pb, the graph has %d outputs" % (
                    ds["n_outputs"], spec["n_graph_outputs"]))
        names = [n for n, _ in ds["inputs"]]
        values = [numpy_helper.to_array(load_tensor(f)) for _, f in
                  ds["inputs"]]
        if len(names) != len(in_infos):
            raise WorkerFailure(
                "interface mismatch",
                "artifact has %d inputs %s, the test feeds %d %s" % (
                    len(in_infos), [t["name"] for t in in_infos], len(names),
                    names))
        order = match_infos(in_infos, names, "input")
        in_bufs = [None] * len(in_infos)
        for name, val, i in zip(names, values, order):
            info = in_infos[i]
            if info["dtype"] not in NP_DTYPES:
                raise WorkerFailure("interface mismatch",
                                    "input '%s' has dtype %s" % (
                                        name, dtype_name(info["dtype"])))
            want = np.dtype(NP_DTYPES[info["dtype"]])
            if val.dtype != want:
                raise WorkerFailure(
                    "interface mismatch",
                    "input '%s': artifact takes %s, test data is %s" % (
                        name, dtype_name(info["dtype"]), val.dtype))
            if tuple(val.shape) != info["shape"]:
                raise WorkerFailure(
                    "interface mismatch",
                    "input '%s': artifact shape %s, test data %s" % (
                        name, list(info["shape"]), list(val.shape)))
            in_bufs[i] = np.ascontiguousarray(val)

        out_names = [n for n, _ in ds["outputs"]]
        expected = [numpy_helper.to_array(load_tensor(f)) for _, f in
                    ds["outputs"]]
        if len(out_infos) != len(out_names):
            raise WorkerFailure(
                "interface mismatch",
                "artifact has %d outputs %s, the graph %d %s" % (
                    len(out_infos), [t["name"] for t in out_infos],
                    len(out_names), out_names))
        out_order = match_infos(out_infos, out_names, "output")
        out_bufs = []
        for info in out_infos:
            if info["dtype"] not in NP_DTYPES:
                raise WorkerFailure("interface mismatch",
                                    "output '%s' has dtype %s" % (
                                        info["name"],
                                        dtype_name(info["dtype"])))
            out_bufs.append(np.empty(info["shape"],
                                     dtype=NP_DTYPES[info["dtype"]]))
        for b in out_bufs:  # poison: unwritten outputs show up as NaN / junk
            b.reshape(-1).view(np.uint8)[...] = 0xFF

        ctx = ctypes.c_void_p()
        rc = api.create(1, ctypes.byref(ctx))
        if rc != 0:
            raise WorkerFailure("run error", "create(1) returned %d (%s)" % (
                rc, STATUS_NAMES.get(rc, "?")))
        try:
            ins = (ctypes.c_void_p * max(1, len(in_bufs)))(
                *[b.ctypes.data for b in in_bufs])
            outs = (ctypes.c_void_p * max(1, len(out_bufs)))(
                *[b.ctypes.data for b in out_bufs])
            rc = api.run(ctx, ins, outs)
            if rc != 0:
                msg = api.last_error(ctx)
                raise WorkerFailure("run error", "run() returned %d (%s): %s"
                                    % (rc, STATUS_NAMES.get(rc, "?"),
                                       (msg or b"").decode(errors="replace")))
        finally:
            api.destroy(ctx)

        for name, exp, i in zip(out_names, expected, out_order):
            got, info = out_bufs[i], out_infos[i]
            if got.dtype != exp.dtype:
                raise WorkerFailure(
                    "wrong output dtype/shape",
                    "output '%s': artifact returns %s, expected %s" % (
                        name, dtype_name(info["dtype"]), exp.dtype))
            if got.shape != exp.shape:
                raise WorkerFailure(
                    "wrong output dtype/shape",
                    "output '%s': artifact shape %s, expected %s" % (
                        name, list(got.shape), list(exp.shape)))
            compare(name, got, exp)


def worker_main(spec_path, result_path):
    with open(spec_path) as f:
        spec = json.load(f)
    try:
        worker_run(spec)
        result = {"status": "pass"}
    except WorkerFailure as e:
        result = {"status": "fail", "category": e.category,
                  "reason": e.reason}
    except Exception as e:  # noqa: BLE001 - a driver bug, report it
        result = {"status": "fail", "category": "driver error",
                  "reason": "%s: %s" % (type(e).__name__, e)}
    with open(result_path, "w") as f:
        json.dump(result, f)
    sys.stdout.flush()
    os._exit(0)  # skip finalizers of the loaded library


# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------

def run_process(cmd, timeout, retries=5):
    """subprocess.run that retries the transient exec failures seen while
    the binary is being replaced by a concurrent build."""
    for attempt in range(retries + 1):
        try:
            p = subprocess.run(cmd, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=timeout)
        except OSError as e:
            if attempt < retries and e.errno in (errno.ENOENT, errno.ETXTBSY,
                                                 errno.EACCES, errno.ENOEXEC):
                time.sleep(2)
                continue
            raise
        if p.returncode in (126, 127) and attempt < retries:
            time.sleep(2)
            continue
        return p


def compile_error_text(stderr, model_path):
    """The first 'quantc: error:' line without its file prefix, plus the
    number of further errors and the notes that are not IR dumps."""
    lines = stderr.decode(errors="replace").splitlines()

    def strip(msg):
        msg = msg.strip()
        if msg.startswith(model_path + ":"):
            msg = msg[len(model_path) + 1:].strip()
        return msg
    errors = [strip(l[len("quantc: error:"):]) for l in lines
              if l.startswith("quantc: error:")]
    notes = [strip(l[len("quantc: note:"):]) for l in lines
             if l.startswith("quantc: note:") and
             "see current operation" not in l]
    if not errors:
        return one_line(" | ".join(lines[-3:])) or "(no message)"
    msg = errors[0]
    if len(errors) > 1:
        msg += " (+%d more error%s)" % (len(errors) - 1,
                                        "s" if len(errors) > 2 else "")
    for n in notes:
        msg += " [note: %s]" % one_line(n, 300)
    return msg


def run_case(case, args, supported, tmp_root):
    try:
        plan = analyze(case, supported, bake=not args.no_bake)
    except Exception as e:  # noqa: BLE001
        case.status, case.category = "fail", "driver error"
        case.reason = "scope analysis: %s: %s" % (type(e).__name__,
                                                   one_line(str(e)))
        return case
    if plan is None or args.scope_only:
        if plan is not None:
            case.status = "in-scope"
        return case

    work = os.path.join(tmp_root, case.suite + "__" + case.name)
    os.makedirs(work, exist_ok=True)
    try:
        model_path = os.path.join(case.path, "model.onnx")
        if plan["model"] is not None:
            model_path = os.path.join(work, "model.onnx")
            onnx.save(plan["model"], model_path)
        so = os.path.join(work, "model.so")
        cmd = [args.quantc, model_path, "-o", so, "--no-header"]
        cmd += ["--input-shape=" + s for s in plan["input_shapes"]]
        cmd += args.quantc_arg
        try:
            p = run_process(cmd, COMPILE_TIMEOUT)
        except subprocess.TimeoutExpired:
            case.status, case.category = "fail", "compile timeout"
            case.reason = "quantc did not finish in %d s" % COMPILE_TIMEOUT
            return case
        if p.returncode < 0:
            case.status, case.category = "fail", "compiler crash"
            tail = p.stderr.decode(errors="replace").strip().splitlines()
            case.reason = "quantc killed by %s%s" % (
                signame(-p.returncode),
                (": " + one_line(" | ".join(tail[-3:]), 300)) if tail else "")
            return case
        if p.returncode != 0:
            case.status, case.category = "fail", "compile error"
            case.reason = compile_error_text(p.stderr, model_path)
            if p.returncode != 1:
                case.reason = "exit %d: %s" % (p.returncode, case.reason)
            return case
        if not os.path.exists(so):
            case.status, case.category = "fail", "compile error"
            case.reason = "quantc exited 0 but wrote no %s" % so
            return case

        spec_path = os.path.join(work, "spec.json")
        result_path = os.path.join(work, "result.json")
        with open(spec_path, "w") as f:
            json.dump({"so": so, "datasets": plan["datasets"],
                       "n_graph_outputs": plan["n_graph_outputs"]}, f)
        try:
            p = run_process([sys.executable, os.path.abspath(__file__),
                             "--worker", spec_path, result_path], RUN_TIMEOUT)
        except subprocess.TimeoutExpired:
            case.status, case.category = "fail", "run timeout"
            case.reason = "the artifact did not finish in %d s" % RUN_TIMEOUT
            return case
        if p.returncode < 0:
            case.status, case.category = "fail", "artifact crash"
            case.reason = "the artifact was killed by %s" % signame(
                -p.returncode)
            return case
        if not os.path.exists(result_path):
            case.status, case.category = "fail", "driver error"
            case.reason = "worker exited %d without a result: %s" % (
                p.returncode, one_line(p.stderr.decode(errors="replace")[-300:]))
            return case
        with open(result_path) as f:
            result = json.load(f)
        case.status = result["status"]
        case.category = result.get("category", "")
        case.reason = one_line(result.get("reason", ""))
        return case
    finally:
        if not args.keep_temp:
            shutil.rmtree(work, ignore_errors=True)


def md_escape(text):
    return text.replace("|", "\\|").replace("\n", " ")


def write_report(path, cases, args, summary_lines, stale):
    by_status = collections.defaultdict(list)
    for c in cases:
        by_status[c.status].append(c)
    with open(path, "w") as f:
        f.write("# quantc ONNX conformance report\n\n")
        f.write("Command: `%s`  \n" % " ".join(sys.argv))
        f.write("Compiler: `%s`  \n" % args.quantc)
        f.write("Data: `%s`  \n" % args.data)
        f.write("Date: %s\n\n" % time.strftime("%Y-%m-%d %H:%M:%S"))
        f.write("```\n%s\n```\n\n" % "\n".join(summary_lines))
        if stale:
            f.write("## Stale expected_failures.txt entries\n\n")
            for s in stale:
                f.write("- %s\n" % md_escape(s))
            f.write("\n")

        failing = [c for c in cases if c.status in ("fail", "xfail")]
        if failing:
            f.write("## In-scope failures by category\n\n")
            groups = collections.defaultdict(list)
            for c in failing:
                groups[c.category].append(c)
            for cat, cs in sorted(groups.items(), key=lambda x: -len(x[1])):
                f.write("### %s (%d)\n\n" % (cat, len(cs)))
                sigs = collections.defaultdict(list)
                for c in cs:
                    sigs[failure_signature(c)].append(c)
                for sig, scs in sorted(sigs.items(),
                                       key=lambda x: (-len(x[1]), x[0])):
                    f.write("#### %s (%d)\n\n" % (md_escape(sig), len(scs)))
                    for c in sorted(scs, key=lambda c: c.id):
                        f.write("- `%s`%s: %s\n" % (
                            c.id, " (expected)" if c.status == "xfail" else "",
                            md_escape(c.reason)))
                    f.write("\n")

        oos = by_status.get("oos", [])
        if oos:
            f.write("## Out-of-scope reasons\n\n| cases | reason |\n|---:|---|\n")
            for reason, n in oos_reasons(oos).most_common():
                f.write("| %d | %s |\n" % (n, md_escape(reason)))
            f.write("\n")

        f.write("## All cases\n\n| suite | case | status | reason |\n"
                "|---|---|---|---|\n")
        for c in sorted(cases, key=lambda c: (SUITES.index(c.suite)
                                              if c.suite in SUITES else 99,
                                              c.name)):
            reason = c.reason
            if c.category and c.status in ("fail", "xfail"):
                reason = "%s: %s" % (c.category, reason)
            if c.status == "xfail":
                reason = "expected (%s); got %s" % (c.expected_reason, reason)
            if c.notes:
                reason = (reason + " " if reason else "") + \
                    "[%s]" % "; ".join(c.notes)
            f.write("| %s | %s | %s | %s |\n" % (
                c.suite, c.name, c.status, md_escape(reason)))


def failure_signature(case):
    """The failure reason without case-specific details, to group cases
    that (probably) fail for the same cause."""
    r = case.reason
    r = re.sub(r" \[note: .*", "", r)
    r = re.sub(r" \(\+\d+ more errors?\)", "", r)
    r = re.sub(r"^node '[^']*': ", "", r)
    if case.category == "wrong values":
        r = re.sub(r"output '[^']*'", "output", r)
        r = re.sub(r":.*", "", r)
    r = re.sub(r"(input|output) '[^']*'", r"\1", r)
    return r


def oos_reasons(cases):
    """Groups out-of-scope reasons: dtype / run-time reasons without the
    value names, unsupported ops one by one."""
    counter = collections.Counter()
    for c in cases:
        r = c.reason
        m = re.match(r"ops? (.*) not supported$", r)
        if m:
            for op in m.group(1).split(", "):
                counter["op %s not supported" % op] += 1
            continue
        m = re.match(r"(dtype \w+) ", r)
        if m:
            counter[m.group(1)] += 1
            continue
        r = re.sub(r" '[^']*'", "", r)
        r = re.sub(r" operand #\d+", " operand", r)
        counter[r] += 1
    return counter


def main():
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--suite", action="append", choices=SUITES,
                    help="suite to run (repeatable; default: all three)")
    ap.add_argument("--filter", default=None,
                    help="regex searched in '<suite>/<case>'")
    ap.add_argument("--jobs", "-j", type=int, default=2)
    ap.add_argument("--report", default=None, help="write a markdown report")
    ap.add_argument("--quantc", default=os.environ.get(
        "QUANTC", os.path.join(REPO, "build", "bin", "quantc")))
    ap.add_argument("--quantc-arg", action="append", default=[],
                    help="extra quantc argument (repeatable)")
    ap.add_argument("--data", default=DEFAULT_DATA,
                    help="libonnx-testdata root (default %(default)s)")
    ap.add_argument("--supported-ops",
                    default=os.path.join(HERE, "supported_ops.txt"))
    ap.add_argument("--expected-failures",
                    default=os.path.join(HERE, "expected_failures.txt"))
    ap.add_argument("--no-bake", action="store_true",
                    help="do not bake shape-like graph inputs into the model")
    ap.add_argument("--scope-only", action="store_true",
                    help="only classify the cases; compile nothing")
    ap.add_argument("--keep-temp", action="store_true")
    ap.add_argument("--verbose", "-v", action="store_true",
                    help="print every case, not only failures")
    ap.add_argument("--worker", nargs=2, metavar=("SPEC", "RESULT"),
                    help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.worker:
        worker_main(*args.worker)
        return 0

    if not args.scope_only and not os.access(args.quantc, os.X_OK):
        sys.exit("run_conformance.py: quantc not found at %s (--quantc)"
                 % args.quantc)
    supported = read_supported_ops(args.supported_ops)
    expected = read_expected_failures(args.expected_failures)
    suites = args.suite or SUITES
    pattern = re.compile(args.filter) if args.filter else None

    cases = []
    for suite in suites:
        root = os.path.join(args.data, suite)
        if not os.path.isdir(root):
            sys.exit("run_conformance.py: no suite directory %s" % root)
        for name in sorted(os.listdir(root)):
            path = os.path.join(root, name)
            if not os.path.exists(os.path.join(path, "model.onnx")):
                continue
            if pattern and not pattern.search(suite + "/" + name):
                continue
            cases.append(Case(suite, name, path))
    if not cases:
        sys.exit("run_conformance.py: no case matches")

    tmp_root = tempfile.mkdtemp(prefix="quantc-conformance-")
    lock = threading.Lock()
    done = [0]

    def finished(case):
        if case.status in ("fail", "pass") and case.id in expected:
            case.expected_reason = expected[case.id]
            case.status = "xfail" if case.status == "fail" else "xpass"
            if case.status == "xpass":
                case.reason = ("listed in expected_failures.txt (%s) but "
                               "passed" % case.expected_reason)
        with lock:
            done[0] += 1
            show = args.verbose or case.status in ("fail", "xpass")
            if show:
                text = case.reason
                if case.category and case.status != "oos":
                    text = "%s: %s" % (case.category, text)
                print("[%d/%d] %-6s %s%s" % (
                    done[0], len(cases), case.status.upper(), case.id,
                    (": " + text) if text else ""), flush=True)

    start = time.time()
    try:
        with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as ex:
            futures = [ex.submit(run_case, c, args, supported, tmp_root)
                       for c in cases]
            for fut in concurrent.futures.as_completed(futures):
                finished(fut.result())
    finally:
        if not args.keep_temp:
            shutil.rmtree(tmp_root, ignore_errors=True)
        else:
            print("temporary files kept in %s" % tmp_root)

    # Expected-failure entries that name no failing in-scope case.
    stale = []
    by_id = {c.id: c for c in cases}
    for cid, reason in sorted(expected.items()):
        suite = cid.split("/", 1)[0]
        if suite not in suites or (pattern and not pattern.search(cid)):
            continue
        c = by_id.get(cid)
        if c is None:
            stale.append("%s: no such case" % cid)
        elif c.status == "oos" and not args.scope_only:
            stale.append("%s: out of scope (%s)" % (cid, c.reason))
        elif c.status == "xpass":
            stale.append("%s: passes" % cid)

    lines = []
    if args.scope_only:
        n_in = sum(c.status == "in-scope" for c in cases)
        lines.append("conformance: %d/%d cases in scope" % (n_in, len(cases)))
        for c in cases:
            if c.status == "in-scope":
                print("IN-SCOPE %s%s" % (c.id, (" [%s]" % "; ".join(c.notes))
                                         if c.notes else ""))
    else:
        in_scope = [c for c in cases if c.status != "oos"]
        passed = sum(c.status == "pass" for c in in_scope)
        lines.append("conformance: %d/%d in-scope cases passed"
                     % (passed, len(in_scope)))
        for suite in suites:
            sc = [c for c in cases if c.suite == suite]
            if not sc:
                continue
            cnt = collections.Counter(c.status for c in sc)
            n_in = len(sc) - cnt["oos"]
            lines.append(
                "  %-18s %4d/%-4d passed  (fail %d, expected-fail %d, "
                "unexpected-pass %d; out of scope %d of %d)" % (
                    suite, cnt["pass"], n_in, cnt["fail"], cnt["xfail"],
                    cnt["xpass"], cnt["oos"], len(sc)))
        fails = collections.Counter(c.category for c in cases
                                    if c.status == "fail")
        if fails:
            lines.append("failures by category:")
            for cat, n in fails.most_common():
                lines.append("  %4d  %s" % (n, cat))
    oos = [c for c in cases if c.status == "oos"]
    if oos:
        lines.append("out of scope: %d cases; top reasons:" % len(oos))
        for reason, n in oos_reasons(oos).most_common(10):
            lines.append("  %4d  %s" % (n, reason))
    for s in stale:
        lines.append("stale expected failure: %s" % s)
    lines.append("(%.0f s)" % (time.time() - start))
    print("\n".join(lines))

    if args.report:
        write_report(args.report, cases, args, lines, stale)
        print("report written to %s" % args.report)

    bad = [c for c in cases if c.status in ("fail", "xpass")]
    return 1 if bad or stale else 0


if __name__ == "__main__":
    sys.exit(main())
