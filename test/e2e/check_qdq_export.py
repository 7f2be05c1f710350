#!/usr/bin/python3
"""QDQ export end to end: quantc's INT8 artifact and its ONNX QDQ export, run
by ONNX Runtime, compute the same quantized network.

    /usr/bin/python3 test/e2e/check_qdq_export.py MODEL... | all [--limit N]

MODEL is a model of ../shared/models or a synthetic one of
test/Quantization/make_quant_models.py (all_ops, small_cnn, standalone_add);
`all` is every one of both. For each real model it calibrates quantc on the
calib split (MNIST: the first 100 test images) while compiling the INT8
artifact (--save-calib), then exports the QDQ model from the SAME statistics
(--load-calib, --emit=qdq-onnx), and on `--limit` eval images:

  * checks the export: onnx.checker (full check), opset 13, no float weight
    left (every Conv/MatMul weight is an int8 initializer behind a per-axis
    DequantizeLinear), the input's QuantizeLinear parameters equal the
    artifact's (`quantc-run --info`);
  * runs the export with ONNX Runtime (node scripts/ort_run.js) and the
    artifact with quantc-run, plus ONNX Runtime on the float model;
  * reports top-1 of each, the top-1 agreement of the export with the
    artifact and the SQNR of the export's outputs against the artifact's
    (signal: the artifact's outputs). The two differ only where integer and
    float arithmetic round differently (quantc's dyadic rescale rounds half
    up in 64-bit integers; ONNX Runtime requantizes in float and rounds half
    to even), so they must agree closely.

  * for reference, runs the same QDQ model with ONNX Runtime's graph
    optimizations off (float ops between Dequantize/QuantizeLinear instead
    of its integer kernels) and reports how far that is from the optimized
    run: the spread between two faithful executions of one quantized
    network.

Synthetic models are calibrated on their own data and run on 64 random
inputs; every output is compared (SQNR).

Exit status 1 when a check fails, the agreement is below --min-agree
(default 97%), the SQNR below --min-sqnr (default 25 dB), or a synthetic
model's output below --min-sqnr-synthetic (default 40 dB).
"""

import argparse
import os
import sys
import tempfile

import numpy as np
import onnx
from onnx import numpy_helper

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.environ.get("QUANTC_SHARED", os.path.join(os.path.dirname(ROOT), "shared"))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import prep_data  # noqa: E402
import quantc_tools  # noqa: E402
from quantc_tools import fname  # noqa: E402

MODELS = ["mnist-8", "tiny_darknet", "mobilenetv2_1.0_224", "mobilenetv1_0.25_128"]
SYNTHETIC = ["small_cnn", "all_ops", "standalone_add"]
MAKE_MODELS = os.path.join(ROOT, "test", "Quantization", "make_quant_models.py")


def run(cmd):
    return quantc_tools.run(cmd, "check_qdq_export")


def info(qrun, so):
    return quantc_tools.info(qrun, so, "check_qdq_export")


def check_structure(path, inp):
    """Problems with the exported model (empty list: none)."""
    problems = []
    model = onnx.load(path)
    try:
        onnx.checker.check_model(model, full_check=True)
    except Exception as e:  # noqa: BLE001 - report any checker failure
        problems.append("onnx.checker: %s" % str(e).splitlines()[0])
    if [(o.domain, o.version) for o in model.opset_import] != [("", 13)]:
        problems.append("opset %s, expected 13" % list(model.opset_import))
    g = model.graph
    inits = {t.name: t for t in g.initializer}
    producer = {o: n for n in g.node for o in n.output}
    for n in g.node:
        if n.op_type not in ("Conv", "MatMul"):
            continue
        w = producer.get(n.input[1])
        if w is None or w.op_type != "DequantizeLinear" or \
                inits.get(w.input[0]) is None or \
                inits[w.input[0]].data_type != onnx.TensorProto.INT8:
            problems.append("%s %s: weight is not an int8 initializer behind "
                            "DequantizeLinear" % (n.op_type, n.name))
    q = [n for n in g.node if n.op_type == "QuantizeLinear" and n.input[0] == inp["name"]]
    if len(q) != 1:
        problems.append("input %s: expected one QuantizeLinear" % inp["name"])
    else:
        scale = numpy_helper.to_array(inits[q[0].input[1]])
        zp = numpy_helper.to_array(inits[q[0].input[2]])
        if not np.isclose(scale, inp["scale"], rtol=1e-6, atol=0) or zp != inp["zero_point"]:
            problems.append("input %s: QuantizeLinear(%s, %s), artifact (%s, %s)" % (
                inp["name"], scale, zp, inp["scale"], inp["zero_point"]))
    counts = {}
    for n in g.node:
        counts[n.op_type] = counts.get(n.op_type, 0) + 1
    return problems, counts


