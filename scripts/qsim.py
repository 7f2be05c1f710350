#!/usr/bin/python3
"""qsim: a simulator of quantc's static INT8 scheme (docs/quantization.md).

Builds quantc's view of an ONNX model with tools/quantc-distill/onnx_torch.py's loader:
BatchNormalization folded into the convolution (in double, stored as
float32, as lib/Dialect/QC/Transforms/FoldBatchNorm.cpp), per-channel constant
Adds folded into the bias, a residual Add fused into the contraction feeding
it, ReLU/Clip/LeakyReLU fused as the epilogue (FuseEpilogues.cpp); then runs it

  * in float (`QModel.run(x, None)`), for calibration and as the reference;
  * quantized (`QModel.run(x, qp)` with `qp = QModel.quantize(ranges, ...)`),
    exactly as the integer code computes it when `exact=True`: u8 input codes
    (round half to even), s8 per-output-channel weights (round half to even of
    W / (max|W| / 127)), s32 bias round(b / (s_in s_w)), exact integer
    accumulation (float64 on integer values), requantization with the
    dyadic multipliers m / 2^k of Dyadic.cpp / Integerize.cpp (one shift per op,
    31-bit multiplier for the largest factor, leaky slope as a second
    multiplier, residual as a third) and round half up, clamp to [0, 255] or to
    the fused ReLU/ReLU6 codes; max pooling on codes; means/average pools as
    sum(q - z) rescaled; the logits' contraction (through reshapes and means)
    kept in s32 at max|range| / 2^24 with quantc's overflow bound
    INT32_MAX / count (Quantize.cpp), which *clamps* large pre-pool logits;
  * or fake-quantized in float64 (`exact=False`) with any subset of the
    quantizers switched off (weights only, activations only, one layer...),
    for error breakdowns.

Everything quantc derives from calibration is a field of `QParams` (ranges per
quantized tensor, weights and biases per contraction) so that remedies
(bias correction, equalization, per-layer ranges, AdaRound) are edits of the
float model (`QModel.ops[i].W / .b`) or of the ranges before `quantize`.

Command line: validate against a quantc artifact's outputs,

    /usr/bin/python3 scripts/qsim.py tiny_darknet [--data /tmp/qr/data]
        [--runs /tmp/qr/runs] [--limit N] [--quantc-calib calib.json]
"""

import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tools", "quantc-distill"))
from onnx_torch import OnnxModule, load_graph, _spatial_pads, _torch_pad_list  # noqa: E402

MODELS_DIR = os.environ.get("QUANTC_MODELS", "/work/shared/models")
INPUT_NAME = {"mnist-8": "Input3"}
INT32_MAX = 2 ** 31 - 1
DT = torch.float64


# --------------------------------------------------------------------------- ops
class FOp:
    """One op of the fused graph.

    kind: 'conv' | 'matmul' | 'maxpool' | 'avgpool' | 'mean' | 'add' | 'move'
          (reshape/flatten/transpose/identity) | 'clip' (standalone clamp)
    name: the ONNX node name of the op that gives quantc its location (the
          contraction for fused ops), used to match quantc's calib.json keys.
    inputs: activation tensor names; output: the tensor it produces.
    W, b: float64 tensors (conv OIHW; matmul [K, N], channel axis last).
    act: None | ('leaky', alpha) | ('clip', lo, hi) (lo/hi may be None).
    residual: tensor name added before the activation's clamp (quantc's
          residual epilogue), or None.
    wide: 0, or the number of values a mean later sums when this
          contraction's output stays s32 (model output path).
    """

    def __init__(self, kind, name, inputs, output, node=None):
        self.kind, self.name, self.inputs, self.output, self.node = kind, name, inputs, output, node
        self.W = self.b = None
        self.act = None
        self.residual = None
        self.wide = 0
        self.attrs = dict(node.attrs) if node is not None else {}
        self.qkind = None  # 'own' | 'keep' | 'wide' | 'widemean'

    @property
    def contraction(self):
        return self.kind in ("conv", "matmul")

    def __repr__(self):
        return "FOp(%s %s %s->%s act=%s res=%s)" % (self.kind, self.name, self.inputs, self.output,
                                                   self.act, self.residual)


def _fold_constants(nodes, inits):
    """Evaluates nodes whose inputs are all initializers (e.g. a weight Reshape)."""
    ev = OnnxModule.__new__(OnnxModule)
    torch.nn.Module.__init__(ev)
    ev.opset, ev.dtype, ev.dynamic_batch = 13, torch.float32, False
    keep = []
    for n in nodes:
        if n.inputs and all((i in inits) for i in n.inputs if i):
            args = [torch.from_numpy(np.array(inits[i])) if i else None for i in n.inputs]
            r = getattr(ev, "_op_" + n.op_type)(n, *args)
            r = r if isinstance(r, (list, tuple)) else [r]
            for o, v in zip(n.outputs, r):
                inits[o] = v.numpy()
        else:
            keep.append(n)
    return keep


