#!/usr/bin/python3
"""Checks tools/quantc-distill/onnx_torch.py against ONNX Runtime (node scripts/ort_run.js).

    /usr/bin/python3 scripts/test_onnx_torch.py [--work DIR]

Models: the four of ../shared/models on the first 32 images of their eval
split (prep_data.py tensors, made in --work), a torchvision
ResNet-18 (random weights, exported twice: BatchNormalization folded by the
exporter and kept as nodes) and a synthetic model with the remaining ops
(AveragePool with pads/ceil_mode, Pad, Concat, Gemm, Transpose, Softmax, Mul,
Sub, Div, Sigmoid, Reshape, ReduceMean, Slice), and mnist-8 dynamically
quantized (against quantc's float artifact). Also checks that gradients
reach the input and that batchnorms() lists the BatchNormalization nodes.
Pass: relative max error below 1e-5 of the output's magnitude.
"""
import argparse
import os
import subprocess
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tools", "quantc-distill"))
sys.path.insert(0, HERE)
SHARED = os.path.join(os.path.dirname(os.path.dirname(HERE)), "shared")
import prep_data  # noqa: E402
from onnx_torch import OnnxModule, run_batched, _fname  # noqa: E402

torch.set_num_threads(1)


class Synthetic(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = torch.nn.Conv2d(3, 8, 3, stride=2, padding=1)
        self.bn = torch.nn.BatchNorm2d(8)
        self.c2 = torch.nn.Conv2d(8, 8, 3, padding=1, groups=4)
        self.pool = torch.nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True, count_include_pad=False)
        self.pool2 = torch.nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True, count_include_pad=True)
        self.mp = torch.nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True)
        self.fc = torch.nn.Linear(16 * 2, 10)

    def forward(self, x):
        y = torch.nn.functional.leaky_relu(self.bn(self.c1(x)), 0.1)
        y = torch.nn.functional.pad(y, (1, 2, 0, 1))
        z = torch.sigmoid(self.c2(y)) * y - y / 3.0
        a, b = self.pool(z), self.pool2(z)
        c = torch.cat([a, b], 1)
        c = self.mp(c)
        c = c.mean(dim=(2,), keepdim=False)[:, :, 1:3]
        c = c.transpose(1, 2).reshape(c.shape[0], -1)
        return torch.softmax(self.fc(c), dim=1), torch.nn.functional.hardtanh(c, 0, 6)


def export(model, x, path, bn_nodes):
    model.eval()
    kw = dict(opset_version=13, input_names=["input"], dynamic_axes={"input": {0: "n"}})
    if bn_nodes:
        kw.update(training=torch.onnx.TrainingMode.PRESERVE, do_constant_folding=False)
    torch.onnx.export(model, x, path, **kw)


def check(path, x, work, name, input_name="input"):
    xp = os.path.join(work, name + ".x.npy")
    np.save(xp, x)
    od = os.path.join(work, name + ".ort")
    subprocess.run(["node", os.path.join(HERE, "ort_run.js"), path, "--input",
                    "%s=%s" % (input_name, xp), "--output-dir", od], check=True)
    m = OnnxModule(path)
    outs = run_batched(m, x, 8)
    worst = 0
    for k, v in outs.items():
        ref = np.load(os.path.join(od, _fname(k))).reshape(v.shape)
        rel = np.abs(v - ref).max() / max(1e-12, np.abs(ref).max())
        worst = max(worst, rel)
    ops = sorted(set(n.op_type for n in m.nodes))
    print("%-28s rel err %.2e  %s  (%d BN nodes; ops %s)" % (
        name, worst, "OK" if worst < 1e-5 else "FAIL", len(m.batchnorms()), ",".join(ops)))
    return worst < 1e-5, m


