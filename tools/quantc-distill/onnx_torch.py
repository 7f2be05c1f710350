#!/usr/bin/python3
"""onnx_torch: run an ONNX graph as a torch.nn.Module (float, autograd-able).

A small interpreter, not a converter: the module keeps the ONNX graph (nodes in
topological order, initializers as tensors) and evaluates it node by node with
torch operations, so that

  * outputs match ONNX Runtime's float outputs to ~1e-5 (checked by
    `--check`, against `node scripts/ort_run.js`);
  * gradients flow to the inputs and, if wanted, to the initializers (they
    are registered as nn.Parameter with requires_grad=False; flip it to
    train them): data distillation (ZeroQ, which optimizes the *input* so
    that every BatchNormalization's input statistics match its running
    statistics), AdaRound, bias tuning;
  * any intermediate tensor can be captured (`forward(x, capture=[...])`) or
    replaced (`forward(x, hook=fn)`: fn(node, outputs) -> outputs, called
    after every node; fake quantization, noise injection, statistics);
  * BatchNormalization nodes are listed with their statistics
    (`batchnorms()`), which ZeroQ needs.

Supported ops (opsets 7..17 semantics where they differ): Conv (groups,
dilations, pads, auto_pad), ConvTranspose (2-D, no output_shape), Gemm, MatMul,
BatchNormalization (inference), Relu, LeakyRelu, PRelu, Clip (attribute and
input forms), Sigmoid, Tanh, HardSigmoid, HardSwish, Softmax, LogSoftmax,
MaxPool, AveragePool (ceil_mode, count_include_pad, auto_pad),
GlobalAveragePool, GlobalMaxPool, Add, Sub, Mul, Div, Pow, Sqrt, Exp, Neg,
Abs, Min, Max, Equal, Where, Concat, Flatten, Reshape, Transpose, Squeeze, Unsqueeze, Pad (constant,
reflect, edge), Identity, Dropout, Constant, ConstantOfShape, Shape, Expand, Range, Gather, Slice, Cast,
ReduceMean, ReduceSum, ReduceMax, Resize/Upsample (nearest, linear).
Unsupported ops raise NotImplementedError naming the node.

Batch size: ONNX files often fix the batch to 1. With dynamic_batch=True
(default) the module runs on any leading dimension N: a Reshape whose target
shape starts with 1 and does not match the element count is given N instead
(mnist-8's activation Reshape to [1, 256], for example). Nothing else in
these models depends on the batch.

Usage:

    from onnx_torch import OnnxModule
    m = OnnxModule("model.onnx")                   # float32, eval mode
    y = m(torch.from_numpy(x))                     # the first graph output
    ys = m(x, outputs=None)                        # dict of all graph outputs
    acts = m(x, capture=["conv2d_1"], outputs=[])  # intermediate tensors
    for bn in m.batchnorms(): bn.input, bn.mean, bn.var, ...

Command line (checks against ONNX Runtime):

    /usr/bin/python3 scripts/onnx_torch.py MODEL.onnx --input X.npy [--check]
        [--batch 16] [--threads 1] [--input-name NAME]
"""

import argparse
import math
import os
import re
import subprocess
import sys
import tempfile
from collections import namedtuple

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper

__all__ = ["OnnxModule", "Node", "BatchNormInfo", "load_graph"]

Node = namedtuple("Node", "name op_type inputs outputs attrs index")
"""One ONNX node: inputs/outputs are tensor names ('' = absent optional)."""

BatchNormInfo = namedtuple("BatchNormInfo",
                           "node input output scale bias mean var eps producer")
"""A BatchNormalization node: its input/output tensor names, its parameters
(torch tensors, shared with the module, so edits are seen by forward) and
`producer`, the node computing its input (usually a Conv) or None."""


def _attr_value(a):
    v = onnx.helper.get_attribute_value(a)
    if isinstance(v, bytes):
        return v.decode()
    if isinstance(v, onnx.TensorProto):
        return numpy_helper.to_array(v)
    if isinstance(v, (list, tuple)):
        return [x.decode() if isinstance(x, bytes) else x for x in v]
    return v