class QModel:
    """quantc's fused float graph of an ONNX model, and its quantized execution."""

    def __init__(self, path, dtype=torch.float32):
        """dtype: the activations' computation type. float32 (default) is ~7x
        faster than float64; the exact path stays bit-exact either way (integer
        convolutions are split so that every float32 partial sum is exact)."""
        self.path = path
        self.cdt = dtype
        proto, self.opset, nodes, inits = load_graph(path)
        nodes = _fold_constants(nodes, inits)
        g = proto.graph
        self.input_name = [i.name for i in g.input if i.name not in inits][0]
        self.output_name = g.output[0].name
        uses = {}
        for n in nodes:
            for i in n.inputs:
                uses[i] = uses.get(i, 0) + 1
        for o in g.output:
            uses[o.name] = uses.get(o.name, 0) + 1
        ops, prod = [], {}   # prod: tensor -> FOp producing it

        def single_use(t):
            return uses.get(t, 0) == 1

        def c_op(t):
            """The fusable contraction producing t (single use), or None."""
            op = prod.get(t)
            if op is not None and op.contraction and op.output == t and single_use(t):
                return op
            return None

        def retarget(op, new_out):
            del prod[op.output]
            op.output = new_out
            prod[new_out] = op

        for n in nodes:
            t = n.op_type
            if t == "Conv":
                op = FOp("conv", n.name, [n.inputs[0]], n.outputs[0], n)
                op.W = torch.from_numpy(inits[n.inputs[1]].astype(np.float64))
                ch = op.W.shape[0]
                op.b = torch.from_numpy(inits[n.inputs[2]].astype(np.float64)) if len(n.inputs) > 2 \
                    and n.inputs[2] else None
                op.has_bias = op.b is not None
                if op.b is None:
                    op.b = torch.zeros(ch, dtype=DT)
            elif t in ("MatMul", "Gemm") and n.inputs[1] in inits:
                op = FOp("matmul", n.name, [n.inputs[0]], n.outputs[0], n)
                B = inits[n.inputs[1]].astype(np.float64)
                if t == "Gemm":
                    if n.attrs.get("transA", 0):
                        raise NotImplementedError("Gemm transA")
                    if n.attrs.get("transB", 0):
                        B = B.T
                    B = B * float(n.attrs.get("alpha", 1.0))
                op.W = torch.from_numpy(np.ascontiguousarray(B))
                op.b = torch.zeros(B.shape[-1], dtype=DT)
                op.has_bias = False
                if t == "Gemm" and len(n.inputs) > 2 and n.inputs[2]:
                    c = inits[n.inputs[2]].astype(np.float64).reshape(-1)
                    op.b = torch.from_numpy(np.broadcast_to(c * float(n.attrs.get("beta", 1.0)),
                                                            (B.shape[-1],)).copy())
                    op.has_bias = True
            elif t == "BatchNormalization" and c_op(n.inputs[0]) is not None \
                    and c_op(n.inputs[0]).act is None and c_op(n.inputs[0]).residual is None \
                    and c_op(n.inputs[0]).kind == "conv":
                op = c_op(n.inputs[0])
                scale, bias, mean, var = [inits[i].astype(np.float64) for i in n.inputs[1:5]]
                eps = float(n.attrs.get("epsilon", 1e-5))
                s = scale / np.sqrt(var + eps)
                tt = bias - mean * s
                # FoldBatchNorm.cpp: w' = float(double(w) * s), b' = float(b * s + t).
                W = (op.W.numpy().astype(np.float32).astype(np.float64) * s.reshape(-1, 1, 1, 1))
                op.W = torch.from_numpy(W.astype(np.float32).astype(np.float64))
                op.b = torch.from_numpy((op.b.numpy() * s + tt).astype(np.float32).astype(np.float64))
                op.has_bias = True
                retarget(op, n.outputs[0])
                continue
            elif t == "Add":
                done = False
                for side in (0, 1):
                    y, other = n.inputs[side], n.inputs[1 - side]
                    op = c_op(y)
                    if op is None or op.act is not None:
                        continue
                    if other in inits:
                        k = inits[other].astype(np.float64)
                        ch = op.W.shape[0] if op.kind == "conv" else op.W.shape[-1]
                        cdim_from_end = 3 if op.kind == "conv" else 1  # NCHW: C is 3rd from end
                        kk = k.reshape((1,) * max(0, cdim_from_end - k.ndim) + k.shape)
                        shp = kk.shape
                        ok = all(d == 1 for i, d in enumerate(shp) if i != len(shp) - cdim_from_end)
                        cd = shp[len(shp) - cdim_from_end] if len(shp) >= cdim_from_end else 1
                        if ok and cd in (1, ch):
                            vals = np.broadcast_to(kk.reshape(-1), (ch,)) if cd == 1 else kk.reshape(-1)
                            op.b = op.b + torch.from_numpy(vals.astype(np.float64))
                            op.has_bias = True
                            retarget(op, n.outputs[0])
                            done = True
                            break
                    elif op.residual is None:
                        op.residual = other
                        # The fused op now runs where the add is.
                        ops.remove(op)
                        ops.append(op)
                        retarget(op, n.outputs[0])
                        done = True
                        break
                if done:
                    continue
                op = FOp("add", n.name, list(n.inputs), n.outputs[0], n)
            elif t in ("Relu", "Clip", "LeakyRelu") and c_op(n.inputs[0]) is not None:
                op = c_op(n.inputs[0])
                if t == "LeakyRelu":
                    if op.act is not None:
                        raise NotImplementedError("LeakyRelu after an activation")
                    op.act = ("leaky", float(n.attrs.get("alpha", 0.01)))
                else:
                    lo, hi = self._clip_bounds(n, inits)
                    if op.act is not None and op.act[0] == "clip":
                        plo, phi = op.act[1], op.act[2]
                        lo = plo if lo is None else (lo if plo is None else max(lo, plo))
                        hi = phi if hi is None else (hi if phi is None else min(hi, phi))
                    elif op.act is not None:
                        raise NotImplementedError("Clip after LeakyRelu")
                    op.act = ("clip", lo, hi)
                retarget(op, n.outputs[0])
                continue
            elif t in ("Relu", "Clip"):
                op = FOp("clip", n.name, [n.inputs[0]], n.outputs[0], n)
                op.act = ("clip",) + self._clip_bounds(n, inits)
            elif t == "MaxPool":
                op = FOp("maxpool", n.name, [n.inputs[0]], n.outputs[0], n)
            elif t == "AveragePool":
                op = FOp("avgpool", n.name, [n.inputs[0]], n.outputs[0], n)
            elif t == "GlobalAveragePool":
                op = FOp("mean", n.name, [n.inputs[0]], n.outputs[0], n)
            elif t in ("Reshape", "Flatten", "Identity", "Transpose", "Squeeze", "Unsqueeze"):
                op = FOp("move", n.name, [n.inputs[0]], n.outputs[0], n)
                if t == "Reshape":
                    op.shape = [int(v) for v in inits[n.inputs[1]].reshape(-1)]
            else:
                raise NotImplementedError("qsim: op %s (node %s)" % (t, n.name))
            ops.append(op)
            prod[op.output] = op
        self.ops = ops
        self.prod = {op.output: op for op in ops}
        self._classify(uses)

    @staticmethod
    def _clip_bounds(n, inits):
        if n.op_type == "Relu":
            return (0.0, None)
        if "min" in n.attrs or "max" in n.attrs:
            return (n.attrs.get("min"), n.attrs.get("max"))
        lo = float(inits[n.inputs[1]]) if len(n.inputs) > 1 and n.inputs[1] else None
        hi = float(inits[n.inputs[2]]) if len(n.inputs) > 2 and n.inputs[2] else None
        return (lo, hi)

    def _classify(self, uses):
        """Which tensors get their own u8 range ('own'), keep their input's
        codes ('keep'), or stay s32 ('wide' contraction, 'widemean' mean)."""
        for op in self.ops:
            op.qkind = "keep" if op.kind in ("maxpool", "move", "clip") else "own"
        # Model output: back through moves and means to a single-use contraction.
        t = self.output_name
        count, means = 1, []
        while t in self.prod:
            op = self.prod[t]
            if uses.get(op.output, 0) != 1:
                break
            if op.kind == "move":
                t = op.inputs[0]
            elif op.kind == "mean":
                means.append(op)
                t = op.inputs[0]
                count *= -1  # resolved at run time from the shape
            elif op.kind == "avgpool":
                means.append(op)
                t = op.inputs[0]
            else:
                break
        op = self.prod.get(t)
        if op is not None and op.contraction and uses.get(op.output, 0) == 1:
            op.qkind = "wide"
            for m in means:
                m.qkind = "widemean"
            self.wide_op = op
        else:
            self.wide_op = None

    # ------------------------------------------------------------ introspection
    def own_tensors(self):
        """Names of the tensors with their own calibrated u8 range (incl. the input)."""
        return [self.input_name] + [op.output for op in self.ops if op.qkind in ("own", "wide")]

    def contractions(self):
        return [op for op in self.ops if op.contraction]

    def params_of(self, qp, t):
        """(scale, zero point) of tensor t under qp (following 'keep' ops)."""
        while t in self.prod and self.prod[t].qkind == "keep":
            t = self.prod[t].inputs[0]
        return qp.act[t]

    def source_of(self, t):
        while t in self.prod and self.prod[t].qkind == "keep":
            t = self.prod[t].inputs[0]
        return t

    # -------------------------------------------------------------- quantize
    def quantize(self, ranges, wq=True, aq=True, exact=True, weights=None):
        """QParams from activation ranges {tensor: (lo, hi)}.

        wq / aq: True, False, or a set of op output names / tensor names for
        which weights / activations are quantized. exact: integer emulation
        (needs everything quantized); else float64 fake quantization.
        weights: {op output: integer weight codes} to override the rounding
        (AdaRound); the scales stay max|W|/127.
        """
        qp = QParams()
        qp.exact = exact
        for t in self.own_tensors():
            lo, hi = ranges[t]
            qp.act[t] = u8_params(lo, hi)
            qp.range[t] = (lo, hi)
            qp.aq[t] = aq is True or (aq is not False and t in aq)
        for op in self.contractions():
            if op.qkind == "wide":
                lo, hi = qp.range[op.output]
                m = max(abs(lo), abs(hi))
                qp.act[op.output] = (m / float(1 << 24) if m > 0 else 1.0, 0)
        for op in self.contractions():
            on = wq is True or (wq is not False and op.output in wq)
            W = op.W
            if op.kind == "conv":
                mx = W.abs().reshape(W.shape[0], -1).amax(1)
            else:
                mx = W.abs().reshape(-1, W.shape[-1]).amax(0)
            sw = torch.where(mx > 0, mx / 127.0, torch.ones_like(mx))
            shp = (-1, 1, 1, 1) if op.kind == "conv" else (1, -1)
            # quantc divides the float32 weight by the double scale.
            Wf = W.to(torch.float32).to(DT)
            if weights is not None and op.output in weights:
                codes = weights[op.output].to(DT)
            else:
                codes = torch.clamp(torch.round(Wf / sw.reshape(shp)), -127, 127)
            qp.w[op.output] = dict(on=on, sw=sw, codes=codes, shp=shp,
                                   Wq=codes * sw.reshape(shp) if on else W)
        if exact and not (wq is True and aq is True):
            raise ValueError("exact=True needs wq=True and aq=True")
        return qp

    # ------------------------------------------------------------------- run
    def run(self, x, qp=None, capture=(), stop=None, start_env=None, hook=None):
        """Runs the fused graph on x (numpy or tensor, NCHW).

        qp None: float (float64). Returns the output tensor (logits), or a dict
        {name: tensor} with the output under self.output_name when `capture`
        is given. Tensors are real values (codes dequantized).
        stop: op output name after which to stop.  hook(op, y) -> y or None.
        """
        env = dict(start_env or {})
        if self.input_name not in env:
            xt = torch.as_tensor(x)
            if qp is not None and qp.aq.get(self.input_name, False):
                s, z = qp.act[self.input_name]
                # The artifact's boundary: round half to even, clamp.
                q = torch.clamp(torch.round(xt.to(DT) / s) + z, 0, 255)
                xt = (q - z) * s
            env[self.input_name] = xt.to(self.cdt)
        out = {}
        for op in self.ops:
            if op.output in env and start_env is not None and op.output in start_env:
                continue
            y = self._run_op(op, env, qp)
            if hook is not None:
                r = hook(op, y)
                if r is not None:
                    y = r
            env[op.output] = y
            if op.output in capture:
                out[op.output] = y
            if stop is not None and op.output == stop:
                break
        if capture or stop is not None:
            out.update({k: env[k] for k in capture if k in env})
            if self.output_name in env:
                out[self.output_name] = env[self.output_name]
            return out
        return env[self.output_name]

    def _conv_raw(self, op, x, W, b):
        """Float conv/matmul with bias, in x's type."""
        W = W.to(x.dtype)
        b = None if b is None else b.to(x.dtype)
        if op.kind == "conv":
            a = op.attrs
            strides = list(a.get("strides", [1, 1]))
            dil = list(a.get("dilations", [1, 1]))
            pads = _spatial_pads(a, x, list(W.shape[2:]), strides, dil)
            if any(pads):
                x = F.pad(x, _torch_pad_list(pads))
            return F.conv2d(x, W, b, stride=strides, dilation=dil, groups=int(a.get("group", 1)))
        y = torch.matmul(x, W)
        return y if b is None else y + b

    def _run_op(self, op, env, qp):
        ins = [env[i] for i in op.inputs]
        k = op.kind
        if k == "move":
            x = ins[0]
            t = op.node.op_type
            if t == "Reshape":
                shape = list(op.shape)
                shape = [x.shape[i] if s == 0 else s for i, s in enumerate(shape)]
                if shape[0] == 1 and x.shape[0] != 1 and -1 not in shape:
                    shape[0] = x.shape[0]
                return x.reshape(shape)
            if t == "Flatten":
                ax = int(op.attrs.get("axis", 1))
                return x.reshape(int(np.prod(x.shape[:ax])), -1)
            if t == "Transpose":
                return x.permute(*op.attrs["perm"])
            if t == "Squeeze":
                return x.squeeze(tuple(op.attrs.get("axes", [])) or None)
            return x
        if k == "maxpool":
            x = ins[0]
            a = op.attrs
            ks = list(a["kernel_shape"])
            st = list(a.get("strides", [1, 1]))
            pads = _spatial_pads(a, x, ks, st, [1, 1])
            if any(pads):
                # quantc pads with code 0, i.e. the range's lower end; in float -inf.
                if qp is not None and qp.aq.get(self.source_of(op.inputs[0]), False):
                    s, z = self.params_of(qp, op.inputs[0])
                    fill = -z * s
                else:
                    fill = -math.inf
                x = F.pad(x, _torch_pad_list(pads), value=fill)
            if a.get("ceil_mode", 0):
                raise NotImplementedError("ceil_mode")
            return F.max_pool2d(x, ks, st)
        if k == "clip":
            lo, hi = op.act[1], op.act[2]
            y = ins[0]
            if qp is not None and qp.aq.get(self.source_of(op.inputs[0]), False):
                s, z = self.params_of(qp, op.inputs[0])
                c = torch.round(y / s) + z
                lo_c = 0 if lo is None else max(0, z + round_half_even(lo / s))
                hi_c = 255 if hi is None else min(255, z + round_half_even(hi / s))
                return (torch.clamp(c, lo_c, hi_c) - z) * s
            return torch.clamp(y, lo, hi)
        if k in ("mean", "avgpool"):
            x = ins[0]
            if k == "mean":
                y = x.mean(dim=(2, 3), keepdim=True)
            else:
                y = self._avgpool(op, x)
            if qp is None:
                return y
            if op.qkind == "widemean":
                s, _ = self.params_of(qp, op.inputs[0])
                if qp.exact and k == "mean":
                    acc = torch.round(x.to(DT) / s).to(torch.int64).sum(dim=(2, 3), keepdim=True)
                    return requant_int(acc, 1.0 / (x.shape[2] * x.shape[3]), 0,
                                       -2 ** 31, INT32_MAX).to(DT) * s
                # codes: floor(sum / count + 1/2) at the contraction's s32 scale
                return torch.floor(y.to(DT) / s + 0.5) * s
            if not qp.aq[op.output]:
                return y
            s, z = qp.act[op.output]
            if qp.exact and k == "mean":
                s_in, _ = self.params_of(qp, op.inputs[0])
                acc = torch.round(x / s_in).to(torch.int64).sum(dim=(2, 3), keepdim=True)
                q = requant_int(acc, s_in / (s * x.shape[2] * x.shape[3]), z, 0, 255)
                return (q.to(self.cdt) - z) * s
            return (torch.clamp(torch.floor(y / s + 0.5) + z, 0, 255) - z) * s
        if k == "add":
            y = ins[0] + ins[1]
            if qp is None or not qp.aq[op.output]:
                return y
            s, z = qp.act[op.output]
            return (torch.clamp(torch.floor(y / s + 0.5) + z, 0, 255) - z) * s
        if op.contraction:
            return self._contraction(op, env, ins[0], qp)
        raise NotImplementedError(k)

    def _avgpool(self, op, x):
        a = op.attrs
        ks = list(a["kernel_shape"])
        st = list(a.get("strides", [1, 1]))
        pads = _spatial_pads(a, x, ks, st, [1, 1])
        if a.get("ceil_mode", 0):
            raise NotImplementedError("ceil_mode")
        if any(pads):
            xp = F.pad(x, _torch_pad_list(pads))
            if a.get("count_include_pad", 0):
                return F.avg_pool2d(xp, ks, st)
            ones = F.pad(torch.ones((1, 1) + tuple(x.shape[2:]), dtype=x.dtype), _torch_pad_list(pads))
            return F.avg_pool2d(xp, ks, st) / F.avg_pool2d(ones, ks, st)
        return F.avg_pool2d(x, ks, st)

    def _contraction(self, op, env, x, qp):
        res = env[op.residual] if op.residual else None
        if qp is None:
            y = self._conv_raw(op, x, op.W, op.b)
            return self._epilogue_float(op, y, res)
        w = qp.w[op.output]
        src = self.source_of(op.inputs[0])
        in_q = qp.aq.get(src, False)
        s_in, z_in = self.params_of(qp, op.inputs[0]) if in_q else (None, None)
        if w["on"] and in_q:
            sb = s_in * w["sw"]
            bq = torch.round(op.b / sb) * sb if op.has_bias else op.b * 0
        else:
            bq = op.b
        if op.qkind == "wide":
            if not qp.aq.get(op.output, True):
                return self._epilogue_float(op, self._conv_raw(op, x, w["Wq"], bq), res)
            s, z = qp.act[op.output]
            count = self._wide_count(op, x) if qp.wide_bound else 1
            bound = INT32_MAX // max(count, 1)
            if qp.exact:
                return self._contraction_exact(op, x, res, qp, w, s_in, z_in, (s, 0, -bound, bound))
            y = self._epilogue_float(op, self._conv_raw(op, x, w["Wq"], bq), res).to(DT)
            return torch.clamp(torch.floor(y / s + 0.5), -bound, bound) * s
        out_q = qp.aq.get(op.output, False)
        if qp.exact:
            return self._contraction_exact(op, x, res, qp, w, s_in, z_in)
        y = self._conv_raw(op, x, w["Wq"], bq)
        if not out_q:
            return self._epilogue_float(op, y, res)
        s, z = qp.act[op.output]
        if op.act is not None and op.act[0] == "leaky":
            y = torch.where(y >= 0, y, y * op.act[1])
        if res is not None:
            y = y + res
        lo_c, hi_c = self._clamp_codes(op, s, z)
        return (torch.clamp(torch.floor(y / s + 0.5) + z, lo_c, hi_c) - z) * s

    def _wide_count(self, op, x):
        """Values a later mean sums (quantc's i32Type sumCount), from the shapes."""
        count = 1
        for o in self.ops:
            if o.qkind == "widemean":
                if o.kind == "mean":
                    sp = self._out_spatial(op, x)
                    count *= sp[0] * sp[1]
                else:
                    ks = o.attrs["kernel_shape"]
                    count *= ks[0] * ks[1]
        return count

    def _out_spatial(self, op, x):
        if op.kind != "conv":
            return (1, 1)
        a = op.attrs
        strides = list(a.get("strides", [1, 1]))
        dil = list(a.get("dilations", [1, 1]))
        ks = list(op.W.shape[2:])
        pads = _spatial_pads(a, x, ks, strides, dil)
        return tuple((x.shape[2 + i] + pads[i] + pads[2 + i] - (ks[i] - 1) * dil[i] - 1) // strides[i] + 1
                     for i in range(2))

    def _clamp_codes(self, op, s, z):
        lo_c, hi_c = 0, 255
        if op.act is not None and op.act[0] == "clip":
            if op.act[1] is not None:
                lo_c = max(lo_c, z + round_half_even(op.act[1] / s))
            if op.act[2] is not None:
                hi_c = min(hi_c, z + round_half_even(op.act[2] / s))
        return lo_c, max(lo_c, hi_c)

    def _epilogue_float(self, op, y, res):
        if op.act is not None and op.act[0] == "leaky":
            y = torch.where(y >= 0, y, y * op.act[1])
        if res is not None:
            y = y + res
        if op.act is not None and op.act[0] == "clip":
            y = torch.clamp(y, op.act[1], op.act[2])
        return y

    def _int_conv(self, op, xc, wc):
        """Exact integer contraction of codes (|x| <= 255, |w| <= 127) -> int64.
        In float64 directly; in float32 x is split as 16 xh + xl so that every
        partial sum stays below 2^24 (exact for up to 8256 taps)."""
        if xc.dtype == torch.float64:
            return self._conv_raw(op, xc, wc, None).to(torch.int64)
        xh = torch.floor(xc / 16)
        xl = xc - 16 * xh
        hi = self._conv_raw(op, xh, wc, None).to(torch.int64)
        lo = self._conv_raw(op, xl, wc, None).to(torch.int64)
        return hi * 16 + lo

    def _contraction_exact(self, op, x, res, qp, w, s_in, z_in, outp=None):
        """Integer emulation: acc exact, dyadic requantization (Integerize.cpp).
        outp: (scale, zero point, lo code, hi code) to override the u8 output."""
        xc = torch.round(x / s_in)                     # q - z_in, exact integers
        sb = s_in * w["sw"]
        bcodes = torch.round(op.b / sb) if op.has_bias else torch.zeros_like(op.b)
        bcodes = torch.clamp(bcodes, -2 ** 31, INT32_MAX).to(torch.int64)
        acc = self._int_conv(op, xc, w["codes"])
        cshape = [1] * acc.dim()
        cshape[1 if op.kind == "conv" else -1] = -1
        acc = acc + bcodes.reshape(cshape)
        s, z = qp.act[op.output] if outp is None else outp[:2]
        factors = (s_in * w["sw"] / s).tolist()
        alpha = op.act[1] if op.act is not None and op.act[0] == "leaky" else None
        rfac = None
        if res is not None:
            s_r, z_r = self.params_of(qp, op.residual)
            rfac = s_r / s
        kk, m, mneg, mr = dyadic(factors, alpha, rfac)
        shp = cshape
        mt = torch.tensor(m, dtype=torch.int64).reshape(shp)
        t = acc * mt
        if alpha is not None:
            mn = torch.tensor(mneg, dtype=torch.int64).reshape(shp)
            t = torch.where(acc >= 0, t, acc * mn)
        if res is not None:
            rc = torch.round(res / s_r).to(torch.int64)   # r - z_r
            t = t + rc * mr
        if kk >= 1:
            t = torch.bitwise_right_shift(t + (1 << (kk - 1)), kk)
        lo_c, hi_c = self._clamp_codes(op, s, z) if outp is None else outp[2:]
        q = torch.clamp(t + z, lo_c, hi_c)
        # s32 outputs stay float64 (their codes exceed float32's 24 bits).
        return (q.to(DT if outp is not None else self.cdt) - z) * s


