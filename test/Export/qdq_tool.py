#!/usr/bin/python3
"""Inspect quantc's QDQ exports (quantc --emit=qdq-onnx) for the lit tests.

    qdq_tool.py dump MODEL.onnx
        A canonical listing for FileCheck: the model header, inputs and
        outputs, every node in order (op type, name, inputs -> outputs,
        attributes), then every initializer (dtype, shape; the values of
        scalars and of small int64 vectors).

    qdq_tool.py params MODEL.onnx TENSOR
        "TENSOR: scale S zero_point Z" of the QuantizeLinear reading TENSOR
        (S printed as quantc-run --info prints scales: %.9g of the float32).

    qdq_tool.py compare-ir MODEL.onnx QUANTIZED.mlir
        Checks the export against the qc IR it was made from: the module as
        quantc-quantize leaves it, printed with -mlir-print-debuginfo (node
        names are the ops' NameLocs; weights are dense_resource blobs). For every
        quantized activation, the QuantizeLinear's scale (the float32 of the
        IR's) and zero point; for every weight and bias, the int8/int32
        initializer (equal to the IR's integer constant), its per-axis scales,
        zero points and axis; that the export has no other QuantizeLinear
        and no other quantized initializer. Prints a one-line summary; exit
        status 1 with the differences otherwise.
"""

import ast
import re
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper

DTYPES = {v: k for k, v in onnx.TensorProto.DataType.items()}


def dtype_name(code):
    return {"FLOAT": "float32", "DOUBLE": "float64"}.get(DTYPES[code], DTYPES[code].lower())


def shape_of(value_info):
    dims = value_info.type.tensor_type.shape.dim
    return "[" + ",".join(str(d.dim_value) if d.HasField("dim_value") else "?" for d in dims) + "]"


def fmt_attr(a):
    v = helper.get_attribute_value(a)
    if isinstance(v, bytes):
        return "%s='%s'" % (a.name, v.decode())
    if isinstance(v, float):
        return "%s=%.9g" % (a.name, v)
    if isinstance(v, list):
        return "%s=[%s]" % (a.name, ", ".join(str(x) for x in v))
    return "%s=%s" % (a.name, v)


def dump(path):
    m = onnx.load(path)
    g = m.graph
    print("model ir_version=%d opset=%s producer=%s graph=%s" % (
        m.ir_version, ",".join("%s:%d" % (o.domain or "ai.onnx", o.version) for o in m.opset_import),
        m.producer_name, g.name))
    for v in g.input:
        print("input %s %s%s" % (v.name, dtype_name(v.type.tensor_type.elem_type), shape_of(v)))
    for v in g.output:
        print("output %s %s%s" % (v.name, dtype_name(v.type.tensor_type.elem_type), shape_of(v)))
    for n in g.node:
        attrs = " {%s}" % ", ".join(fmt_attr(a) for a in n.attribute) if n.attribute else ""
        print("node %s %s(%s) -> %s%s" % (n.op_type, n.name, ", ".join(n.input),
                                          ", ".join(n.output), attrs))
    for t in g.initializer:
        a = numpy_helper.to_array(t)
        line = "init %s %s[%s]" % (t.name, dtype_name(t.data_type), ",".join(map(str, t.dims)))
        if a.ndim == 0:
            line += " = %.9g" % a if a.dtype.kind == "f" else " = %d" % a
        elif a.dtype.kind in "iu" and a.size <= 8:
            line += " = [%s]" % ", ".join(str(x) for x in a.ravel())
        print(line)


def params(path, tensor):
    m = onnx.load(path)
    inits = {t.name: numpy_helper.to_array(t) for t in m.graph.initializer}
    qs = [n for n in m.graph.node if n.op_type == "QuantizeLinear" and n.input[0] == tensor]
    if len(qs) != 1:
        sys.exit("qdq_tool: %d QuantizeLinear nodes read %s" % (len(qs), tensor))
    print("%s: scale %.9g zero_point %d" % (tensor, inits[qs[0].input[1]], inits[qs[0].input[2]]))


#===------------------------------------------------------------------------===#
# The quantized qc IR
#===------------------------------------------------------------------------===#

OP_RE = re.compile(r"^\s*(%[\w#.]+) = ((?:qc|quant)\.\w+) (.*)$")
ARG_RE = re.compile(r"%arg(\d+): (?:(?!%arg).)*?qc\.onnx_name = \"([^\"]*)\"")
RESOURCE_RE = re.compile(r"^\s*(\w+): \"0x([0-9A-Fa-f]*)\"")


