#!/usr/bin/python3
"""ONNX Runtime's default static (and dynamic) quantizer, re-implemented with onnx + numpy.

    /usr/bin/python3 scripts/ort_quantize.py MODEL.onnx --calib CALIB.npy \\
        [--input-name NAME] -o MODEL.qdq.onnx [--activation-type quint8|qint8]
    /usr/bin/python3 scripts/ort_quantize.py MODEL.onnx --dynamic -o MODEL.dyn.onnx

The baseline of docs/accuracy.md: what
`onnxruntime.quantization.quantize_static(model, out, reader)` produces with
its defaults, for machines where only ONNX Runtime's Node.js package exists
(no `onnxruntime` Python wheel). Calibration runs the float model with ONNX
Runtime through scripts/ort_run.js; everything else is this file.

Settings (quantize_static's defaults, as the task fixes them):
  quant_format=QDQ, calibrate_method=MinMax, per_channel=False,
  reduce_range=False, activation_type=QUInt8 (asymmetric),
  weight_type=QInt8 (symmetric), extra_options={} (so
  ForceQuantizeNoInputCheck=False, QDQKeepRemovableActivations=False,
  QuantizeBias=True, AddQDQPairToWeight=False, DedicatedQDQPair=False),
  op_types_to_quantize = QLinearOpsRegistry | QDQRegistry.

The algorithm follows onnxruntime/python/tools/quantization (quantize.py,
calibrate.py, base_quantizer.py, qdq_quantizer.py, quant_utils.py,
registry.py, operators/*.py), read in the upstream source; the ONNX Runtime
used to run the result is onnxruntime-node 1.30:

 1. Load, infer shapes (onnx.shape_inference); a model below opset 10 is
    converted to opset 11 with onnx.version_converter (update_opset_version).
 2. Calibration (MinMaxCalibrater): every float, non-initializer input and
    output of a node whose op type is quantizable gets a ReduceMin and a
    ReduceMax output; the augmented model runs on each calibration sample and
    the range is [min over samples, max over samples].
 3. Ranges: Clip/Relu inputs with a single consumer take the output's range,
    Softmax outputs get [0, 1] (adjust_tensor_ranges). Activations (uint8):
    rmin = min(rmin, 0), rmax = max(rmax, 0), scale = (rmax - rmin) / 255
    (float64, stored as float32), zero_point = round(-rmin / scale) (half to
    even); a range narrower than float32's smallest normal gets scale 1,
    zero_point 0 (compute_scale_zp).
 4. Nodes are visited in graph order; each op type marks the tensors it wants
    quantized:
      Conv, ConvTranspose   input, output; weight int8 per tensor
                            (scale = max|w| / 127, zero point 0, codes
                            clipped to [-127, 127]); bias int32 with scale
                            s_input * s_weight, zero point 0
      Gemm                  same, bias scale s_input * s_weight * beta (beta
                            then set to 1)
      MatMul                each input (initializer -> weight, else
                            activation) and the output
      Batch/Instance/LayerNormalization
                            input, scale (weight), bias (int32), outputs
      Relu, Clip            removed when the input is quantized, the input
                            has one consumer and is no graph input/output:
                            the producer writes the activation's output,
                            whose range already clamps (QDQRemovableActivation)
      Reshape, Transpose, Squeeze, Unsqueeze, AveragePool, Slice,
      MaxPool (opset >= 12), Resize (opset >= 11)
                            output shares the input's scale/zero point, only
                            if the input is already quantized (QDQDirect8BitOp)
      Pad                   inputs; output shares the input's parameters when
                            the padding value is 0 or the mode copies values
      Split, Gather, GatherElements, Where
                            as upstream (shared parameters)
      every other op in QLinearOpsRegistry (Add, Mul, LeakyRelu, Sigmoid,
      GlobalAveragePool, Concat, Softmax, ArgMax, ...) and CumSum
                            all float inputs and outputs, each with its own
                            calibrated parameters; a float initializer input
                            (e.g. an Add constant) is quantized as an
                            activation (uint8, asymmetric, its own min/max)
      anything else (Flatten, Identity, ...)
                            left in float
 5. Weight scales are raised when s_input * s_weight would push the int32
    bias out of range (_adjust_weight_quant_params_for_bias_tensors).
 6. Q/DQ pairs are inserted (a quantized graph output keeps its name on the
    DequantizeLinear output), weights and biases are stored quantized behind a
    lone DequantizeLinear, unused initializers are removed and the graph is
    topologically sorted.

Deviations from ONNX Runtime's quantizer:
  * activation_type: the task fixes QUInt8 (the documented, historical
    default). Recent releases (including 1.30) default quantize_static to
    QInt8 activations, still asymmetric; that grid is the same one shifted by
    128 (same scale, zero point - 128, rounding included), so the two differ
    only in which integer kernels ONNX Runtime picks.
    `--activation-type qint8` produces that variant.
  * Calibration runs the augmented model through onnxruntime-node with
    graphOptimizationLevel 'all' (ort_run.js) where the Python calibrator
    uses ORT_DISABLE_ALL; float fusions can move a range in its last bits.
  * Resize, Split, Gather, GatherElements and Where follow the upstream
    handlers as read, but none of the evaluation models has them, so they are
    untested here; so are per-channel, reduce_range, symmetric activations,
    tensor overrides and the other extra_options (not implemented).
  * Subgraphs (If/Loop bodies) are not quantized (EnableSubgraph=False
    upstream too) and models with external data are not supported.
"""

