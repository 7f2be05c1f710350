#!/usr/bin/python3
"""Empirical against analytic bias correction, in qsim's simulator.

    /usr/bin/python3 scripts/qsim_empirical_bc.py MODEL [--data DIR] [--limit N]

DIR holds MODEL.{calib,eval}.npy and .labels.npy (scripts/prep_data.py with
--split calib / eval). Prints top-1, agreement and SQNR against the float
model on the eval images for: no correction; quantc's analytic correction
(d[o] = sum_i mean(x_i) sum_taps (Wq - W)[o, i], float input means); and the
empirical one (each contraction, in order, corrected by the per-channel mean
of its quantized minus float pre-activation output over the calibration
images, earlier corrections applied, quantized inputs included). Results in
docs/accuracy.md.
"""
import argparse
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qsim  # noqa: E402
from qsim import DT  # noqa: E402


def channel_mean(op, y):
    """Per-output-channel mean times the batch size (sums over batches)."""
    if op.kind == "conv":
        return y.mean(dim=(2, 3)).sum(0)
    flat = y.reshape(-1, y.shape[-1])
    return flat.mean(0) * y.shape[0]


def analytic(qm, ranges, x, orig):
    qp = qm.quantize(ranges)
    ins = [op.inputs[0] for op in qm.contractions()]
    sums, n = {}, 0
    with torch.no_grad():
        for _, xb in qsim.batches(x, 25):
            out = qm.run(xb, None, capture=ins)
            out[qm.input_name] = xb.to(DT)
            for op in qm.contractions():
                m = channel_mean(op, out[op.inputs[0]].to(DT))
                sums[op.output] = sums.get(op.output, 0) + m
            n += len(xb)
    for op in qm.contractions():
        if op.kind == "conv" and int(op.attrs.get("group", 1)) != 1:
            continue
        mean = sums[op.output] / n
        dW = qp.w[op.output]["Wq"] - op.W.to(DT)
        d = ((dW.sum(dim=(2, 3)) * mean.reshape(1, -1)).sum(1) if op.kind == "conv"
             else (dW * mean.reshape(-1, 1)).sum(0))
        op.b = (orig[op.output].to(DT) - d).to(op.b.dtype)
        op.has_bias = True


def empirical(qm, ranges, x, orig):
    qp = qm.quantize(ranges, exact=False)

    def float_input(xb, src):
        cur = {o.output: o.b for o in qm.contractions()}
        for o in qm.contractions():
            o.b = orig[o.output]
        v = qm.run(xb, None, capture=[src], stop=src)[src].to(DT)
        for o in qm.contractions():
            o.b = cur[o.output]
        return v

    for op in qm.contractions():
        src = op.inputs[0]
        total, n = 0, 0
        with torch.no_grad():
            for _, xb in qsim.batches(x, 25):
                if src == qm.input_name:
                    s, z = qp.act[src]
                    xq = (torch.clamp(torch.round(xb.to(DT) / s) + z, 0, 255) - z) * s
                    xf = xb.to(DT)
                else:
                    xq = qm.run(xb, qp, capture=[src], stop=src)[src].to(DT)
                    xf = float_input(xb, src)
                diff = (qm._conv_raw(op, xq, qp.w[op.output]["Wq"], None)
                        - qm._conv_raw(op, xf, op.W.to(DT), None))
                total = total + channel_mean(op, diff)
                n += len(xb)
        op.b = (op.b.to(DT) - total / n).to(op.b.dtype)
        op.has_bias = True


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("model")
    p.add_argument("--data", default="/tmp/qr/data")
    p.add_argument("--limit", type=int, default=0)
    a = p.parse_args()
    torch.set_num_threads(2)
    qm = qsim.QModel(os.path.join(qsim.MODELS_DIR, a.model + ".onnx"))
    d = qsim.load_data(a.model, a.data, a.limit)
    ref = qsim.run_model(qm, d["eval"], None)
    ranges = qsim.minmax_ranges(qsim.calibrate(qm, d["calib"], hist=False))
    orig = {op.output: op.b.clone() for op in qm.contractions()}
    had = {op.output: op.has_bias for op in qm.contractions()}
    logits = {}
    for name, fix in (("none", None), ("analytic", analytic), ("empirical", empirical)):
        for op in qm.contractions():
            op.b, op.has_bias = orig[op.output].clone(), had[op.output]
        if fix is not None:
            fix(qm, ranges, d["calib"], orig)
        logits[name] = qsim.run_model(qm, d["eval"], qm.quantize(ranges))
        print("%-10s %s" % (name, qsim.fmt(qsim.metrics(logits[name], ref, d["eval_labels"]))),
              flush=True)
    print("empirical vs analytic:", qsim.paired(logits["empirical"], logits["analytic"],
                                                d["eval_labels"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