LOC_ALIAS_RE = re.compile(r'^(#loc\d*) = loc\((.*)\)$')


def split_loc(rest, aliases):
    """(text, node name or None) of an op line's tail: loc("name"(...)),
    directly or through a #loc alias."""
    i = rest.rfind(" loc(")
    if i < 0:
        return rest, None
    loc = rest[i + 5:-1]
    loc = aliases.get(loc, loc)
    m = re.match(r'"([^"]*)"\(', loc)
    return rest[:i], m.group(1) if m else None


def parse_quant(text):
    """The !quant.uniform in `text`: dict(storage, axis, scales, zps), or None."""
    m = re.search(r"!quant\.uniform<(\w+)(?:<-?\d+:-?\d+>)?:f32(?::(\d+))?, (\{[^}]*\}|[^>]*)>", text)
    if not m:
        return None
    storage, axis, body = m.group(1), m.group(2), m.group(3)
    entries = body.strip("{}").split(",")
    scales, zps = [], []
    for e in entries:
        s, _, z = e.partition(":")
        scales.append(float(s))
        zps.append(int(z) if z else 0)
    return dict(storage=storage, axis=None if axis is None else int(axis),
                scales=scales, zps=zps)


def tensor_shape_dtype(text):
    m = re.search(r"tensor<((?:\d+x)*)(i8|i32|i64|ui8)>", text)
    dims = [int(d) for d in m.group(1).split("x") if d]
    return dims, {"i8": np.int8, "i32": np.int32, "i64": np.int64, "ui8": np.uint8}[m.group(2)]


def parse_ir(path):
    text = open(path).read()
    resources = {}
    if "{-#" in text:
        for line in text[text.index("{-#"):].splitlines():
            m = RESOURCE_RE.match(line)
            if m:
                resources[m.group(1)] = bytes.fromhex(m.group(2))[4:]  # alignment word
    args = {"%%arg%s" % i: name for i, name in ARG_RE.findall(text)}
    aliases = {}
    for line in text.splitlines():
        m = LOC_ALIAS_RE.match(line)
        if m:
            aliases[m.group(1)] = m.group(2)
    ops = []
    defs = {}
    for line in text.splitlines():
        m = OP_RE.match(line)
        if not m:
            continue
        result, name, rest = m.groups()
        body, loc = split_loc(rest, aliases)
        head = re.split(r" \{| : | to ", body, maxsplit=1)[0]
        operands = re.findall(r"%[\w#.]+", head)
        if name in ("quant.qcast", "quant.scast", "quant.dcast"):
            rtype = body[body.rfind(" to ") + 4:]
        else:
            rtype = body[body.rfind(" -> ") + 4:] if " -> " in body else body[body.rfind(" : ") + 3:]
        op = dict(result=result, name=name, loc=loc, operands=operands, rtype=rtype, body=body)
        if name == "qc.constant":
            dims, dt = tensor_shape_dtype(body) if re.search(r"x?(i8|i32|i64|ui8)>", body) else (None, None)
            if dt is not None:
                r = re.search(r"dense_resource<(\w+)>", body)
                if r:
                    op["values"] = np.frombuffer(resources[r.group(1)], dt).reshape(dims)
                else:
                    lit = re.search(r"dense<(.*)> : tensor", body).group(1)
                    v = np.array(ast.literal_eval(lit), dt)
                    op["values"] = np.broadcast_to(v, dims) if v.ndim == 0 else v.reshape(dims)
        ops.append(op)
        defs[result] = op
    return ops, defs, args