def sqnr(ref, other):
    return 10 * np.log10((ref ** 2).sum() / max(((ref - other) ** 2).sum(), 1e-30))


def tools(args):
    return (os.path.join(args.build_dir, "bin", "quantc"),
            os.path.join(args.build_dir, "bin", "quantc-run"),
            ["node", os.path.join(ROOT, "scripts", "ort_run.js")])


def check_synthetic(model, args, work):
    """A make_quant_models.py model: every output, export vs artifact."""
    quantc, qrun, ort = tools(args)
    prefix = os.path.join(work, model)
    run([sys.executable, MAKE_MODELS, model, prefix])
    so, qdq, stats = prefix + ".int8.so", prefix + ".qdq.onnx", prefix + ".calib.json"
    run([quantc, prefix + ".onnx", "--quantize=int8", "--calib-data", prefix + ".calib.npy",
         "--save-calib", stats, "-o", so])
    run([quantc, prefix + ".onnx", "--quantize=int8", "--load-calib", stats,
         "--emit=qdq-onnx", "-o", qdq])
    ins, outs = info(qrun, so)
    problems, _ = check_structure(qdq, ins[0])
    for p in problems:
        print("%s: %s" % (model, p))
    calib = np.load(prefix + ".calib.npy")
    x = np.random.default_rng(0).uniform(-1, 1, (64,) + calib.shape[1:]).astype(np.float32)
    np.save(prefix + ".x.npy", x)
    feed = "%s=%s" % (ins[0]["name"], prefix + ".x.npy")
    run([qrun, so, "--input", feed, "--output-dir", prefix + "_int8"])
    run(ort + [qdq, "--input", feed, "--output-dir", prefix + "_qdq"])
    results = []
    ok = not problems
    for o in outs:
        f = fname(o["name"]) + ".npy"
        a = np.load(os.path.join(prefix + "_int8", f))
        b = np.load(os.path.join(prefix + "_qdq", f))
        s = sqnr(a, b)
        ok = ok and s >= args.min_sqnr_synthetic
        results.append("%s SQNR %.1f dB (max |diff| %.3g)" % (o["name"], s, np.abs(a - b).max()))
    print("%s: %s  inputs %d  qdq(ORT) vs int8(quantc): %s" % (
        model, "PASS" if ok else "FAIL", len(x), ", ".join(results)), flush=True)
    return ok