def check_dynamic(work):
    """mnist-8 quantized by ort_quantize.py --dynamic (DynamicQuantizeLinear,
    ConvInteger, Cast, Mul): onnx_torch reads it as quantc's importer does
    (the activations in float, the weights dequantized), so it must match
    quantc's float artifact of the file, not ONNX Runtime, which quantizes
    the activations per run."""
    root = os.path.dirname(HERE)
    bin_dir = os.path.join(root, "build", "bin")
    path = os.path.join(work, "mnist-8.dyn.onnx")
    subprocess.run([sys.executable, os.path.join(HERE, "ort_quantize.py"),
                    os.path.join(SHARED, "models", "mnist-8.onnx"), "--dynamic", "-o", path],
                   check=True, stdout=subprocess.DEVNULL)
    inputs, _ = prep_data.prepare("mnist-8", os.path.join(work, "mnist-8_eval"), split="eval",
                                  limit=32, quiet=True)
    so = os.path.join(work, "mnist-8.dyn.so")
    subprocess.run([os.path.join(bin_dir, "quantc"), path, "-o", so], check=True,
                   stderr=subprocess.DEVNULL)
    od = os.path.join(work, "mnist-8.dyn.quantc")
    subprocess.run([os.path.join(bin_dir, "quantc-run"), so, "--input", "Input3=" + inputs,
                    "--output-dir", od], check=True, stdout=subprocess.DEVNULL)
    m = OnnxModule(path)
    worst = 0
    for k, v in run_batched(m, np.load(inputs), 8).items():
        ref = np.load(os.path.join(od, _fname(k))).reshape(v.shape)
        worst = max(worst, np.abs(v - ref).max() / max(1e-12, np.abs(ref).max()))
    print("%-28s rel err vs quantc float %.2e  %s" % ("mnist-8 (dynamic)", worst,
                                                       "OK" if worst < 1e-5 else "FAIL"))
    return worst < 1e-5


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--work", default=os.path.join(os.path.dirname(HERE), "build", "onnx_torch"))
    a = p.parse_args()
    os.makedirs(a.work, exist_ok=True)
    ok = True
    for mname in ["tiny_darknet", "mobilenetv2_1.0_224", "mobilenetv1_0.25_128", "mnist-8"]:
        inputs, _ = prep_data.prepare(mname, os.path.join(a.work, mname + "_eval"),
                                      split="eval", limit=32, quiet=True)
        x = np.load(inputs)
        r, _ = check(os.path.join(SHARED, "models", mname + ".onnx"), x, a.work, mname,
                     "Input3" if mname == "mnist-8" else "input")
        ok &= r
    import torchvision
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((8, 3, 224, 224)).astype(np.float32)
    r18 = torchvision.models.resnet18()
    # Non-trivial BN statistics, so that folding errors would show.
    for mod in r18.modules():
        if isinstance(mod, torch.nn.BatchNorm2d):
            mod.running_mean.uniform_(-0.5, 0.5)
            mod.running_var.uniform_(0.5, 2.0)
            mod.weight.data.uniform_(0.5, 1.5)
            mod.bias.data.uniform_(-0.2, 0.2)
    for bn_nodes in (False, True):
        name = "resnet18" + ("_bn" if bn_nodes else "")
        path = os.path.join(a.work, name + ".onnx")
        export(r18, torch.from_numpy(x[:1]), path, bn_nodes)
        r, m = check(path, x, a.work, name)
        ok &= r
        with torch.no_grad():
            ref = r18(torch.from_numpy(x)).numpy()
        rel = np.abs(m(torch.from_numpy(x)).detach().numpy() - ref).max() / np.abs(ref).max()
        print("%-28s rel err vs torchvision %.2e" % (name, rel))
        ok &= rel < 1e-5
    # Autograd to the input and BN statistics (what ZeroQ needs).
    xin = torch.zeros(2, 3, 224, 224, requires_grad=True)
    bns = m.batchnorms()
    acts = m(xin, capture=[b.input for b in bns], outputs=[])
    loss = sum(((acts[b.input].mean((0, 2, 3)) - b.mean) ** 2).sum() for b in bns)
    loss.backward()
    g = float(xin.grad.abs().sum())
    print("%-28s BN-statistics loss %.3g, |grad| %.3g  %s" % ("zeroq-style gradient", float(loss), g,
                                                            "OK" if g > 0 else "FAIL"))
    ok &= g > 0
    syn = Synthetic()
    with torch.no_grad():
        syn.bn.running_mean.uniform_(-0.5, 0.5)
        syn.bn.running_var.uniform_(0.5, 2.0)
    xs = rng.standard_normal((4, 3, 15, 13)).astype(np.float32)
    path = os.path.join(a.work, "synthetic.onnx")
    export(syn, torch.from_numpy(xs[:1]), path, False)
    r, _ = check(path, xs, a.work, "synthetic")
    ok &= r
    ok &= check_dynamic(a.work)
    print("ALL OK" if ok else "SOME FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