def requant_int(acc, factor, z, lo, hi):
    """clamp(z + rshift_round(acc * m, k), lo, hi) for one factor (int64 tensors)."""
    k, m, _, _ = dyadic([factor])
    t = acc * m[0]
    if k >= 1:
        t = torch.bitwise_right_shift(t + (1 << (k - 1)), k)
    return torch.clamp(t + z, lo, hi)


class QParams:
    def __init__(self):
        self.act = {}     # tensor -> (scale, zero point)
        self.range = {}   # tensor -> (lo, hi) as given
        self.aq = {}      # tensor -> quantized?
        self.w = {}       # contraction output -> weight quantization
        self.exact = True
        self.wide_bound = True  # emulate quantc's INT32_MAX / count clamp of the s32 logits


def round_half_even(v):
    return int(np.round(v))


def u8_params(lo, hi):
    """Calibration.cpp u8Params: range extended to 0, scale (hi-lo)/255, z = nearbyint(-lo/s)."""
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    if not (hi - lo > 1e-12):
        return (1.0, 0)
    s = (hi - lo) / 255.0
    z = int(min(255, max(0, round_half_even(-lo / s))))
    return (s, z)


def dyadic(factors, alpha=None, rfac=None):
    """Dyadic.cpp / Integerize.cpp makeRequant: shared shift k, multipliers."""
    allf = list(factors)
    if alpha is not None:
        allf += [abs(alpha) * f for f in factors]
    if rfac is not None:
        allf.append(abs(rfac))
    largest = max(abs(f) for f in allf) if allf else 0.0
    if not (largest > 0) or not math.isfinite(largest):
        k = 0
    else:
        _, e = math.frexp(largest)
        k = 31 - e
        if round_half_even(math.ldexp(largest, k)) >= 2147483648:
            k -= 1
        k = min(max(k, 0), 62)

    def mult(f):
        v = round_half_even(math.ldexp(f, k))
        return max(-2147483648, min(INT32_MAX, v))
    m = [mult(f) for f in factors]
    mneg = [mult(alpha * f) for f in factors] if alpha is not None else None
    mr = mult(rfac) if rfac is not None else 0
    return k, m, mneg, mr


