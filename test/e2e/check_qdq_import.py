#!/usr/bin/python3
"""QDQ/QLinear import end to end: quantized ONNX models compiled by quantc
against ONNX Runtime, and quantc's own QDQ export read back.

    /usr/bin/python3 test/e2e/check_qdq_import.py [--ort] [--limit N]

  * round trip (synthetic models of test/Quantization/make_quant_models.py):
    quantc's INT8 artifact (calibrated on the model's data), its
    --emit=qdq-onnx export, and that export compiled again with
    --quantize=int8 and no calibration data. Reports the fraction of output
    elements equal bit for bit between the two artifacts, and the largest
    difference in units of the output's quantization step (the u8 step of
    8-bit outputs; 32-bit contraction outputs have none, the difference is
    then reported relative to the output's range).
  * the generated QDQ and QLinear models of test/Import/ONNX/
    make_qdq_models.py: quantc's float simulation against ONNX Runtime with
    graph optimizations off (float ops between the Q/DQ pairs: must be
    equal), and quantc --quantize=int8 (no data) against ONNX Runtime's
    integer kernels (within one output step).
  * with --ort, also the round-trip exports run by ONNX Runtime against the
    re-imported artifact.
  * dynamic quantization (DynamicQuantizeLinear + ConvInteger/MatMulInteger,
    Cast, Mul): the generated dynamic_conv and static_conv_integer models,
    and mnist-8 through `scripts/ort_quantize.py --dynamic`. quantc imports
    the weights on their grids and calibrates the activations (ONNX Runtime
    quantizes them per run), so outputs agree to a quantization error: the
    output SQNR against ONNX Runtime must reach 30 dB, and on mnist-8 the
    top-1 must agree on 99 % of the first 1,000 eval images.

Exit status 1 when an 8-bit output differs by more than one step, or the
float simulation differs from ONNX Runtime's float execution at all.
"""

import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np
import onnx
from onnx import numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.join(ROOT, "build", "bin")
MAKE_QUANT = os.path.join(ROOT, "test", "Quantization", "make_quant_models.py")
MAKE_QDQ = os.path.join(ROOT, "test", "Import", "ONNX", "make_qdq_models.py")


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("check_qdq_import: failed: %s\n%s%s" % (" ".join(cmd), r.stdout, r.stderr))
    return r.stdout


def quantc_run(so, name, x, out):
    np.save(out + ".in.npy", x)
    run([os.path.join(BIN, "quantc-run"), so, "--input", "%s=%s" % (name, out + ".in.npy"),
         "--output-dir", out])
    return {f[:-4]: np.load(os.path.join(out, f)) for f in os.listdir(out) if f.endswith(".npy")}


def ort_run(model, name, x, out, optimized=True):
    np.save(out + ".in.npy", x)
    run(["node", os.path.join(ROOT, "scripts", "ort_run.js"), model, "--input",
         "%s=%s" % (name, out + ".in.npy"), "--output-dir", out]
        + ([] if optimized else ["--graph-opt", "disabled"]))
    return {f[:-4]: np.load(os.path.join(out, f)) for f in os.listdir(out) if f.endswith(".npy")}


def output_steps(qdq_path):
    """u8 step of each graph output that a DequantizeLinear produces."""
    m = onnx.load(qdq_path)
    inits = {i.name: numpy_helper.to_array(i) for i in m.graph.initializer}
    steps = {}
    for n in m.graph.node:
        if n.op_type == "DequantizeLinear" and n.input[0] not in inits:
            for o in m.graph.output:
                if o.name == n.output[0]:
                    steps[o.name] = float(inits[n.input[1]])
    return steps


def input_name(model_path):
    return onnx.load(model_path).graph.input[0].name


