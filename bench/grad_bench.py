#!/usr/bin/python3
"""Loss + all weight gradients: quantc's compiled gradient against PyTorch
CPU autograd, same model, batch, threads and inputs.

    /usr/bin/python3 bench/grad_bench.py [--models resnet18 mobilenetv2_1.0_224]
                                         [--batch 32] [--threads 2] [--runs 5]

For each model (ResNet-18 exported here from Debian's python3-torchvision
with random weights, seed 0, BatchNorm folded by the export; MobileNetV2 of
../shared/models) it compiles `quantc MODEL --gradient --sensitivity-batch
B` (main(images, target, weights...) -> (loss, grad_<weight>...), the
function --sensitivity differentiates) and times `quantc-run --bench`; the
PyTorch side runs the same ONNX graph through tools/quantc-distill/onnx_torch.py
(F.conv2d, F.linear, ...) with the same weights as leaf tensors and times
loss.backward() over the same loss (-sum(target * log_softmax(scores))).
Both in child processes of this script, alternating; each number is the
median of --runs runs after one warm-up. Prints the table and the ratio
quantc / PyTorch (lower is better for quantc).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
BIN = os.path.join(ROOT, "build", "bin")
sys.path.insert(0, os.path.join(ROOT, "bench"))

TORCH_SIDE = r'''
import sys, time, json, numpy as np, torch, torch.nn.functional as F
sys.path.insert(0, sys.argv[1])
from onnx_torch import OnnxModule
model, batch, threads, runs = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
torch.set_num_threads(threads)
m = OnnxModule(model)
weights = json.loads(sys.argv[6])
params = [m.initializer(w) for w in weights]
for p in params:
    p.requires_grad_(True)
x = torch.from_numpy(np.random.default_rng(0).standard_normal((batch, 3, 224, 224)).astype(np.float32))
def step():
    for p in params:
        p.grad = None
    s = m(x).reshape(batch, -1)
    t = torch.full_like(s, 1.0 / s.shape[1])
    loss = -(t * F.log_softmax(s, 1)).sum()
    loss.backward()
step()
ts = []
for _ in range(runs):
    t0 = time.perf_counter(); step(); ts.append(time.perf_counter() - t0)
print(json.dumps({"median_ms": 1000 * sorted(ts)[len(ts) // 2]}))
'''


def export_resnet18(path):
    if os.path.exists(path):
        return
    import torch
    import torchvision
    torch.manual_seed(0)
    model = torchvision.models.resnet18(weights=None).eval()
    torch.onnx.export(model, torch.randn(1, 3, 224, 224), path,
                      input_names=["input"], output_names=["logits"],
                      opset_version=13)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--models", nargs="+", default=["resnet18", "mobilenetv2_1.0_224"])
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "quantc-grad-bench"))
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    rows = []
    for name in a.models:
        if name == "resnet18":
            onnx_path = os.path.join(a.work, "resnet18.onnx")
            export_resnet18(onnx_path)
        else:
            onnx_path = os.path.join(SHARED, "models", name + ".onnx")
        so = os.path.join(a.work, name + ".grad.so")
        subprocess.run([os.path.join(BIN, "quantc"), onnx_path, "--gradient",
                        "--sensitivity-batch", str(a.batch), "-o", so], check=True)
        info = subprocess.run([os.path.join(BIN, "quantc-run"), so, "--info"],
                              check=True, capture_output=True, text=True).stdout
        weights = [l.split()[1].rstrip(":") for l in info.splitlines()
                   if l.strip().startswith("input ")][2:]
        q = json.loads(subprocess.run(
            [os.path.join(BIN, "quantc-run"), so, "--bench", str(a.runs),
             "--threads", str(a.threads)],
            check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1])
        t = json.loads(subprocess.run(
            ["/usr/bin/python3", "-c", TORCH_SIDE, os.path.join(ROOT, "tools", "quantc-distill"),
             onnx_path, str(a.batch), str(a.threads), str(a.runs), json.dumps(weights)],
            check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1])
        rows.append((name, q["median_ms"], t["median_ms"]))
        print("%s: quantc %.0f ms, PyTorch %.0f ms, ratio %.2f" %
              (name, q["median_ms"], t["median_ms"], q["median_ms"] / t["median_ms"]), flush=True)
    print("\n| model | batch | threads | quantc (ms) | PyTorch autograd (ms) | quantc / PyTorch |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, q, t in rows:
        print("| %s | %d | %d | %.0f | %.0f | %.2f |" % (name, a.batch, a.threads, q, t, q / t))


if __name__ == "__main__":
    main()