import argparse
import os
import subprocess
import sys
import tempfile
from collections import OrderedDict

import numpy as np
import onnx
import onnx.shape_inference
import onnx.version_converter
from onnx import TensorProto, helper, numpy_helper

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ORT_RUN = os.path.join(REPO, "scripts", "ort_run.js")

QUANT_OP, DEQUANT_OP = "QuantizeLinear", "DequantizeLinear"
FLOAT_TYPES = (TensorProto.FLOAT, TensorProto.FLOAT16)

# registry.py: the op types quantize_static quantizes by default (QDQ format
# uses the union of both tables as op_types_to_quantize).
QLINEAR_OPS = ["ArgMax", "Conv", "Gemm", "MatMul", "Add", "Mul", "Relu", "Clip", "LeakyRelu",
               "Sigmoid", "MaxPool", "GlobalAveragePool", "Split", "Pad", "Reshape", "Squeeze",
               "Unsqueeze", "Resize", "AveragePool", "Concat", "Softmax", "Where",
               "Gather", "Transpose", "EmbedLayerNormalization"]
QDQ_OPS = {
    "Conv": "conv", "ConvTranspose": "conv", "Gemm": "gemm", "Clip": "removable",
    "Relu": "removable", "Reshape": "direct", "Transpose": "direct", "Squeeze": "direct",
    "Unsqueeze": "direct", "Resize": "resize", "MaxPool": "maxpool", "AveragePool": "direct",
    "Slice": "direct", "Pad": "pad", "MatMul": "matmul", "Split": "split", "Gather": "gather",
    "GatherElements": "gather", "Where": "where", "InstanceNormalization": "norm",
    "LayerNormalization": "norm", "BatchNormalization": "norm", "CumSum": "base",
}
OP_TYPES_TO_QUANTIZE = set(QLINEAR_OPS) | set(QDQ_OPS)

# quant_utils.py ranges: (qmin, qmax) per type; the symmetric range drops -128.
NP_TYPE = {TensorProto.UINT8: np.uint8, TensorProto.INT8: np.int8}
INT_RANGE = {TensorProto.UINT8: (0, 255), TensorProto.INT8: (-128, 127)}
INT_SYMMETRIC_RANGE = {TensorProto.UINT8: (0, 254), TensorProto.INT8: (-127, 127)}


def fail(msg):
    sys.exit("ort_quantize: error: " + msg)


# ---------------------------------------------------------------------------
# quant_utils.py
# ---------------------------------------------------------------------------

def qmin_qmax(qtype, symmetric):
    lo, hi = (INT_SYMMETRIC_RANGE if symmetric else INT_RANGE)[qtype]
    return np.array(lo, dtype=NP_TYPE[qtype]), np.array(hi, dtype=NP_TYPE[qtype])


def compute_scale_zp(rmin, rmax, qmin, qmax, symmetric):
    """compute_scale_zp: (zero_point, scale) of the range [rmin, rmax] (float32
    arrays) extended to include 0."""
    rmin = np.minimum(rmin, np.array(0, dtype=rmin.dtype))
    rmax = np.maximum(rmax, np.array(0, dtype=rmax.dtype))
    if symmetric:
        absmax = np.maximum(np.abs(rmin), np.abs(rmax))
        rmin, rmax = -absmax, +absmax
    dr = np.array(rmax - rmin, dtype=np.float64)
    dq = np.array(qmax, dtype=np.float64) - np.array(qmin, dtype=np.float64)
    scale = np.array(dr / dq)
    if scale < np.finfo(rmax.dtype).tiny:
        return np.array(0, dtype=qmin.dtype), np.array(1.0, dtype=rmax.dtype)
    if symmetric:
        zp = np.array(np.round((qmin + qmax) / np.array(2.0, dtype=np.float64)), dtype=qmin.dtype)
    else:
        zp = np.array(np.round(qmin - rmin / scale), dtype=qmin.dtype)
    return zp, scale.astype(rmax.dtype)


def compute_data_quant_params(data, qtype, symmetric):
    """compute_data_quant_params for an initializer's values."""
    rmin = np.array(data.min() if data.size else 0.0, dtype=data.dtype)
    rmax = np.array(data.max() if data.size else 0.0, dtype=data.dtype)
    if not data.size:
        return np.array(0, dtype=NP_TYPE[qtype]), np.array(1.0, dtype=data.dtype)
    qmin, qmax = qmin_qmax(qtype, symmetric)
    return compute_scale_zp(rmin, rmax, qmin, qmax, symmetric)