def round_trip(model, work, args):
    prefix = os.path.join(work, model)
    run([sys.executable, MAKE_QUANT, model, prefix])
    quantc = os.path.join(BIN, "quantc")
    run([quantc, prefix + ".onnx", "--quantize=int8", "--calib-data", prefix + ".calib.npy",
         "--save-calib", prefix + ".json", "-o", prefix + ".orig.so"])
    run([quantc, prefix + ".onnx", "--quantize=int8", "--load-calib", prefix + ".json",
         "--emit=qdq-onnx", "-o", prefix + ".qdq.onnx"])
    run([quantc, prefix + ".qdq.onnx", "--quantize=int8", "-o", prefix + ".rt.so"])
    x = np.load(prefix + ".calib.npy")[: args.limit]
    name = input_name(prefix + ".onnx")
    orig = quantc_run(prefix + ".orig.so", name, x, prefix + ".orig.out")
    rt = quantc_run(prefix + ".rt.so", name, x, prefix + ".rt.out")
    steps = output_steps(prefix + ".qdq.onnx")
    ok = True
    for k in orig:
        a, b = orig[k], rt[k]
        exact = float(np.mean(a == b))
        d = float(np.max(np.abs(a - b)))
        if k in steps:
            what = "max diff %.3g steps" % (d / steps[k])
            ok &= d <= steps[k] * 1.0001
        else:
            what = "max diff %.3g of range %.3g (32-bit output)" % (d, float(np.ptp(a)))
        print("round trip %-15s %-6s bit-exact %.4f  %s" % (model, k, exact, what))
    if args.ort:
        ref = ort_run(prefix + ".qdq.onnx", name, x, prefix + ".ort.out")
        for k in ref:
            d = float(np.max(np.abs(ref[k] - rt[k])))
            if k in steps:
                print("  ORT(qdq) vs re-imported %-6s max diff %.3g steps, equal %.4f" % (
                    k, d / steps[k], float(np.mean(ref[k] == rt[k]))))
                ok &= d <= steps[k] * 1.0001
            else:
                print("  ORT(qdq) vs re-imported %-6s max diff %.3g of range %.3g" % (
                    k, d, float(np.ptp(ref[k]))))
    return ok


def generated(model, work, args):
    prefix = os.path.join(work, model)
    run([sys.executable, MAKE_QDQ, model, prefix + ".onnx", prefix + ".x.npy"])
    quantc = os.path.join(BIN, "quantc")
    run([quantc, prefix + ".onnx", "-o", prefix + ".f32.so"])
    run([quantc, prefix + ".onnx", "--quantize=int8", "-o", prefix + ".i8.so"])
    rng = np.random.default_rng(3)
    shape = [d.dim_value for d in onnx.load(prefix + ".onnx").graph.input[0].type.tensor_type.shape.dim]
    x = rng.uniform(-2.5, 2.5, [args.limit] + shape[1:]).astype(np.float32)
    ref = ort_run(prefix + ".onnx", "x", x, prefix + ".ort.out")
    unopt = ort_run(prefix + ".onnx", "x", x, prefix + ".ortd.out", optimized=False)
    f32 = quantc_run(prefix + ".f32.so", "x", x, prefix + ".f32.out")
    i8 = quantc_run(prefix + ".i8.so", "x", x, prefix + ".i8.out")
    step = output_steps(prefix + ".onnx")["y"]
    df = float(np.max(np.abs(f32["y"] - unopt["y"])))
    di = float(np.max(np.abs(i8["y"] - ref["y"])))
    print("%-10s float vs ORT (unoptimized: float ops) max diff %.3g; "
          "int8 vs ORT (integer kernels) max diff %.3g steps, equal %.4f" % (
              model, df, di / step, float(np.mean(i8["y"] == ref["y"]))))
    return df == 0 and di <= step * 1.0001


def sqnr(ref, out):
    noise = float(((ref.astype(np.float64) - out) ** 2).sum())
    return float("inf") if noise == 0 else 10 * np.log10(float((ref.astype(np.float64) ** 2).sum()) / noise)


