#!/usr/bin/python3
"""PyTorch oracle of quantc's loss gradients and Hessian traces.

    sensitivity_oracle.py make OUT_PREFIX [--softmax]
        a small CNN (strided conv + BatchNorm + ReLU, depthwise conv + ReLU6,
        1x1 conv + ReLU, global average pool, Gemm; --softmax: probabilities
        out) as OUT_PREFIX.onnx, 16 images OUT_PREFIX.calib.npy and labels
        OUT_PREFIX.labels.npy
    sensitivity_oracle.py grads OUT_PREFIX RUN_DIR
        checks quantc-run's outputs of `quantc --gradient` (RUN_DIR/loss.npy,
        RUN_DIR/grad_<w>.npy) against torch autograd; writes the inputs it
        needs first with `sensitivity_oracle.py inputs OUT_PREFIX`
    sensitivity_oracle.py probes OUT_PREFIX; sensitivity_oracle.py hvp OUT_PREFIX RUN_DIR
        `quantc --gradient --hessian-vector-product`'s H v for fixed probes
        against torch double backward
    sensitivity_oracle.py traces OUT_PREFIX REPORT.json [--labels] [--tol T]
        every layer's trace in quantc's --sensitivity report against the
        exact Hessian trace (torch double backward, float64), within T
        (default 0.05) relative

The network is written out twice, as ONNX and as torch functions on the
BatchNorm-folded weights (the weights sensitivity differentiates).
PyTorch is a test oracle only: quantc computes everything it checks.
"""
import json
import sys

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import TensorProto, helper, numpy_helper

torch.set_num_threads(1)
IMAGES = 16
EPS = 1e-5


def weights():
    rng = np.random.default_rng(12)
    w = {
        "w1": rng.normal(0, 0.4, [4, 3, 3, 3]),
        "b1": rng.normal(0, 0.1, [4]),
        "gamma": rng.uniform(0.5, 1.5, [4]),
        "beta": rng.normal(0, 0.2, [4]),
        "mean": rng.normal(0, 0.2, [4]),
        "var": rng.uniform(0.5, 2.0, [4]),
        "w2": rng.normal(0, 0.5, [4, 1, 3, 3]),
        "b2": rng.normal(0.5, 0.1, [4]),
        "w3": rng.normal(0, 0.5, [6, 4, 1, 1]),
        "b3": rng.normal(0.2, 0.1, [6]),
        "wf": rng.normal(0, 0.8, [5, 6]),
        "bf": rng.normal(0, 0.1, [5]),
    }
    return {k: v.astype(np.float32) for k, v in w.items()}


def folded(w):
    """The weights after quantc-fold-batchnorm (float64)."""
    s = w["gamma"].astype(np.float64) / np.sqrt(w["var"].astype(np.float64) + EPS)
    f = {k: v.astype(np.float64) for k, v in w.items()}
    f["w1"] = f["w1"] * s[:, None, None, None]
    f["b1"] = (f["b1"] - f["mean"]) * s + f["beta"]
    return f


LAYERS = ["w1", "w2", "w3", "wf"]