def quantize_nparray(qtype, arr, scale, zero_point):
    """quantize_nparray: round half to even in float32, clip to the type's
    range (the symmetric one for signed types)."""
    qmin, qmax = qmin_qmax(qtype, symmetric=qtype == TensorProto.INT8)
    q = np.asarray((arr.astype(np.float32) / scale).round() + zero_point)
    np.clip(q, qmin, qmax, out=q)
    return q.astype(NP_TYPE[qtype])


# ---------------------------------------------------------------------------
# Graph helpers (onnx_model.py)
# ---------------------------------------------------------------------------

def topological_sort(graph):
    """ONNXModel.topological_sort: producers before consumers, stable."""
    ready = {i.name for i in graph.initializer} | {i.name for i in graph.input} | {""}
    order, remaining = [], list(graph.node)
    while remaining:
        progressed = False
        rest = []
        for n in remaining:
            if all(i in ready for i in n.input):
                order.append(n)
                ready.update(n.output)
                progressed = True
            else:
                rest.append(n)
        if not progressed:
            fail("graph has a cycle or an undefined input: %s" % rest[0].name)
        remaining = rest
    del graph.node[:]
    graph.node.extend(order)


class Model:
    def __init__(self, model):
        self.model = model
        self.graph = model.graph

    def initializer(self, name):
        for init in self.graph.initializer:
            if init.name == name:
                return init
        return None

    def is_graph_output(self, name):
        return any(o.name == name for o in self.graph.output)

    def is_graph_input(self, name):
        return any(i.name == name for i in self.graph.input)

    def consumers(self, name):
        """input_name_to_nodes()[name]: one entry per use."""
        return [n for n in self.graph.node for x in n.input if x == name]

    def replace_input_of_all_nodes(self, old, new):
        for n in self.graph.node:
            for i, x in enumerate(n.input):
                if x == old:
                    n.input[i] = new

    def replace_output_of_all_nodes(self, old, new):
        for n in self.graph.node:
            for i, x in enumerate(n.output):
                if x == old:
                    n.output[i] = new

    def clean_initializers(self):
        used = {i for n in self.graph.node for i in n.input} | {o.name for o in self.graph.output}
        unused = [init for init in self.graph.initializer if init.name not in used]
        names = {init.name for init in unused}
        for init in unused:
            self.graph.initializer.remove(init)
        for inp in [i for i in self.graph.input if i.name in names]:
            self.graph.input.remove(inp)


def opset_version(model):
    for o in model.opset_import:
        if o.domain in ("", "ai.onnx"):
            return o.version
    fail("the model has no default-domain opset")


def prepare_model(path):
    """load_model_with_shape_infer + update_opset_version."""
    model = onnx.load(path)
    model = onnx.shape_inference.infer_shapes(model)
    if opset_version(model) < 10:
        print("ort_quantize: opset %d does not support quantization; converting the model to "
              "opset 11 (as quantize_static does)" % opset_version(model), file=sys.stderr)
        model = onnx.version_converter.convert_version(model, 11)
        # check_opset_version also moves such a model to IR version 7, where
        # initializers (the quantized weights) need not be graph inputs.
        model.ir_version = max(model.ir_version, 7)
        model = onnx.shape_inference.infer_shapes(model)
    return model


def value_infos(model):
    vi = {v.name: v for v in model.graph.value_info}
    vi.update({o.name: o for o in model.graph.output})
    vi.update({i.name: i for i in model.graph.input})
    return vi


# ---------------------------------------------------------------------------
# Calibration (calibrate.py, MinMaxCalibrater)
# ---------------------------------------------------------------------------

def tensors_to_calibrate(model):
    vis = value_infos(model)
    inits = {i.name for i in model.graph.initializer}
    names = []
    for node in model.graph.node:
        if node.op_type not in OP_TYPES_TO_QUANTIZE:
            continue
        for t in list(node.input) + list(node.output):
            vi = vis.get(t)
            if (t and vi is not None and vi.type.HasField("tensor_type")
                    and vi.type.tensor_type.elem_type in FLOAT_TYPES and t not in inits
                    and t not in names):
                names.append(t)
    return names


def calibrate(model, calib_path, input_name, work):
    """{tensor: (min, max)} over all calibration samples, as float32."""
    names = tensors_to_calibrate(model)
    aug = onnx.ModelProto()
    aug.CopyFrom(model)
    g = aug.graph
    outs = []
    for k, t in enumerate(names):
        for red in ("ReduceMin", "ReduceMax"):
            out = "ortq_calib_%s_%d" % (red[-3:].lower(), k)
            g.node.append(helper.make_node(red, [t], [out], name=out, keepdims=1))
            g.output.append(helper.make_tensor_value_info(out, TensorProto.FLOAT, None))
            outs.append(out)
    aug_path = os.path.join(work, "augmented.onnx")
    onnx.save(aug, aug_path)
    out_dir = os.path.join(work, "calib_out")
    cmd = ["node", ORT_RUN, aug_path, "--input", "%s=%s" % (input_name, calib_path),
           "--output-dir", out_dir]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        fail("calibration run failed: %s\n%s" % (" ".join(cmd), r.stderr.strip()))
    ranges = {}
    for k, t in enumerate(names):
        lo = np.load(os.path.join(out_dir, "ortq_calib_min_%d.npy" % k))
        hi = np.load(os.path.join(out_dir, "ortq_calib_max_%d.npy" % k))
        ranges[t] = (np.array(lo.min(), dtype=np.float32), np.array(hi.max(), dtype=np.float32))
    return ranges