# ------------------------------------------------------------------ calibration
def batches(x, bs):
    for i in range(0, len(x), bs):
        yield i, torch.from_numpy(np.ascontiguousarray(x[i:i + bs]))


class Stats:
    """Per-tensor min/max and a 2048-bin histogram over [min, max] (quantc's)."""
    BINS = 2048

    def __init__(self):
        self.min, self.max = math.inf, -math.inf
        self.hist = None


def calibrate(qm, x, bs=10, hist=True, qp=None, tensors=None):
    """Two passes like quantc-calibrate: min/max, then histograms. qp: calibrate
    the quantized model instead (sequential calibration)."""
    tensors = tensors or qm.own_tensors()
    stats = {t: Stats() for t in tensors}
    cap = [t for t in tensors if t != qm.input_name]
    with torch.no_grad():
        for _, xb in batches(x, bs):
            out = qm.run(xb, qp, capture=cap)
            out[qm.input_name] = xb.to(DT)
            for t in tensors:
                v = out[t]
                st = stats[t]
                st.min = min(st.min, float(v.min()))
                st.max = max(st.max, float(v.max()))
        if hist:
            for t in tensors:
                stats[t].hist = np.zeros(Stats.BINS, np.int64)
            for _, xb in batches(x, bs):
                out = qm.run(xb, qp, capture=cap)
                out[qm.input_name] = xb.to(DT)
                for t in tensors:
                    st = stats[t]
                    v = out[t].reshape(-1)
                    w = (st.max - st.min) / Stats.BINS
                    if not w > 0:
                        st.hist[0] += v.numel()
                        continue
                    b = torch.clamp(((v - st.min) / w).to(torch.int64), 0, Stats.BINS - 1)
                    st.hist += torch.bincount(b, minlength=Stats.BINS).numpy()
    return stats