def dynamic_generated(model, work, args):
    """A generated ConvInteger/MatMulInteger model: float and INT8 artifacts
    (INT8 calibrated on 64 random inputs when the model fixes no activation
    grid) against ONNX Runtime."""
    prefix = os.path.join(work, model)
    run([sys.executable, MAKE_QDQ, model, prefix + ".onnx"])
    shape = [d.dim_value for d in onnx.load(prefix + ".onnx").graph.input[0].type.tensor_type.shape.dim]
    rng = np.random.default_rng(5)
    calib = rng.uniform(-2.5, 2.5, [64] + shape[1:]).astype(np.float32)
    np.save(prefix + ".calib.npy", calib)
    x = rng.uniform(-2.5, 2.5, [args.limit] + shape[1:]).astype(np.float32)
    quantc = os.path.join(BIN, "quantc")
    run([quantc, prefix + ".onnx", "-o", prefix + ".f32.so"])
    run([quantc, prefix + ".onnx", "--quantize=int8", "--calib-data", prefix + ".calib.npy",
         "-o", prefix + ".i8.so"])
    ref = ort_run(prefix + ".onnx", "x", x, prefix + ".ort.out")["y"]
    f32 = quantc_run(prefix + ".f32.so", "x", x, prefix + ".f32.out")["y"]
    i8 = quantc_run(prefix + ".i8.so", "x", x, prefix + ".i8.out")["y"]
    sf, si = sqnr(ref, f32), sqnr(ref, i8)
    print("%-20s against ONNX Runtime: float SQNR %.1f dB, int8 SQNR %.1f dB" % (model, sf, si))
    return sf >= 30 and si >= 30


def dynamic_mnist(work, args):
    """mnist-8 quantized by ort_quantize.py --dynamic: quantc INT8 (calibrated
    on the 100 calib images) against ONNX Runtime on the first 1,000 eval
    images."""
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    import prep_data
    prefix = os.path.join(work, "mnist-8")
    calib, _ = prep_data.prepare("mnist-8", prefix + ".calib", split="calib", quiet=True)
    ev, _ = prep_data.prepare("mnist-8", prefix + ".eval", split="eval", limit=1000, quiet=True)
    run([sys.executable, os.path.join(ROOT, "scripts", "ort_quantize.py"),
         prep_data.model_path("mnist-8"), "--dynamic", "-o", prefix + ".dyn.onnx"])
    run([os.path.join(BIN, "quantc"), prefix + ".dyn.onnx", "--quantize=int8", "--calib-data",
         calib, "-o", prefix + ".so"])
    name = prep_data.MODELS["mnist-8"]["input"]
    x = np.load(ev)
    ref = list(ort_run(prefix + ".dyn.onnx", name, x, prefix + ".ort.out").values())[0]
    out = list(quantc_run(prefix + ".so", name, x, prefix + ".q.out").values())[0]
    agree = float(np.mean(ref.reshape(len(x), -1).argmax(1) == out.reshape(len(x), -1).argmax(1)))
    s = sqnr(ref, out)
    print("mnist-8 (dynamic)    against ONNX Runtime: top-1 agreement %.4f, SQNR %.1f dB "
          "(%d images)" % (agree, s, len(x)))
    return agree >= 0.99 and s >= 30


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--ort", action="store_true", help="also run the exports with ONNX Runtime")
    p.add_argument("--limit", type=int, default=64)
    args = p.parse_args()
    ok = True
    with tempfile.TemporaryDirectory() as work:
        for m in ["small_cnn", "all_ops", "standalone_add"]:
            ok &= round_trip(m, work, args)
        for m in ["qdq_conv", "qlinear", "per_tensor", "weight_qdq"]:
            ok &= generated(m, work, args)
        for m in ["dynamic_conv", "static_conv_integer"]:
            ok &= dynamic_generated(m, work, args)
        ok &= dynamic_mnist(work, args)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