def load_graph(model):
    """(onnx ModelProto, opset, list of Node, {name: np.ndarray} initializers)."""
    if isinstance(model, (str, os.PathLike)):
        model = onnx.load(str(model))
    opset = 1
    for o in model.opset_import:
        if o.domain in ("", "ai.onnx"):
            opset = o.version
    g = model.graph
    inits = {i.name: numpy_helper.to_array(i) for i in g.initializer}
    nodes = []
    for i, n in enumerate(g.node):
        attrs = {a.name: _attr_value(a) for a in n.attribute}
        name = n.name or "%s_%d" % (n.op_type, i)
        if n.op_type == "Constant":
            # Constants become initializers: they are data, not computation.
            if "value" in attrs:
                val = attrs["value"]
            elif "value_float" in attrs:
                val = np.array(attrs["value_float"], np.float32)
            elif "value_floats" in attrs:
                val = np.array(attrs["value_floats"], np.float32)
            elif "value_int" in attrs:
                val = np.array(attrs["value_int"], np.int64)
            elif "value_ints" in attrs:
                val = np.array(attrs["value_ints"], np.int64)
            else:
                raise NotImplementedError("Constant node '%s': unsupported value" % name)
            inits[n.output[0]] = np.asarray(val)
            continue
        nodes.append(Node(name, n.op_type, list(n.input), list(n.output), attrs, len(nodes)))
    return model, opset, nodes, inits


def _safe(name):
    return "p_" + re.sub(r"[^0-9A-Za-z_]", "_", name)


def _pair(v, n=2):
    return list(v) if v is not None else [1] * n