def minmax_ranges(stats):
    return {t: (s.min, s.max) for t, s in stats.items()}


def load_quantc_ranges(qm, calib_json):
    """Ranges from quantc's --save-calib file, matched by ONNX node name."""
    d = json.load(open(calib_json))
    bykey = {}
    for t in d["tensors"]:
        kind, rest = t["key"].split("@", 1) if "@" in t["key"] else ("arg", t["key"][4:])
        name = rest.rsplit("#", 1)[0]
        bykey.setdefault(name, {})[kind] = (t["min"], t["max"])
    ranges = {}
    for t in qm.own_tensors():
        if t == qm.input_name:
            ranges[t] = bykey[t]["arg"]
            continue
        op = qm.prod[t]
        cand = bykey.get(op.name, {})
        want = {"conv": "qc.conv2d", "matmul": "qc.matmul", "mean": "qc.reduce_mean",
                "avgpool": "qc.avg_pool2d", "add": "qc.add"}[op.kind]
        if want not in cand:
            raise KeyError("no quantc range for %s (%s)" % (t, op.name))
        ranges[t] = cand[want]
    return ranges


# ---------------------------------------------------------------------- metrics
def metrics(q, ref, labels):
    n = len(labels)
    q = np.asarray(q, np.float64).reshape(n, -1)
    f = np.asarray(ref, np.float64).reshape(n, -1)
    noise = ((q - f) ** 2).sum()
    sqnr = float("inf") if noise == 0 else 10 * np.log10((f ** 2).sum() / noise)
    qa, fa = q.argmax(1) == labels, f.argmax(1) == labels
    g, l = int((qa & ~fa).sum()), int((~qa & fa).sum())
    return dict(top1=100 * qa.mean(), fp32=100 * fa.mean(), delta=100 * (qa.mean() - fa.mean()),
                agree=100 * (q.argmax(1) == f.argmax(1)).mean(), sqnr=sqnr, gained=g, lost=l,
                ci=100 * 1.96 * math.sqrt(g + l) / n, n=n)