# ---------------------------------------------------------------------------
# QDQQuantizer
# ---------------------------------------------------------------------------

ACTIVATION, WEIGHT = "activation", "weight"


class QDQQuantizer:
    def __init__(self, model, ranges, activation_qtype=TensorProto.UINT8,
                 weight_qtype=TensorProto.INT8):
        self.m = Model(model)
        self.vis = value_infos(model)
        self.opset = opset_version(model)
        self.activation_qtype = activation_qtype
        self.weight_qtype = weight_qtype
        self.ranges = dict(ranges)
        self.tensors_to_quantize = OrderedDict()  # name -> (kind, provider or None)
        self.bias_to_quantize = OrderedDict()  # bias -> (node, input, weight, beta)
        self.nodes_to_remove = []
        self.quantized_value_map = {}  # name -> (q_name, scale_name, zp_name)
        self.quantization_params = {}
        self.initializer_quant_params = {}

    # -- BaseQuantizer ---------------------------------------------------
    def is_weight_symmetric(self, qtype):
        return qtype == TensorProto.INT8

    def should_quantize_node(self, node):
        return node.op_type in OP_TYPES_TO_QUANTIZE and node.op_type not in (QUANT_OP, DEQUANT_OP)

    def adjust_tensor_ranges(self):
        for node in self.m.graph.node:
            if node.op_type in ("Clip", "Relu"):
                if not self.should_quantize_node(node):
                    continue
                if len(self.m.consumers(node.input[0])) != 1:
                    continue
                if node.input[0] not in self.ranges or node.output[0] not in self.ranges:
                    continue
                self.ranges[node.input[0]] = self.ranges[node.output[0]]
            elif node.op_type == "Softmax" and self.should_quantize_node(node):
                self.ranges[node.output[0]] = (np.float32(0.0), np.float32(1.0))

    def calc_graph_quant_params(self):
        self.adjust_tensor_ranges()
        qmin, qmax = qmin_qmax(self.activation_qtype, symmetric=False)
        for name, (lo, hi) in self.ranges.items():
            zp, scale = compute_scale_zp(np.array(lo, dtype=np.float32),
                                         np.array(hi, dtype=np.float32), qmin, qmax, False)
            self.quantization_params[name] = dict(zero_point=zp, scale=scale,
                                                  quant_type=self.activation_qtype)

    # -- marking ---------------------------------------------------------
    def _tensor_type(self, name):
        init = self.m.initializer(name)
        if init is not None:
            return init.data_type
        vi = self.vis.get(name)
        if vi is not None and vi.type.HasField("tensor_type"):
            return vi.type.tensor_type.elem_type
        return None

    def _quantizable(self, name):
        if not name:
            return False
        t = self._tensor_type(name)
        if t is None:
            print("ort_quantize: warning: failed to infer the type of tensor: %s; not quantized"
                  % name, file=sys.stderr)
        return t in FLOAT_TYPES

    def _mark(self, name, kind, provider=None):
        if not self._quantizable(name):
            return
        if provider is not None:
            self.tensors_to_quantize[name] = (kind, provider)
        elif name not in self.tensors_to_quantize:
            self.tensors_to_quantize[name] = (kind, None)

    def quantize_activation_tensor(self, name):
        self._mark(name, ACTIVATION)

    def quantize_weight_tensor(self, name):
        self._mark(name, WEIGHT)

    def quantize_output_same_as_input(self, output, inp, node_name):
        self._mark(output, ACTIVATION, provider=(inp, node_name))

    def quantize_bias_tensor(self, node_name, bias, inp, weight, beta=1.0):
        init = self.m.initializer(bias)
        if init is None:
            print("ort_quantize: warning: expected bias '%s' to be an initializer" % bias,
                  file=sys.stderr)
            return
        if init.data_type not in FLOAT_TYPES:
            return
        if bias in self.bias_to_quantize:
            # A bias shared by two nodes is duplicated (its scale depends on
            # the node's input and weight scales).
            k = 1
            while self.m.initializer("%s%d" % (bias, k)) is not None:
                k += 1
            dup = onnx.TensorProto()
            dup.CopyFrom(init)
            dup.name = "%s%d" % (bias, k)
            self.m.graph.initializer.append(dup)
            for n in self.m.graph.node:
                if n.name == node_name:
                    for i, x in enumerate(n.input):
                        if x == bias:
                            n.input[i] = dup.name
            bias = dup.name
        self.bias_to_quantize[bias] = (node_name, inp, weight, beta)

    def is_tensor_quantized(self, name):
        return name in self.tensors_to_quantize or name in self.bias_to_quantize

    def try_replacing_upstream_output(self, upstream, output):
        if (output in self.quantization_params
                and len(self.m.consumers(upstream)) == 1
                and not self.m.is_graph_output(upstream)
                and not self.m.is_graph_input(upstream)):
            self.m.replace_output_of_all_nodes(upstream, output)
            self.tensors_to_quantize.pop(upstream, None)
            return True
        return False

    # -- operator handlers (operators/*.py) ------------------------------
    def op_base(self, node):  # QDQOperatorBase
        for t in list(node.input) + list(node.output):
            self.quantize_activation_tensor(t)

    def op_conv(self, node):  # QDQConv
        self.quantize_activation_tensor(node.input[0])
        self.quantize_activation_tensor(node.output[0])
        self.quantize_weight_tensor(node.input[1])
        if len(node.input) == 3 and node.input[2]:
            self.quantize_bias_tensor(node.name, node.input[2], node.input[0], node.input[1])

    def op_gemm(self, node):  # QDQGemm
        self.quantize_activation_tensor(node.input[0])
        self.quantize_activation_tensor(node.output[0])
        self.quantize_weight_tensor(node.input[1])
        if len(node.input) == 3 and node.input[2]:
            if self.m.initializer(node.input[2]) is not None:
                beta = 1.0
                for a in node.attribute:
                    if a.name == "beta":
                        beta = a.f
                        a.f = 1.0
                self.quantize_bias_tensor(node.name, node.input[2], node.input[0], node.input[1],
                                          beta)
            else:
                print("ort_quantize: warning: bias of Gemm node '%s' is not constant" % node.name,
                      file=sys.stderr)

    def op_matmul(self, node):  # QDQMatMul
        for t in list(node.input) + list(node.output):
            if self.m.initializer(t) is not None:
                self.quantize_weight_tensor(t)
            else:
                self.quantize_activation_tensor(t)

    def op_norm(self, node):  # QDQNormalization
        self.quantize_activation_tensor(node.input[0])
        if self.m.initializer(node.input[1]) is not None:
            self.quantize_weight_tensor(node.input[1])
        else:
            self.quantize_activation_tensor(node.input[1])
        if len(node.input) > 2 and node.input[2]:
            self.quantize_bias_tensor(node.name, node.input[2], node.input[0], node.input[1])
        for t in node.output:
            self.quantize_activation_tensor(t)

    def op_removable(self, node):  # QDQRemovableActivation
        if not self.is_tensor_quantized(node.input[0]):
            return
        if self.try_replacing_upstream_output(node.input[0], node.output[0]):
            self.nodes_to_remove.append(node)
        else:
            self.quantize_activation_tensor(node.input[0])
        self.quantize_activation_tensor(node.output[0])

    def op_direct(self, node):  # QDQDirect8BitOp (ForceQuantizeNoInputCheck=False)
        if self.is_tensor_quantized(node.input[0]):
            self.quantize_output_same_as_input(node.output[0], node.input[0], node.name)

    def op_maxpool(self, node):  # QDQMaxPool
        if self.opset < 12:
            return
        self.op_direct(node)

    def op_resize(self, node):  # QDQResize
        if self.opset < 11:
            return
        self.op_direct(node)

    def op_pad(self, node):  # QDQPad
        for t in node.input:
            if t:
                self.quantize_activation_tensor(t)
        attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        mode = attrs.get("mode", b"constant")
        same = mode in (b"reflect", b"edge", b"wrap")
        if mode == b"constant":
            if self.opset < 11:
                value = attrs.get("value", 0.0)
            elif len(node.input) >= 3 and node.input[2]:
                init = self.m.initializer(node.input[2])
                value = None if init is None else float(numpy_helper.to_array(init).item())
            else:
                value = 0.0
            same = value is not None and value == 0
        if same:
            self.quantize_output_same_as_input(node.output[0], node.input[0], node.name)
        else:
            self.quantize_activation_tensor(node.output[0])

    def op_split(self, node):  # QDQSplit
        if not self.is_tensor_quantized(node.input[0]):
            self.quantize_activation_tensor(node.input[0])
        for t in node.output:
            self.quantize_output_same_as_input(t, node.input[0], node.name)

    def op_gather(self, node):  # QDQGather
        init = self.m.initializer(node.input[0])
        if init is not None and init.data_type in FLOAT_TYPES:
            self.quantize_activation_tensor(node.input[0])
            self.quantize_output_same_as_input(node.output[0], node.input[0], node.name)
        elif self.is_tensor_quantized(node.input[0]):
            self.quantize_output_same_as_input(node.output[0], node.input[0], node.name)

    def op_where(self, node):  # QDQWhere
        if self.is_tensor_quantized(node.input[1]) and self.is_tensor_quantized(node.input[2]):
            for t in node.output:
                self.quantize_activation_tensor(t)

    # -- quantize_model --------------------------------------------------
    def quantize_model(self):
        self.calc_graph_quant_params()
        for node in list(self.m.graph.node):
            if not self.should_quantize_node(node):
                continue
            kind = QDQ_OPS.get(node.op_type, "base")
            getattr(self, "op_" + kind)(node)
        self._calc_initializer_quant_params()
        self._adjust_weight_quant_params_for_bias_tensors()
        self._quantize_normal_tensors()
        self._quantize_sharing_param_tensors()
        self._quantize_bias_tensors()
        for n in self.nodes_to_remove:
            self.m.graph.node.remove(n)
        self.m.clean_initializers()
        topological_sort(self.m.graph)
        self.m.model.producer_name = "onnx.quantize"
        self.m.model.producer_version = "0.1.0"
        return self.m.model

    def _calc_initializer_quant_params(self):
        for name, (kind, _) in self.tensors_to_quantize.items():
            init = self.m.initializer(name)
            if init is None:
                continue
            data = numpy_helper.to_array(init)
            is_weight = kind == WEIGHT
            qtype = self.weight_qtype if is_weight else self.activation_qtype
            symmetric = self.is_weight_symmetric(qtype) if is_weight else False
            zp, scale = compute_data_quant_params(data.flatten(), qtype, symmetric)
            self.initializer_quant_params[name] = dict(zero_point=zp, scale=scale, quant_type=qtype)

    def _adjust_weight_quant_params_for_bias_tensors(self):
        qrange = np.float64(np.iinfo(np.int32).max) - np.float64(np.iinfo(np.int32).min + 1)
        for bias, (node_name, inp, weight, _) in self.bias_to_quantize.items():
            if (inp not in self.quantization_params or inp not in self.tensors_to_quantize
                    or weight not in self.initializer_quant_params):
                continue
            wq = self.initializer_quant_params[weight]
            if wq["quant_type"] != TensorProto.INT8 or np.any(wq["zero_point"]):
                continue
            b = numpy_helper.to_array(self.m.initializer(bias))
            rmin = np.minimum(b.min(), np.array(0, dtype=np.float64))
            rmax = np.maximum(b.max(), np.array(0, dtype=np.float64))
            absmax = np.maximum(np.abs(rmin), np.abs(rmax))
            smallest = 1.0001 * (2.0 * absmax) / qrange
            cand = (np.float64(self.quantization_params[inp]["scale"].item())
                    * np.float64(wq["scale"].item()))
            if 0.0 < cand < smallest:
                ratio = smallest / cand
                wq["scale"] = (np.float64(wq["scale"].item()) * ratio).astype(wq["scale"].dtype)

    def _scale_zp_initializers(self, name, params, suffix=""):
        zp_name, scale_name = name + "_zero_point" + suffix, name + "_scale" + suffix
        zp, scale = params["zero_point"], params["scale"]
        self.m.graph.initializer.append(
            helper.make_tensor(zp_name, params["quant_type"], zp.shape, zp.ravel().tolist()))
        self.m.graph.initializer.append(
            helper.make_tensor(scale_name, TensorProto.FLOAT, scale.shape, scale.ravel().tolist()))
        return scale_name, zp_name

    def _add_qdq_nodes_for_initializer(self, init):
        name = init.name
        if name in self.quantized_value_map:
            return
        params = self.initializer_quant_params[name]
        scale_name, zp_name = self._scale_zp_initializers(name, params)
        dq_out = name + "_DequantizeLinear_Output"
        self.m.replace_input_of_all_nodes(name, dq_out)
        data = numpy_helper.to_array(init)
        q = quantize_nparray(params["quant_type"], data.ravel(), params["scale"],
                             params["zero_point"]).reshape(data.shape)
        qinit = numpy_helper.from_array(q, name + "_quantized")
        self.m.graph.initializer.append(qinit)
        self.m.graph.node.append(helper.make_node(
            DEQUANT_OP, [qinit.name, scale_name, zp_name], [dq_out], name + "_DequantizeLinear"))
        self.quantized_value_map[name] = (qinit.name, scale_name, zp_name)

    def _add_qdq_pair_for_activation(self, name, scale_name, zp_name):
        q_in, dq_out = name, name + "_DequantizeLinear_Output"
        if self.m.is_graph_output(name):
            q_in, dq_out = name + "_QuantizeLinear_Input", name
            self.m.replace_output_of_all_nodes(name, q_in)
        else:
            self.m.replace_input_of_all_nodes(name, dq_out)
        q_out = name + "_QuantizeLinear_Output"
        self.m.graph.node.append(helper.make_node(
            QUANT_OP, [q_in, scale_name, zp_name], [q_out], name + "_QuantizeLinear"))
        self.m.graph.node.append(helper.make_node(
            DEQUANT_OP, [q_out, scale_name, zp_name], [dq_out], name + "_DequantizeLinear"))
        self.quantized_value_map[name] = (dq_out, scale_name, zp_name)

    def _quantize_normal_tensors(self):
        for name, (kind, provider) in list(self.tensors_to_quantize.items()):
            if name in self.quantized_value_map or provider is not None:
                continue
            init = self.m.initializer(name)
            if init is not None:
                self._add_qdq_nodes_for_initializer(init)
            else:
                if name not in self.quantization_params:
                    fail("quantization parameters are not specified for tensor %s (not "
                         "calibrated)" % name)
                scale_name, zp_name = self._scale_zp_initializers(
                    name, self.quantization_params[name])
                self._add_qdq_pair_for_activation(name, scale_name, zp_name)
            del self.tensors_to_quantize[name]

    def _quantize_sharing_param_tensors(self):
        while self.tensors_to_quantize:
            progressed = False
            for name, (kind, provider) in list(self.tensors_to_quantize.items()):
                if provider and provider[0] in self.quantized_value_map:
                    del self.tensors_to_quantize[name]
                    if self.m.initializer(name) is not None:
                        fail("quantization parameter sharing is not supported for weight %s" % name)
                    _, scale_name, zp_name = self.quantized_value_map[provider[0]]
                    self._add_qdq_pair_for_activation(name, scale_name, zp_name)
                    progressed = True
            if not progressed:  # upstream would loop forever here
                fail("tensors left without quantization parameters: %s"
                     % ", ".join(self.tensors_to_quantize))

    def _quantize_bias_tensors(self):
        for bias, (node_name, inp, weight, beta) in self.bias_to_quantize.items():
            if bias in self.quantized_value_map:
                continue
            w_scale_name = self.quantized_value_map[weight][1]
            in_scale_name = self.quantized_value_map[inp][1]
            w_scale = numpy_helper.to_array(self.m.initializer(w_scale_name))
            in_scale = numpy_helper.to_array(self.m.initializer(in_scale_name))
            init = self.m.initializer(bias)
            b = numpy_helper.to_array(init)
            bias_scale = in_scale * w_scale * np.float32(beta)  # float32, as upstream
            q = (np.asarray(b, dtype=np.float64) / np.asarray(bias_scale, dtype=np.float64)).round()
            lo, hi = np.float64(np.iinfo(np.int32).min), np.float64(np.iinfo(np.int32).max)
            if np.any(q < lo) or np.any(q > hi):
                print("ort_quantize: warning: quantized bias '%s' exceeds the int32 range"
                      % bias, file=sys.stderr)
            q = np.clip(q, lo, hi).astype(np.int32).reshape(tuple(init.dims))
            q_name = bias + "_quantized"
            self.m.graph.initializer.append(numpy_helper.from_array(q, q_name))
            scale_data = np.asarray(bias_scale, dtype=b.dtype).reshape(-1)
            self.m.graph.initializer.append(numpy_helper.from_array(scale_data, q_name + "_scale"))
            if bias_scale.size > 1:
                zp = numpy_helper.from_array(np.zeros(bias_scale.shape, np.int32).reshape(-1),
                                             q_name + "_zero_point")
            else:
                zp = helper.make_tensor(q_name + "_zero_point", TensorProto.INT32, [], [0])
            self.m.graph.initializer.append(zp)
            self.m.graph.initializer.remove(init)
            self.m.graph.node.append(helper.make_node(
                DEQUANT_OP, [q_name, q_name + "_scale", q_name + "_zero_point"], [bias],
                bias + "_DequantizeLinear"))
            self.quantized_value_map[bias] = (q_name, q_name + "_scale", q_name + "_zero_point")


