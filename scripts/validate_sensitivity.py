#!/usr/bin/python3
"""quantc's Hessian traces against PyTorch's Hutchinson estimate.

    /usr/bin/python3 scripts/validate_sensitivity.py MODEL.onnx REPORT.json \\
        --calib-data X.npy [--labels Y.npy] [--probes 200] [--seed 0] \\
        [--threads 2] [--json OUT.json]

REPORT.json is `quantc MODEL.onnx --sensitivity --calib-data X.npy
[--labels Y.npy]` on the same data. The ONNX graph runs in torch through
tools/quantc-distill/onnx_torch.py (an interpreter of the graph; PyTorch is
the oracle here, not part of quantc), with the report's weight initializers
as parameters; each probe is a Rademacher vector v over all of them and
v_i . (H v)_i from double backward (exact Hessian-vector products), the loss
the mean cross-entropy against the labels or, without labels, the
cross-entropy against the model's own softmax (KL's Hessian). Prints every
layer's two traces and the Spearman rank correlation of the two lists.
The model's weights must be the ones quantc differentiates (no
BatchNormalization left to fold).
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools", "quantc-distill"))
from onnx_torch import OnnxModule  # noqa: E402


def ranks(v):
    order = np.argsort(v, kind="stable")
    r = np.empty(len(v))
    r[order] = np.arange(len(v))
    # average ties
    for val in np.unique(v):
        idx = np.where(v == val)[0]
        if len(idx) > 1:
            r[idx] = r[idx].mean()
    return r


def spearman(a, b):
    ra, rb = ranks(np.asarray(a)), ranks(np.asarray(b))
    return float(np.corrcoef(ra, rb)[0, 1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model")
    ap.add_argument("report")
    ap.add_argument("--calib-data", required=True)
    ap.add_argument("--labels")
    ap.add_argument("--probes", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--json")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    report = json.load(open(a.report))
    m = OnnxModule(a.model)
    names = [l["weight"] for l in report["layers"]]
    params = []
    for n in names:
        p = m.initializer(n)
        p.requires_grad_(True)
        params.append(p)
    x = torch.from_numpy(np.load(a.calib_data).astype(np.float32))
    x = x[: report["samples"]]
    with torch.no_grad():
        z = m(x)
    if z.dim() > 2:
        z = z.reshape(z.shape[0], -1)
    # A softmax output: its log is the log-softmax of its input.
    probabilities = bool((z >= 0).all()) and torch.allclose(
        z.sum(1), torch.ones(z.shape[0]), atol=1e-3)
    if a.labels:
        y = torch.from_numpy(np.load(a.labels).astype(np.int64))[: x.shape[0]]
        target = F.one_hot(y, z.shape[1]).float()
    else:
        target = (z if probabilities else F.softmax(z, 1)).detach()

    def loss_fn():
        s = m(x).reshape(x.shape[0], -1)
        logp = torch.log(s.clamp_min(1e-45)) if probabilities else F.log_softmax(s, 1)
        return -(target * logp).sum() / x.shape[0]

    g = torch.Generator().manual_seed(a.seed)
    sums = np.zeros(len(params))
    sq = np.zeros(len(params))
    t0 = time.time()
    for k in range(a.probes):
        loss = loss_fn()
        grads = torch.autograd.grad(loss, params, create_graph=True)
        vs = [(torch.randint(0, 2, p.shape, generator=g) * 2 - 1).to(p.dtype) for p in params]
        dot = sum((gi * vi).sum() for gi, vi in zip(grads, vs))
        hv = torch.autograd.grad(dot, params)
        est = np.array([(h * v).sum().item() for h, v in zip(hv, vs)])
        sums += est
        sq += est * est
        print("\rprobe %d/%d (%.1f s)" % (k + 1, a.probes, time.time() - t0), end="", file=sys.stderr)
    print(file=sys.stderr)
    n = a.probes
    mean = sums / n
    stderr = np.sqrt(np.maximum(sq / n - mean * mean, 0) / max(n - 1, 1))
    ours = np.array([l["trace"] for l in report["layers"]])
    print("%-4s %-60s %12s %12s %8s" % ("#", "weight", "quantc", "torch", "ratio"))
    for i, l in enumerate(report["layers"]):
        print("%-4d %-60s %12.5g %12.5g %8.3f" % (i, l["weight"][:60], ours[i], mean[i],
                                                  ours[i] / mean[i] if mean[i] else float("nan")))
    rho = spearman(ours, mean)
    print("spearman %.4f over %d layers (quantc %d probes, torch %d probes, %d images)"
          % (rho, len(ours), report["probes"], n, x.shape[0]))
    if a.json:
        json.dump({"spearman": rho, "torch_probes": n, "torch_trace": mean.tolist(),
                   "torch_stderr": stderr.tolist(), "quantc_trace": ours.tolist(),
                   "weights": names}, open(a.json, "w"), indent=1)


if __name__ == "__main__":
    main()