def paired(a_logits, b_logits, labels):
    """Paired comparison of two quantized variants on top-1: (a only right, b only right,
    delta points, 95% half-width, exact two-sided McNemar p)."""
    n = len(labels)
    a = np.asarray(a_logits).reshape(n, -1).argmax(1) == labels
    b = np.asarray(b_logits).reshape(n, -1).argmax(1) == labels
    ao, bo = int((a & ~b).sum()), int((~a & b).sum())
    return dict(a_only=ao, b_only=bo, delta=100 * (ao - bo) / n,
                ci=100 * 1.96 * math.sqrt(ao + bo) / n, p=mcnemar_p(ao, bo))


def mcnemar_p(b, c):
    n = b + c
    if n == 0:
        return 1.0
    k = min(b, c)
    p = sum(math.comb(n, i) for i in range(0, k + 1)) / 2 ** n
    return min(1.0, 2 * p)


def fmt(m):
    return "top1 %.2f (%+.2f ±%.2f, +%d/-%d) agree %.2f sqnr %.2f" % (
        m["top1"], m["delta"], m["ci"], m["gained"], m["lost"], m["agree"], m["sqnr"])


def run_model(qm, x, qp=None, bs=25):
    outs = []
    with torch.no_grad():
        for _, xb in batches(x, bs):
            outs.append(qm.run(xb, qp).reshape(len(xb), -1).numpy())
    return np.concatenate(outs)