def first_input(model):
    inits = {i.name for i in model.graph.initializer}
    for i in model.graph.input:
        if i.name not in inits:
            return i.name
    fail("the model has no non-initializer input")


def quantize_static(model_path, calib_path, out_path, input_name=None,
                    activation_qtype=TensorProto.UINT8, work=None):
    model = prepare_model(model_path)
    input_name = input_name or first_input(model)
    with tempfile.TemporaryDirectory(prefix="ort_quantize.", dir=work) as tmp:
        ranges = calibrate(model, calib_path, input_name, tmp)
    q = QDQQuantizer(model, ranges, activation_qtype=activation_qtype).quantize_model()
    onnx.save(q, out_path)
    return q


# ---------------------------------------------------------------------------
# Dynamic quantization (quantize_dynamic, onnx_quantizer.py, operators/conv.py
# ConvInteger, operators/matmul.py MatMulInteger)
# ---------------------------------------------------------------------------

def quantize_dynamic(model_path, out_path):
    """quantize_dynamic(model, out) with its defaults: QOperator format,
    per_channel=False, reduce_range=False, weight_type=QInt8 (symmetric,
    codes in [-127, 127]), extra_options={} (MatMulConstBOnly=True).

    Each Conv with an initializer weight becomes DynamicQuantizeLinear of
    its input (uint8, shared by every node that reads the tensor),
    ConvInteger, Cast to float, Mul by (x_scale * w_scale) and, with a bias,
    Add of the bias reshaped to [1, -1, 1, ...]; each MatMul with an
    initializer B the same with MatMulInteger. The other ops of
    IntegerOpsRegistry are left in float: Attention, LSTM and
    EmbedLayerNormalization do not occur in the evaluation models, Transpose
    is only quantized after a quantized input (never, in dynamic mode), and
    Gather of an initializer (GatherQuant) is not implemented here."""
    model = prepare_model(model_path)
    m = Model(model)
    inits = {i.name: i for i in model.graph.initializer}
    dynamic = {}  # float tensor -> (codes, scale, zero point)
    weights = {}  # float initializer -> (codes, scale, zero point)
    nodes = []

    def quantize_activation(name):
        if name not in dynamic:
            q = (name + "_quantized", name + "_scale", name + "_zero_point")
            nodes.append(helper.make_node("DynamicQuantizeLinear", [name], list(q),
                                          name + "_QuantizeLinear"))
            dynamic[name] = q
        return dynamic[name]

    def quantize_weight(name):
        if name not in weights:
            w = numpy_helper.to_array(inits[name])
            zp, scale = compute_data_quant_params(w, TensorProto.INT8, symmetric=True)
            codes = quantize_nparray(TensorProto.INT8, w, scale, zp)
            q = (name + "_quantized", name + "_scale", name + "_zero_point")
            model.graph.initializer.extend([
                numpy_helper.from_array(codes, q[0]),
                numpy_helper.from_array(np.array(scale, dtype=np.float32), q[1]),
                numpy_helper.from_array(np.array(zp, dtype=np.int8), q[2])])
            weights[name] = q
        return weights[name]

    def is_float_weight(name):
        return name in inits and inits[name].data_type == TensorProto.FLOAT

    for node in list(model.graph.node):
        kind = {"Conv": "ConvInteger", "MatMul": "MatMulInteger"}.get(node.op_type)
        if kind is None or not is_float_weight(node.input[1]) or node.input[0] in inits:
            nodes.append(node)
            continue
        x = quantize_activation(node.input[0])
        w = quantize_weight(node.input[1])
        out = node.output[0]
        name = node.name + "_quant" if node.name else ""
        acc = out + "_output_quantized"
        attrs = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        nodes.append(helper.make_node(kind, [x[0], w[0], x[2], w[2]], [acc], name, **attrs))
        cast = acc + "_cast_output"
        nodes.append(helper.make_node("Cast", [acc], [cast], acc + "_cast", to=TensorProto.FLOAT))
        scales = (name or x[1] + "_" + w[1]) + "_scales_mul"
        nodes.append(helper.make_node("Mul", [x[1], w[1]], [scales + ":0"], scales))
        has_bias = node.op_type == "Conv" and len(node.input) > 2 and node.input[2]
        scaled = out + "quant_scaled_output" if has_bias else out
        nodes.append(helper.make_node("Mul", [cast, scales + ":0"], [scaled],
                                      name + "_output_scale_mul" if name else ""))
        if has_bias:
            rank = len(inits[node.input[1]].dims)
            shape = out + "_bias_reshape_shape"
            shape_values = np.ones(rank, dtype=np.int64)
            shape_values[1] = -1
            model.graph.initializer.append(numpy_helper.from_array(shape_values, shape))
            nodes.append(helper.make_node("Reshape", [node.input[2], shape],
                                          [out + "_bias_reshape_output"]))
            nodes.append(helper.make_node("Add", [scaled, out + "_bias_reshape_output"], [out],
                                          node.name + "_bias_add" if node.name else ""))
    del model.graph.node[:]
    model.graph.node.extend(nodes)
    m.clean_initializers()
    topological_sort(model.graph)
    onnx.save(model, out_path)
    return model


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("model", help="float ONNX model")
    p.add_argument("--calib", metavar="CALIB.npy",
                   help="calibration inputs stacked along dimension 0")
    p.add_argument("--dynamic", action="store_true",
                   help="quantize_dynamic instead (ConvInteger/MatMulInteger; no --calib)")
    p.add_argument("--input-name", help="model input fed from --calib (default: the first)")
    p.add_argument("-o", "--output", required=True, help="QDQ model to write")
    p.add_argument("--activation-type", choices=["quint8", "qint8"], default="quint8",
                   help="activation quantization type (default quint8; both asymmetric)")
    a = p.parse_args()
    qtype = TensorProto.UINT8 if a.activation_type == "quint8" else TensorProto.INT8
    if a.dynamic:
        q = quantize_dynamic(a.model, a.output)
    elif not a.calib:
        p.error("--calib is required (static quantization)")
    else:
        q = quantize_static(a.model, a.calib, a.output, a.input_name, qtype)
    counts = {}
    for n in q.graph.node:
        counts[n.op_type] = counts.get(n.op_type, 0) + 1
    print("wrote %s (%s)" % (a.output, ", ".join("%s %d" % kv for kv in sorted(counts.items()))))


if __name__ == "__main__":
    main()