def make(prefix, softmax):
    w = weights()
    inits = [numpy_helper.from_array(v, k) for k, v in w.items()]
    nodes = [
        helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], name="conv1",
                         strides=[2, 2], pads=[1, 1, 1, 1]),
        helper.make_node("BatchNormalization", ["c1", "gamma", "beta", "mean", "var"],
                         ["n1"], name="bn1", epsilon=EPS),
        helper.make_node("Relu", ["n1"], ["r1"], name="relu1"),
        helper.make_node("Conv", ["r1", "w2", "b2"], ["c2"], name="dwconv",
                         group=4, pads=[1, 1, 1, 1]),
        helper.make_node("Clip", ["c2", "lo", "hi"], ["r2"], name="relu6"),
        helper.make_node("Conv", ["r2", "w3", "b3"], ["c3"], name="pwconv"),
        helper.make_node("Relu", ["c3"], ["r3"], name="relu3"),
        helper.make_node("GlobalAveragePool", ["r3"], ["g"], name="gap"),
        helper.make_node("Flatten", ["g"], ["f"], name="flatten"),
        helper.make_node("Gemm", ["f", "wf", "bf"], ["logits"], name="fc", transB=1),
    ]
    inits += [numpy_helper.from_array(np.array(0, np.float32), "lo"),
              numpy_helper.from_array(np.array(6, np.float32), "hi")]
    out = "logits"
    if softmax:
        nodes.append(helper.make_node("Softmax", ["logits"], ["prob"], name="softmax", axis=1))
        out = "prob"
    graph = helper.make_graph(
        nodes, "sensitivity_cnn",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 8, 8])],
        [helper.make_tensor_value_info(out, TensorProto.FLOAT, [1, 5])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    onnx.save(model, prefix + ".onnx")
    rng = np.random.default_rng(3)
    x = rng.normal(0, 1, [IMAGES, 3, 8, 8]).astype(np.float32)
    np.save(prefix + ".calib.npy", x)
    np.save(prefix + ".labels.npy", rng.integers(0, 5, [IMAGES]).astype(np.int64))


def scores(p, x):
    """The logits (a final softmax's input) of the folded network."""
    y = F.relu(F.conv2d(x, p["w1"], p["b1"], stride=2, padding=1))
    y = torch.clamp(F.conv2d(y, p["w2"], p["b2"], padding=1, groups=4), 0, 6)
    y = F.relu(F.conv2d(y, p["w3"], p["b3"]))
    y = y.mean(dim=(2, 3))
    return y @ p["wf"].T + p["bf"]


def params(dtype):
    return {k: torch.tensor(v, dtype=dtype, requires_grad=k in LAYERS)
            for k, v in folded(weights()).items()}


def targets(prefix, use_labels, p, x):
    if use_labels:
        labels = torch.tensor(np.load(prefix + ".labels.npy"))
        return F.one_hot(labels, 5).to(x.dtype)
    with torch.no_grad():
        return F.softmax(scores(p, x), dim=1)


def loss_sum(p, x, t):
    return -(t * F.log_softmax(scores(p, x), dim=1)).sum()


def inputs(prefix):
    f = folded(weights())
    for k in LAYERS:
        # Gemm's transB weight is the matmul's [K, N] in qc.
        v = f[k].T if k == "wf" else f[k]
        np.save("%s.%s.npy" % (prefix, k), np.ascontiguousarray(v, np.float32))
    labels = np.load(prefix + ".labels.npy")
    np.save(prefix + ".target.npy", np.eye(5, dtype=np.float32)[labels])


def compare_outputs(run_dir, stem, refs, what):
    """The largest error of RUN_DIR/<stem><w>.npy against torch's `refs`
    (one per layer), relative to each reference's largest element."""
    worst = 0.0
    for k, ref in zip(LAYERS, refs):
        q = np.load("%s/%s%s.npy" % (run_dir, stem, k)).astype(np.float64)
        ref = ref.numpy()
        if k == "wf":
            ref = ref.T  # Gemm's transB weight is the matmul's [K, N]
        err = np.abs(q - ref).max() / np.abs(ref).max()
        print("%s%s: max error %.2e of max %s %.3e" % (stem, k, err, what, np.abs(ref).max()))
        worst = max(worst, err)
    return worst


def report(worst):
    print("OK" if worst < 1e-4 else "FAIL (%.2e)" % worst)


def probes(prefix):
    """Rademacher probes (seed 5) for the --hessian-vector-product artifact."""
    rng = np.random.default_rng(5)
    for k in LAYERS:
        shape = folded(weights())[k].shape
        v = rng.choice([-1.0, 1.0], size=shape).astype(np.float32)
        if k == "wf":
            v = np.ascontiguousarray(v.T)
        np.save("%s.probe_%s.npy" % (prefix, k), v)


def hvp(prefix, run_dir):
    """quantc's H v against torch double backward (float64)."""
    p = params(torch.float64)
    x = torch.tensor(np.load(prefix + ".calib.npy"), dtype=torch.float64)
    t = targets(prefix, True, p, x)
    loss = loss_sum(p, x, t)
    ws = [p[k] for k in LAYERS]
    g = torch.autograd.grad(loss, ws, create_graph=True)
    vs = []
    for k in LAYERS:
        v = np.load("%s.probe_%s.npy" % (prefix, k)).astype(np.float64)
        vs.append(torch.tensor(v.T.copy() if k == "wf" else v))
    dot = sum((gi * vi).sum() for gi, vi in zip(g, vs))
    hv = torch.autograd.grad(dot, ws)
    report(compare_outputs(run_dir, "hvp_", hv, "|Hv|"))


def grads(prefix, run_dir):
    p = params(torch.float64)
    x = torch.tensor(np.load(prefix + ".calib.npy"), dtype=torch.float64)
    t = targets(prefix, True, p, x)
    loss = loss_sum(p, x, t)
    g = torch.autograd.grad(loss, [p[k] for k in LAYERS])
    got = float(np.load(run_dir + "/loss.npy").reshape(-1)[0])
    worst = abs(got - loss.item()) / abs(loss.item())
    print("loss: quantc %.6f torch %.6f" % (got, loss.item()))
    report(max(worst, compare_outputs(run_dir, "grad_", g, "|g|")))


def traces(prefix, report_path, use_labels, tol):
    report = json.load(open(report_path))
    p = params(torch.float64)
    x = torch.tensor(np.load(prefix + ".calib.npy"), dtype=torch.float64)
    t = targets(prefix, use_labels, p, x)
    loss = loss_sum(p, x, t) / IMAGES
    print("loss: quantc %.6f torch %.6f (%s, %d probes)" % (
        report["loss"], loss.item() if use_labels else 0.0,
        report["loss_kind"], report["probes"]))
    ok = abs(report["loss"] - (loss.item() if use_labels else 0.0)) < 1e-4
    layers = {l["weight"]: l for l in report["layers"]}
    for k in LAYERS:
        w = p[k]
        (g,) = torch.autograd.grad(loss, w, create_graph=True)
        g = g.reshape(-1)
        exact = 0.0
        for j in range(g.numel()):
            (h,) = torch.autograd.grad(g[j], w, retain_graph=True)
            exact += h.reshape(-1)[j].item()
        got = layers[k]["trace"]
        rel = abs(got - exact) / abs(exact)
        print("%s: params %d trace %.5g exact %.5g relative error %.4f (stderr %.3g)"
              % (k, layers[k]["params"], got, exact, rel, layers[k]["trace_stderr"]))
        ok &= rel <= tol and layers[k]["params"] == w.numel()
    print("OK" if ok else "FAIL")


def main():
    cmd, prefix = sys.argv[1], sys.argv[2]
    if cmd == "make":
        make(prefix, "--softmax" in sys.argv)
    elif cmd == "inputs":
        inputs(prefix)
    elif cmd == "probes":
        probes(prefix)
    elif cmd == "hvp":
        hvp(prefix, sys.argv[3])
    elif cmd == "grads":
        grads(prefix, sys.argv[3])
    elif cmd == "traces":
        tol = float(sys.argv[sys.argv.index("--tol") + 1]) if "--tol" in sys.argv else 0.05
        traces(prefix, sys.argv[3], "--labels" in sys.argv, tol)
    else:
        sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main()