# ------------------------------------------------------------------------- CLI
def load_data(model, data_dir, limit=0):
    d = {}
    for split in ("calib", "eval"):
        d[split] = np.load(os.path.join(data_dir, "%s.%s.npy" % (model, split)))
        d[split + "_labels"] = np.load(os.path.join(data_dir, "%s.%s.labels.npy" % (model, split)))
    if limit:
        d["eval"] = d["eval"][:limit]
        d["eval_labels"] = d["eval_labels"][:limit]
    return d


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("model")
    p.add_argument("--data", default="/tmp/qr/data")
    p.add_argument("--runs", default="/tmp/qr/runs")
    p.add_argument("--limit", type=int, default=0)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--bs", type=int, default=25)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    qm = QModel(os.path.join(MODELS_DIR, a.model + ".onnx"))
    d = load_data(a.model, a.data, a.limit)
    rd = os.path.join(a.runs, a.model)
    out = "logits" if a.model != "mnist-8" else "Plus214_Output_0"
    ref = np.load(os.path.join(rd, "fp32", out + ".npy"))[:len(d["eval"])]
    qc = np.load(os.path.join(rd, "quantc_minmax", out + ".npy"))[:len(d["eval"])]
    lab = d["eval_labels"]
    t0 = time.time()
    fl = run_model(qm, d["eval"], None, a.bs)
    print("float fused graph vs ORT: max rel err %.2e (%.0f s)" % (
        np.abs(fl - ref.reshape(fl.shape)).max() / np.abs(ref).max(), time.time() - t0))
    print("quantc     :", fmt(metrics(qc, ref, lab)))
    t0 = time.time()
    st = calibrate(qm, d["calib"], hist=False)
    own = minmax_ranges(st)
    qcr = load_quantc_ranges(qm, os.path.join(rd, "calib.json"))
    worst = max(abs(own[t][0] - qcr[t][0]) + abs(own[t][1] - qcr[t][1]) for t in own)
    print("calibration: %d tensors, max |own - quantc| range difference %.2e (%.0f s)" % (
        len(own), worst, time.time() - t0))
    for name, rng in (("quantc ranges", qcr), ("own ranges", own)):
        t0 = time.time()
        qp = qm.quantize(rng)
        sim = run_model(qm, d["eval"], qp, a.bs)
        sim = sim.astype(np.float32).astype(np.float64)  # the artifact returns float32
        diff = np.abs(sim - qc.reshape(sim.shape))
        print("sim (%s): %s  (%.0f s)" % (name, fmt(metrics(sim, ref, lab)), time.time() - t0))
        print("   vs quantc: max |diff| %.3g (logit scale %.3g), identical rows %d/%d, "
              "argmax equal %d/%d, SQNR(sim vs quantc) %.1f dB" % (
                  diff.max(), np.abs(qc).max(), int((diff.max(1) == 0).sum()), len(sim),
                  int((sim.argmax(1) == qc.reshape(sim.shape).argmax(1)).sum()), len(sim),
                  10 * np.log10((qc ** 2).sum() / max(1e-30, (diff ** 2).sum()))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