def compare_ir(model_path, ir_path):
    m = onnx.load(model_path)
    g = m.graph
    inits = {t.name: numpy_helper.to_array(t) for t in g.initializer}
    nodes = {n.name: n for n in g.node}
    ops, defs, args = parse_ir(ir_path)
    problems = []
    seen_q, seen_w = set(), set()
    counts = dict(activations=0, weights=0, biases=0)

    def check_q(node_name, q, what):
        n = nodes.get(node_name)
        if n is None or n.op_type != "QuantizeLinear":
            problems.append("%s: no QuantizeLinear %s" % (what, node_name))
            return
        seen_q.add(node_name)
        s, z = inits[n.input[1]], inits[n.input[2]]
        want_dtype = np.uint8 if q["storage"] == "u8" else np.int8
        if s != np.float32(q["scales"][0]) or z != q["zps"][0] or z.dtype != want_dtype:
            problems.append("%s: QuantizeLinear(%r, %r %s), IR (%r, %r %s)" % (
                what, float(s), int(z), z.dtype, q["scales"][0], q["zps"][0], q["storage"]))
        counts["activations"] += 1

    def check_weight(base, op, kind):
        c = defs.get(op["operands"][0]) if op["operands"] else None
        q = parse_quant(op["rtype"])
        if c is None or "values" not in c or q is None:
            problems.append("%s: cannot read the IR constant" % base)
            return
        data = inits.get(base + "_quantized")
        if data is None or data.dtype != c["values"].dtype or data.shape != c["values"].shape \
                or not np.array_equal(data, c["values"]):
            problems.append("%s_quantized: differs from the IR's %s constant" % (base, kind))
        scales = inits.get(base + "_scale")
        want = np.array(q["scales"], np.float32)
        if scales is None or scales.size != want.size or not np.array_equal(scales.ravel(), want):
            problems.append("%s_scale: differs from the IR's scales" % base)
        zp = inits.get(base + "_zero_point")
        if kind == "bias":
            if zp is not None:
                problems.append("%s: an int32 bias has no zero point" % base)
        elif zp is None or not np.array_equal(zp.ravel(), np.array(q["zps"])):
            problems.append("%s_zero_point: differs from the IR's" % base)
        dq = nodes.get(base + "_DequantizeLinear")
        axis = [helper.get_attribute_value(a) for a in dq.attribute if a.name == "axis"] if dq else []
        if dq is None or (axis[0] if axis else None) != q["axis"]:
            problems.append("%s_DequantizeLinear: axis %s, IR %s" % (base, axis, q["axis"]))
        seen_w.add(base + "_quantized")
        counts["weights" if kind == "weight" else "biases"] += 1

    used = set()
    for op in ops:
        if op["name"] == "quant.qcast":
            q = parse_quant(op["rtype"])
            arg = args.get(op["operands"][0])
            check_q(arg + "_QuantizeLinear", q, "input " + str(arg))
            continue
        if not op["name"].startswith("qc.") or op["name"] == "qc.constant":
            continue
        base = op["loc"] or op["name"][3:]
        name, i = base, 1
        while name in used:
            name, i = "%s_%d" % (base, i), i + 1
        used.add(name)
        if name not in nodes:
            problems.append("%s (%s): no ONNX node of that name" % (name, op["name"]))
            continue
        q = parse_quant(op["rtype"])
        if q is None:
            problems.append("%s: result not quantized in the IR" % name)
        elif q["storage"] in ("u8", "i8"):
            check_q(name + "_output_QuantizeLinear", q, name)
        elif name + "_output_QuantizeLinear" in nodes:
            problems.append("%s: a 32-bit result must stay float" % name)
        if op["name"] in ("qc.conv2d", "qc.matmul"):
            for v in op["operands"][1:]:
                d = defs.get(v)
                if d is None or d["name"] != "quant.scast":
                    continue
                kind = "bias" if parse_quant(d["rtype"])["storage"] == "i32" else "weight"
                check_weight(name + ("_B" if kind == "bias" else "_W"), d, kind)

    extra_q = [n.name for n in g.node if n.op_type == "QuantizeLinear" and n.name not in seen_q]
    extra_w = [t.name for t in g.initializer
               if t.data_type in (onnx.TensorProto.INT8, onnx.TensorProto.INT32)
               and t.name.endswith("_quantized") and t.name not in seen_w]
    if extra_q:
        problems.append("QuantizeLinear not in the IR: %s" % ", ".join(extra_q))
    if extra_w:
        problems.append("quantized initializers not in the IR: %s" % ", ".join(extra_w))
    if problems:
        for p in problems:
            print("compare-ir: " + p)
        sys.exit(1)
    print("compare-ir: %(activations)d activations, %(weights)d weights, %(biases)d biases "
          "equal the IR" % counts)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "dump":
        dump(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "params":
        params(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "compare-ir":
        compare_ir(sys.argv[2], sys.argv[3])
    else:
        sys.exit("usage: qdq_tool.py dump MODEL | params MODEL TENSOR | compare-ir MODEL IR")


if __name__ == "__main__":
    main()