def check(model, args, work):
    if model in SYNTHETIC:
        return check_synthetic(model, args, work)
    quantc, qrun, ort = tools(args)
    onnx_path = os.path.join(SHARED, "models", model + ".onnx")
    calib = os.path.join(work, model + "_calib")
    evald = os.path.join(work, model + "_eval")
    prep_data.prepare(model, calib, split="calib", quiet=True)
    prep_data.prepare(model, evald, split="eval", limit=args.limit, quiet=True)

    so = os.path.join(work, model + ".int8.so")
    qdq = os.path.join(work, model + ".qdq.onnx")
    stats = os.path.join(work, model + ".calib.json")
    extra = ["--calib-method=" + args.method] if args.method else []
    run([quantc, onnx_path, "--quantize=int8", "--calib-data", calib + ".npy",
         "--save-calib", stats, "-o", so] + extra)
    run([quantc, onnx_path, "--quantize=int8", "--load-calib", stats,
         "--emit=qdq-onnx", "-o", qdq] + extra)
    ins, outs = info(qrun, so)
    problems, counts = check_structure(qdq, ins[0])
    for p in problems:
        print("%s: %s" % (model, p))

    x = evald + ".npy"
    labels = np.load(evald + ".labels.npy")
    n = len(labels)
    feed = "%s=%s" % (ins[0]["name"], x)
    dirs = {k: os.path.join(work, "%s_%s" % (model, k))
            for k in ("int8", "qdq", "qdq_float", "fp32")}
    run([qrun, so, "--input", feed, "--output-dir", dirs["int8"]])
    run(ort + [qdq, "--input", feed, "--output-dir", dirs["qdq"]])
    # The same QDQ model without graph optimizations: float ops between
    # Dequantize/QuantizeLinear instead of ONNX Runtime's integer kernels.
    run(ort + [qdq, "--graph-opt", "disabled", "--input", feed, "--output-dir",
               dirs["qdq_float"]])
    run(ort + [onnx_path, "--input", feed, "--output-dir", dirs["fp32"]])
    out = fname(outs[0]["name"]) + ".npy"
    y = {k: np.load(os.path.join(d, out)).reshape(n, -1) for k, d in dirs.items()}

    def agree(a, b):
        return 100 * (y[a].argmax(1) == y[b].argmax(1)).mean()

    top1 = {k: 100 * (v.argmax(1) == labels).mean() for k, v in y.items()}
    s = sqnr(y["int8"], y["qdq"])
    ok = not problems and agree("qdq", "int8") >= args.min_agree and s >= args.min_sqnr
    print("%s: %s  images %d  nodes %d (Q %d, DQ %d)  top-1 qdq(ORT) %.2f%% "
          "int8(quantc) %.2f%% fp32(ORT) %.2f%%  qdq vs int8: agree %.2f%% "
          "SQNR %.1f dB  |  ORT optimized vs unoptimized qdq: agree %.2f%% "
          "SQNR %.1f dB  |  int8 vs fp32: agree %.2f%% SQNR %.1f dB" % (
              model, "PASS" if ok else "FAIL", n, sum(counts.values()),
              counts.get("QuantizeLinear", 0), counts.get("DequantizeLinear", 0),
              top1["qdq"], top1["int8"], top1["fp32"], agree("qdq", "int8"), s,
              agree("qdq", "qdq_float"), sqnr(y["qdq_float"], y["qdq"]),
              agree("int8", "fp32"), sqnr(y["fp32"], y["int8"])), flush=True)
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("models", nargs="+")
    ap.add_argument("--limit", type=int, default=64, help="eval images (0 = all)")
    ap.add_argument("--method", default="", help="--calib-method to use")
    ap.add_argument("--min-agree", type=float, default=97.0,
                    help="minimum top-1 agreement export vs artifact, in %%")
    ap.add_argument("--min-sqnr", type=float, default=25.0,
                    help="minimum SQNR of the export against the artifact, in dB")
    ap.add_argument("--min-sqnr-synthetic", type=float, default=40.0,
                    help="minimum SQNR of each output of a synthetic model, in dB")
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    ap.add_argument("--work-dir", default=None)
    args = ap.parse_args()
    models = MODELS + SYNTHETIC if args.models == ["all"] else args.models
    for m in models:
        if m not in MODELS + SYNTHETIC:
            ap.error("unknown model '%s' (expected %s or all)" % (m, ", ".join(MODELS + SYNTHETIC)))
    work = args.work_dir or tempfile.mkdtemp(prefix="quantc-qdq-")
    os.makedirs(work, exist_ok=True)
    ok = all([check(m, args, work) for m in models])
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