def _same_pads(in_sizes, kernel, strides, dilations, mode):
    """ONNX auto_pad SAME_UPPER / SAME_LOWER -> [begin..., end...]."""
    begins, ends = [], []
    for size, k, s, d in zip(in_sizes, kernel, strides, dilations):
        out = -(-size // s)
        total = max(0, (out - 1) * s + (k - 1) * d + 1 - size)
        small, big = total // 2, total - total // 2
        if mode == "SAME_UPPER":
            begins.append(small)
            ends.append(big)
        else:
            begins.append(big)
            ends.append(small)
    return begins + ends


def _spatial_pads(attrs, x, kernel, strides, dilations):
    nd = len(kernel)
    auto = attrs.get("auto_pad", "NOTSET")
    if auto in ("SAME_UPPER", "SAME_LOWER"):
        return _same_pads(list(x.shape[2:]), kernel, strides, dilations, auto)
    if auto == "VALID":
        return [0] * (2 * nd)
    return list(attrs.get("pads", [0] * (2 * nd)))


def _torch_pad_list(pads):
    """ONNX [b0, b1, ..., e0, e1, ...] over the last len/2 dims -> F.pad order."""
    nd = len(pads) // 2
    out = []
    for i in reversed(range(nd)):
        out += [pads[i], pads[nd + i]]
    return out


def _pool_output_pads(x, kernel, strides, dilations, pads, ceil_mode):
    """Extra end padding so that floor-mode pooling produces ONNX's ceil-mode size."""
    extra = []
    nd = len(kernel)
    for i in range(nd):
        size = x.shape[2 + i] + pads[i] + pads[nd + i]
        eff = (kernel[i] - 1) * dilations[i] + 1
        if ceil_mode:
            out = -(-(size - eff) // strides[i]) + 1
            # The last window must start inside the input or the begin padding.
            if (out - 1) * strides[i] >= x.shape[2 + i] + pads[i]:
                out -= 1
        else:
            out = (size - eff) // strides[i] + 1
        need = (out - 1) * strides[i] + eff - size
        extra.append(max(0, need))
    return extra


class OnnxModule(torch.nn.Module):
    """An ONNX graph evaluated with torch ops (see the module docstring).

    Args:
      model: path or onnx.ModelProto.
      dtype: floating type of the initializers and of the computation
        (torch.float32 default; torch.float64 for reference runs).
      dynamic_batch: accept any batch size (see the module docstring).

    Attributes:
      nodes: list of Node in execution order (Constant nodes are folded into
        the initializers).
      input_names / output_names: the graph's real inputs and outputs.
      consumers: {tensor name: [Node, ...]}, producer: {tensor name: Node}.
    """

    def __init__(self, model, dtype=torch.float32, dynamic_batch=True):
        super().__init__()
        self.proto, self.opset, self.nodes, inits = load_graph(model)
        self.dtype = dtype
        self.dynamic_batch = dynamic_batch
        self.params = torch.nn.ParameterDict()
        self._key = {}      # initializer name -> ParameterDict key (float)
        self.consts = {}    # initializer name -> torch tensor (integer/bool)
        for name, arr in inits.items():
            if arr.dtype.kind == "f":
                key = _safe(name)
                while key in self.params:
                    key += "_"
                self.params[key] = torch.nn.Parameter(
                    torch.from_numpy(np.array(arr)).to(dtype), requires_grad=False)
                self._key[name] = key
            else:
                self.consts[name] = torch.from_numpy(np.array(arr))
        init_names = set(inits)
        self.input_names = [i.name for i in self.proto.graph.input
                            if i.name not in init_names]
        self.output_names = [o.name for o in self.proto.graph.output]
        self.producer, self.consumers = {}, {}
        for n in self.nodes:
            for o in n.outputs:
                if o:
                    self.producer[o] = n
            for i in n.inputs:
                if i:
                    self.consumers.setdefault(i, []).append(n)
        for n in self.nodes:
            if not hasattr(self, "_op_" + n.op_type):
                raise NotImplementedError("onnx_torch: op %s (node '%s') is not supported"
                                          % (n.op_type, n.name))
        self.eval()

    # ------------------------------------------------------------------ access
    def initializer(self, name):
        """The tensor of an initializer (a Parameter for float ones)."""
        if name in self._key:
            return self.params[self._key[name]]
        return self.consts[name]

    def has_initializer(self, name):
        return name in self._key or name in self.consts

    def set_initializer(self, name, value):
        """Replaces a float initializer's data (keeps the Parameter object)."""
        p = self.params[self._key[name]]
        with torch.no_grad():
            p.data = torch.as_tensor(value, dtype=self.dtype).reshape(p.shape).clone()

    def batchnorms(self):
        """BatchNormInfo for every BatchNormalization node, in graph order."""
        out = []
        for n in self.nodes:
            if n.op_type != "BatchNormalization":
                continue
            g = [self.initializer(i) for i in n.inputs[1:5]]
            out.append(BatchNormInfo(n, n.inputs[0], n.outputs[0], g[0], g[1], g[2], g[3],
                                     float(n.attrs.get("epsilon", 1e-5)),
                                     self.producer.get(n.inputs[0])))
        return out

    # ----------------------------------------------------------------- forward
    def forward(self, *inputs, outputs="first", capture=(), hook=None, feeds=None):
        """Evaluates the graph.

        inputs: tensors (or numpy arrays) for the graph inputs in order;
          `feeds` ({name: tensor}) instead, or in addition, to name them.
        outputs: "first" (default: the first graph output, a tensor), None
          (a dict of all graph outputs) or a list of tensor names (dict).
        capture: tensor names whose values are added to the returned dict
          (forces the dict form).
        hook: fn(node, [output tensors]) -> list of tensors or None, called
          after every node; a returned list replaces the node's outputs.
        """
        env = {}
        feeds = dict(feeds or {})
        for name, x in zip(self.input_names, inputs):
            feeds[name] = x
        for name, x in feeds.items():
            if isinstance(x, np.ndarray):
                x = torch.from_numpy(x)
            if x.is_floating_point():
                x = x.to(self.dtype)
            env[name] = x
        missing = [n for n in self.input_names if n not in env]
        if missing:
            raise ValueError("onnx_torch: missing inputs %s" % missing)
        want = set(self.output_names if outputs in ("first", None) else outputs)
        want |= set(capture)
        # Free tensors after their last use (memory for large batches).
        last_use = {}
        for n in self.nodes:
            for i in n.inputs:
                last_use[i] = n.index
        for n in self.nodes:
            args = [self._get(env, i) if i else None for i in n.inputs]
            res = getattr(self, "_op_" + n.op_type)(n, *args)
            if not isinstance(res, (list, tuple)):
                res = [res]
            res = list(res)
            if hook is not None:
                r = hook(n, res)
                if r is not None:
                    res = list(r)
            for name, v in zip(n.outputs, res):
                if name:
                    env[name] = v
            for i in n.inputs:
                if i and last_use.get(i) == n.index and i not in want and i in env \
                        and i not in self.input_names:
                    del env[i]
        if outputs == "first" and not capture:
            return env[self.output_names[0]]
        names = self.output_names if outputs in ("first", None) else list(outputs)
        res = {k: env[k] for k in names}
        for k in capture:
            res[k] = env[k] if k in env else self._get(env, k)
        return res

    def _get(self, env, name):
        if name in env:
            return env[name]
        if name in self._key:
            return self.params[self._key[name]]
        if name in self.consts:
            return self.consts[name]
        raise KeyError("onnx_torch: tensor '%s' is not computed before its use" % name)

    # ---------------------------------------------------------------- helpers
    def _ints(self, t):
        return [int(v) for v in (t.tolist() if torch.is_tensor(t) else t)]

    def _f(self, t):
        return t if t.is_floating_point() else t.to(self.dtype)

    # -------------------------------------------------------------------- ops
    def _op_Identity(self, n, x):
        return x

    def _op_Dropout(self, n, x, *rest):
        return [x, torch.ones_like(x, dtype=torch.bool)]

    def _op_Cast(self, n, x):
        to = n.attrs["to"]
        table = {1: self.dtype, 6: torch.int32, 7: torch.int64, 9: torch.bool,
                 11: torch.float64, 10: torch.float16}
        return x.to(table[to])

    def _op_Conv(self, n, x, w, b=None):
        nd = w.dim() - 2
        strides = _pair(n.attrs.get("strides"), nd)
        dil = _pair(n.attrs.get("dilations"), nd)
        kernel = list(w.shape[2:])
        pads = _spatial_pads(n.attrs, x, kernel, strides, dil)
        group = int(n.attrs.get("group", 1))
        if any(pads):
            x = F.pad(x, _torch_pad_list(pads))
        conv = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}[nd]
        return conv(x, w, b, stride=strides, dilation=dil, groups=group)

    # Dynamic quantization (ONNX Runtime's quantize_dynamic) read as quantc's
    # importer reads it (docs/quantization.md): the codes of a
    # DynamicQuantizeLinear are its float input at a nominal scale 1 (zero
    # point 0), which the Mul by its scale after ConvInteger/MatMulInteger
    # cancels. Differentiable, as distillation needs.
    def _op_DynamicQuantizeLinear(self, n, x):
        one = torch.ones((), dtype=self.dtype)
        return [x, one, torch.zeros((), dtype=torch.uint8)]

    def _centered(self, t, zp, axis_shape=None):
        t = self._f(t)
        if zp is None:
            return t
        zp = self._f(zp)
        if zp.numel() > 1 and axis_shape is not None:
            zp = zp.reshape(axis_shape)
        return t - zp

    def _op_ConvInteger(self, n, x, w, xzp=None, wzp=None):
        x = self._centered(x, xzp)
        w = self._centered(w, wzp, [-1] + [1] * (w.dim() - 1))
        return self._op_Conv(n, x, w)

    def _op_MatMulInteger(self, n, a, b, azp=None, bzp=None):
        a = self._centered(a, azp, [-1, 1])
        b = self._centered(b, bzp)
        return torch.matmul(a, b)

    def _op_ConvTranspose(self, n, x, w, b=None):
        if "output_shape" in n.attrs or n.attrs.get("auto_pad", "NOTSET") != "NOTSET":
            raise NotImplementedError("ConvTranspose with output_shape/auto_pad (node '%s')" % n.name)
        nd = w.dim() - 2
        strides = _pair(n.attrs.get("strides"), nd)
        dil = _pair(n.attrs.get("dilations"), nd)
        pads = list(n.attrs.get("pads", [0] * (2 * nd)))
        if pads[:nd] != pads[nd:]:
            raise NotImplementedError("ConvTranspose with asymmetric pads (node '%s')" % n.name)
        outpad = list(n.attrs.get("output_padding", [0] * nd))
        f = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}[nd]
        return f(x, w, b, stride=strides, padding=pads[:nd], output_padding=outpad,
                 groups=int(n.attrs.get("group", 1)), dilation=dil)

    def _op_BatchNormalization(self, n, x, scale, bias, mean, var):
        eps = float(n.attrs.get("epsilon", 1e-5))
        shape = [1, -1] + [1] * (x.dim() - 2)
        inv = scale / torch.sqrt(var + eps)
        return (x - mean.reshape(shape)) * inv.reshape(shape) + bias.reshape(shape)

    def _op_Relu(self, n, x):
        return F.relu(x)

    def _op_LeakyRelu(self, n, x):
        return F.leaky_relu(x, float(n.attrs.get("alpha", 0.01)))

    def _op_PRelu(self, n, x, slope):
        if slope.dim() == x.dim() - 1 and slope.dim() > 0:
            slope = slope.unsqueeze(0)
        return torch.where(x >= 0, x, x * slope)

    def _op_Clip(self, n, x, lo=None, hi=None):
        if self.opset < 11:
            lo = n.attrs.get("min", None)
            hi = n.attrs.get("max", None)
        lo = None if lo is None else float(lo)
        hi = None if hi is None else float(hi)
        if lo is not None and hi is not None:
            return torch.clamp(x, lo, hi)
        if lo is not None:
            return torch.clamp(x, min=lo)
        if hi is not None:
            return torch.clamp(x, max=hi)
        return x

    def _op_Sigmoid(self, n, x):
        return torch.sigmoid(x)

    def _op_Tanh(self, n, x):
        return torch.tanh(x)

    def _op_HardSigmoid(self, n, x):
        a, b = float(n.attrs.get("alpha", 0.2)), float(n.attrs.get("beta", 0.5))
        return torch.clamp(a * x + b, 0, 1)

    def _op_HardSwish(self, n, x):
        return x * torch.clamp(x / 6 + 0.5, 0, 1)

    def _softmax(self, n, x, fn):
        axis = int(n.attrs.get("axis", -1 if self.opset >= 13 else 1))
        if axis < 0:
            axis += x.dim()
        if self.opset >= 13:
            return fn(x, dim=axis)
        # Opset < 13: softmax over the 2-D flattening at axis.
        shape = x.shape
        y = fn(x.reshape(int(np.prod(shape[:axis])), -1), dim=1)
        return y.reshape(shape)

    def _op_Softmax(self, n, x):
        return self._softmax(n, x, torch.softmax)

    def _op_LogSoftmax(self, n, x):
        return self._softmax(n, x, torch.log_softmax)

    def _pool(self, n, x, kind):
        kernel = list(n.attrs["kernel_shape"])
        nd = len(kernel)
        strides = _pair(n.attrs.get("strides"), nd)
        dil = _pair(n.attrs.get("dilations"), nd)
        pads = _spatial_pads(n.attrs, x, kernel, strides, dil)
        ceil = bool(n.attrs.get("ceil_mode", 0))
        extra = _pool_output_pads(x, kernel, strides, dil, pads, ceil)
        end = [pads[nd + i] + extra[i] for i in range(nd)]
        allp = pads[:nd] + end
        if kind == "max":
            if any(allp):
                x = F.pad(x, _torch_pad_list(allp), value=-math.inf)
            f = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}[nd]
            return f(x, kernel, strides, 0, dil)
        if any(d != 1 for d in dil):
            raise NotImplementedError("AveragePool with dilations (node '%s')" % n.name)
        include = bool(n.attrs.get("count_include_pad", 0))
        f = {1: F.avg_pool1d, 2: F.avg_pool2d, 3: F.avg_pool3d}[nd]
        ones = torch.ones((1, 1) + tuple(x.shape[2:]), dtype=x.dtype)
        if any(allp):
            xp = F.pad(x, _torch_pad_list(allp))
            # Counted area: inside the input, plus the declared pads when
            # count_include_pad (never the ceil-mode extension).
            if include:
                mask = F.pad(F.pad(ones, _torch_pad_list(pads[:nd] + pads[nd:]), value=1.0),
                             _torch_pad_list([0] * nd + extra))
            else:
                mask = F.pad(ones, _torch_pad_list(allp))
        else:
            xp, mask = x, ones
        s = f(xp, kernel, strides, 0) * float(np.prod(kernel))
        c = f(mask, kernel, strides, 0) * float(np.prod(kernel))
        return s / c

    def _op_MaxPool(self, n, x):
        if n.attrs.get("storage_order", 0):
            raise NotImplementedError("MaxPool storage_order (node '%s')" % n.name)
        y = self._pool(n, x, "max")
        return [y] + ([None] if len(n.outputs) > 1 else [])

    def _op_AveragePool(self, n, x):
        return self._pool(n, x, "avg")

    def _op_GlobalAveragePool(self, n, x):
        return x.mean(dim=tuple(range(2, x.dim())), keepdim=True)

    def _op_GlobalMaxPool(self, n, x):
        return x.amax(dim=tuple(range(2, x.dim())), keepdim=True)

    def _op_Gemm(self, n, a, b, c=None):
        if n.attrs.get("transA", 0):
            a = a.t()
        if n.attrs.get("transB", 0):
            b = b.t()
        y = float(n.attrs.get("alpha", 1.0)) * (a @ b)
        if c is not None:
            y = y + float(n.attrs.get("beta", 1.0)) * c
        return y

    def _op_MatMul(self, n, a, b):
        return torch.matmul(self._f(a), self._f(b))

    def _op_Add(self, n, a, b):
        return a + b

    def _op_Sub(self, n, a, b):
        return a - b

    def _op_Mul(self, n, a, b):
        return a * b

    def _op_Div(self, n, a, b):
        if not a.is_floating_point() and not b.is_floating_point():
            return torch.div(a, b, rounding_mode="trunc")
        return a / b

    def _op_Pow(self, n, a, b):
        return torch.pow(a, b)

    def _op_Sqrt(self, n, x):
        return torch.sqrt(x)

    def _op_Exp(self, n, x):
        return torch.exp(x)

    def _op_Neg(self, n, x):
        return -x

    def _op_Abs(self, n, x):
        return torch.abs(x)

    def _op_Concat(self, n, *xs):
        return torch.cat([x for x in xs if x is not None], dim=int(n.attrs["axis"]))

    def _op_Flatten(self, n, x):
        axis = int(n.attrs.get("axis", 1))
        if axis < 0:
            axis += x.dim()
        lead = int(np.prod(x.shape[:axis])) if axis > 0 else 1
        return x.reshape(lead, -1)

    def _op_Reshape(self, n, x, shape=None):
        if shape is None:  # opset < 5
            shape = n.attrs["shape"]
        shape = self._ints(shape)
        if not n.attrs.get("allowzero", 0):
            shape = [x.shape[i] if s == 0 else s for i, s in enumerate(shape)]
        if self.dynamic_batch and shape and shape[0] == 1 and x.dim() > 0 and x.shape[0] != 1:
            known = int(np.prod([s for s in shape if s != -1]))
            if -1 not in shape and known != x.numel():
                shape = [x.shape[0]] + shape[1:]
        return x.reshape(shape)

    def _op_Transpose(self, n, x):
        perm = n.attrs.get("perm", list(reversed(range(x.dim()))))
        return x.permute(*perm)

    def _axes(self, n, axes_input):
        if axes_input is not None:
            return self._ints(axes_input)
        return n.attrs.get("axes", None)

    def _op_Squeeze(self, n, x, axes=None):
        axes = self._axes(n, axes)
        if axes is None:
            return x.squeeze()
        for a in sorted([a % x.dim() for a in axes], reverse=True):
            x = x.squeeze(a)
        return x

    def _op_Unsqueeze(self, n, x, axes=None):
        axes = self._axes(n, axes)
        rank = x.dim() + len(axes)
        for a in sorted(a % rank for a in axes):
            x = x.unsqueeze(a)
        return x

    def _op_Pad(self, n, x, pads=None, value=None, axes=None):
        mode = n.attrs.get("mode", "constant")
        if self.opset < 11:
            pads = n.attrs["pads"]
            value = n.attrs.get("value", 0.0)
        pads = self._ints(pads)
        value = 0.0 if value is None else float(value)
        rank = x.dim()
        if axes is not None:
            ax = [a % rank for a in self._ints(axes)]
            full = [0] * (2 * rank)
            for i, a in enumerate(ax):
                full[a], full[rank + a] = pads[i], pads[len(ax) + i]
            pads = full
        # Drop leading dimensions without padding (F.pad pads the last dims).
        lead = 0
        while lead < rank and pads[lead] == 0 and pads[rank + lead] == 0:
            lead += 1
        sub = pads[lead:rank] + pads[rank + lead:]
        if not any(sub):
            return x
        tmode = {"constant": "constant", "reflect": "reflect", "edge": "replicate"}[mode]
        if tmode == "constant":
            if any(p < 0 for p in sub):
                raise NotImplementedError("Pad with negative pads (node '%s')" % n.name)
            return F.pad(x, _torch_pad_list(sub), value=value)
        return F.pad(x, _torch_pad_list(sub), mode=tmode)

    def _op_ConstantOfShape(self, n, shape):
        v = n.attrs.get("value", np.zeros(1, np.float32))
        v = np.asarray(v).reshape(-1)
        dt = self.dtype if v.dtype.kind == "f" else torch.from_numpy(v).dtype
        return torch.full(self._ints(shape), v[0].item(), dtype=dt)

    def _op_Expand(self, n, x, shape):
        shape = self._ints(shape)
        rank = max(len(shape), x.dim())
        shape = [1] * (rank - len(shape)) + shape
        xs = [1] * (rank - x.dim()) + list(x.shape)
        return x.reshape(xs).expand([max(a, b) for a, b in zip(xs, shape)])

    def _op_Range(self, n, start, limit, delta):
        return torch.arange(start.item(), limit.item(), delta.item(), dtype=start.dtype)

    def _op_Equal(self, n, a, b):
        return a == b

    def _op_Where(self, n, c, a, b):
        return torch.where(c.bool(), a, b)

    def _op_Min(self, n, *xs):
        y = xs[0]
        for x in xs[1:]:
            y = torch.minimum(y, x)
        return y

    def _op_Max(self, n, *xs):
        y = xs[0]
        for x in xs[1:]:
            y = torch.maximum(y, x)
        return y

    def _op_Shape(self, n, x):
        return torch.tensor(list(x.shape), dtype=torch.int64)

    def _op_Gather(self, n, x, idx):
        axis = int(n.attrs.get("axis", 0))
        idx = idx.long()
        if idx.dim() == 0:
            return x.select(axis, int(idx) % x.shape[axis])
        flat = idx.reshape(-1) % x.shape[axis]
        y = x.index_select(axis, flat)
        return y.reshape(x.shape[:axis] + idx.shape + x.shape[axis + 1:])

    def _op_Slice(self, n, x, starts=None, ends=None, axes=None, steps=None):
        if self.opset < 10:
            starts, ends = n.attrs["starts"], n.attrs["ends"]
            axes = n.attrs.get("axes")
        starts, ends = self._ints(starts), self._ints(ends)
        axes = list(range(len(starts))) if axes is None else self._ints(axes)
        steps = [1] * len(starts) if steps is None else self._ints(steps)
        for s, e, a, st in zip(starts, ends, axes, steps):
            a %= x.dim()
            size = x.shape[a]
            s = s + size if s < 0 else s
            e = e + size if e < 0 else e
            if st > 0:
                s, e = max(0, min(size, s)), max(0, min(size, e))
            else:
                s, e = max(-1, min(size - 1, s)), max(-1, min(size - 1, e))
            if st == 1:
                x = x.narrow(a, s, max(0, e - s))
            else:
                idx = torch.arange(s, e, st, dtype=torch.int64)
                x = x.index_select(a, idx)
        return x

    def _reduce(self, n, x, fn, axes=None):
        axes = self._axes(n, axes)
        keep = bool(n.attrs.get("keepdims", 1))
        if axes is None or len(axes) == 0:
            if n.attrs.get("noop_with_empty_axes", 0) and axes is not None:
                return x
            axes = list(range(x.dim()))
        return fn(x, dim=tuple(a % x.dim() for a in axes), keepdim=keep)

    def _op_ReduceMean(self, n, x, axes=None):
        return self._reduce(n, x, torch.mean, axes)

    def _op_ReduceSum(self, n, x, axes=None):
        return self._reduce(n, x, torch.sum, axes)

    def _op_ReduceMax(self, n, x, axes=None):
        return self._reduce(n, x, torch.amax, axes)

    def _op_Resize(self, n, x, roi=None, scales=None, sizes=None):
        mode = n.attrs.get("mode", "nearest")
        if self.opset < 11:  # Upsample-like: (x, scales)
            scales, sizes = roi, None
        if sizes is not None and sizes.numel():
            size = self._ints(sizes)[2:]
            kw = dict(size=size)
        else:
            sc = [float(v) for v in scales.tolist()][2:]
            kw = dict(scale_factor=sc)
        if mode == "nearest":
            return F.interpolate(x, mode="nearest", **kw)
        ctm = n.attrs.get("coordinate_transformation_mode", "half_pixel")
        return F.interpolate(x, mode={1: "linear", 2: "bilinear", 3: "trilinear"}[x.dim() - 2],
                             align_corners=(ctm == "align_corners"), **kw)

    _op_Upsample = _op_Resize


# ---------------------------------------------------------------------- CLI
def _run_ort(model_path, input_name, x_path, out_dir):
    here = os.path.dirname(os.path.abspath(__file__))
    subprocess.run(["node", os.path.join(here, "ort_run.js"), model_path, "--input",
                    "%s=%s" % (input_name, x_path), "--output-dir", out_dir], check=True)


def _fname(name):
    return "".join(c if c.isalnum() or c in "_.-" else "_" for c in name) + ".npy"


def run_batched(module, x, batch=16, outputs=None):
    """Runs `module` on numpy x in batches; dict of numpy outputs (all graph outputs)."""
    res = {}
    with torch.no_grad():
        for i in range(0, len(x), batch):
            y = module(torch.from_numpy(x[i:i + batch]), outputs=outputs)
            for k, v in y.items():
                res.setdefault(k, []).append(v.detach().cpu().numpy())
    return {k: np.concatenate(v) for k, v in res.items()}


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("model")
    p.add_argument("--input", required=True, help=".npy with N stacked inputs")
    p.add_argument("--input-name", help="graph input name (default: the first)")
    p.add_argument("--limit", type=int, default=0)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--float64", action="store_true")
    p.add_argument("--check", action="store_true", help="compare with ONNX Runtime (ort_run.js)")
    p.add_argument("--ort-dir", help="existing ort_run.js output directory to compare with")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    m = OnnxModule(a.model, dtype=torch.float64 if a.float64 else torch.float32)
    x = np.load(a.input)
    if a.limit:
        x = x[:a.limit]
    outs = run_batched(m, x, a.batch)
    for k, v in outs.items():
        print("%s: %s %s" % (k, v.dtype, list(v.shape)))
    if a.check or a.ort_dir:
        with tempfile.TemporaryDirectory() as td:
            ort_dir = a.ort_dir
            if not ort_dir:
                xp = os.path.join(td, "x.npy")
                np.save(xp, x)
                ort_dir = os.path.join(td, "ort")
                _run_ort(a.model, a.input_name or m.input_names[0], xp, ort_dir)
            worst = 0.0
            for k, v in outs.items():
                ref = np.load(os.path.join(ort_dir, _fname(k)))[:len(v)].reshape(v.shape)
                err = np.abs(v.astype(np.float64) - ref)
                rel = err.max() / max(1e-12, np.abs(ref).max())
                print("%s: max abs err %.3g, max |ref| %.3g, rel %.3g, argmax agree %.4f" % (
                    k, err.max(), np.abs(ref).max(), rel,
                    (v.reshape(len(v), -1).argmax(1) == ref.reshape(len(v), -1).argmax(1)).mean()))
                worst = max(worst, rel)
            print("worst relative error %.3g: %s" % (worst, "OK" if worst < 1e-4 else "MISMATCH"))
            return 0 if worst < 1e-4 else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
