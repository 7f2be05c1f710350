#!/usr/bin/python3
"""INT8 end to end: bit-exactness against the integer reference, accuracy
against the float model.

    /usr/bin/python3 test/e2e/check_int8.py MODEL... | all [--limit N]

For each model of ../shared/models it calibrates on the calib split (MNIST:
the first 100 test images), compiles an INT8 artifact (saving the
calibration) and the integerized qc IR (reloading it, so both come from the
same statistics), then on `--limit` eval images:

  * runs the artifact's run_quantized() (`quantc-run --quantized`) and the
    plain C++ integer reference (`quantc-ref`) on the same input codes and
    requires identical output codes;
  * runs the artifact's float entry and ONNX Runtime's float model and
    reports top-1 (INT8 vs FP32 vs labels), agreement and output SQNR.

  * checks that the artifact's LLVM IR is integer-only outside the
    quantize/dequantize boundary (float_free.py).

Exit status 1 on any bit mismatch or float instruction in the body.
"""

import argparse
import os
import sys
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import prep_data  # noqa: E402
import quantc_tools  # noqa: E402
from quantc_tools import fname  # noqa: E402
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import float_free  # noqa: E402

MODELS = ["mnist-8", "tiny_darknet", "mobilenetv2_1.0_224", "mobilenetv1_0.25_128"]


def run(cmd):
    return quantc_tools.run(cmd, "check_int8")


def info(qrun, so):
    return quantc_tools.info(qrun, so, "check_int8")


def quantize(x, scale, zp):
    """The artifact's input quantization: round half to even in float32."""
    q = np.rint(x.astype(np.float32) / np.float32(scale)) + np.float32(zp)
    return np.clip(q, 0, 255).astype(np.uint8)


def check(model, args, work):
    build = args.build_dir
    quantc = os.path.join(build, "bin", "quantc")
    qrun = os.path.join(build, "bin", "quantc-run")
    qref = os.path.join(build, "bin", "quantc-ref")
    onnx = os.path.join(SHARED, "models", model + ".onnx")
    calib = os.path.join(work, model + "_calib")
    evald = os.path.join(work, model + "_eval")
    prep_data.prepare(model, calib, split="calib", quiet=True)
    prep_data.prepare(model, evald, split="eval", limit=args.limit, quiet=True)

    so = os.path.join(work, model + ".int8.so")
    stats = os.path.join(work, model + ".calib.json")
    qc = os.path.join(work, model + ".int8.qc.mlir")
    extra = ["--calib-method=" + args.method] if args.method else []
    run([quantc, onnx, "--quantize=int8", "--calib-data", calib + ".npy",
         "--save-calib", stats, "-o", so] + extra + args.quantc_arg)
    run([quantc, onnx, "--quantize=int8", "--load-calib", stats, "--emit=qc",
         "-o", qc] + extra)
    # Integer-only: no float instruction outside the boundary.
    ll = os.path.join(work, model + ".int8.ll")
    run([quantc, onnx, "--quantize=int8", "--load-calib", stats, "--emit=llvm",
         "-o", ll] + extra + args.quantc_arg)
    with open(ll) as f:
        float_problems, _ = float_free.check(f.read())
    for p in float_problems:
        print("%s: %s" % (model, p))
    ins, outs = info(qrun, so)

    x = np.load(evald + ".npy")
    labels = np.load(evald + ".labels.npy")
    codes = quantize(x, ins[0]["scale"], ins[0]["zero_point"])
    codes_path = os.path.join(work, model + "_codes.npy")
    np.save(codes_path, codes)
    qdir, rdir = os.path.join(work, model + "_q"), os.path.join(work, model + "_ref")
    run([qrun, so, "--quantized", "--input", "%s=%s" % (ins[0]["name"], codes_path),
         "--output-dir", qdir])
    run([qref, qc, "--input", "%s=%s" % (ins[0]["name"], codes_path),
         "--output-dir", rdir])
    out = fname(outs[0]["name"]) + ".npy"
    a, b = np.load(os.path.join(qdir, out)), np.load(os.path.join(rdir, out))
    mismatches = int((a != b).sum())

    # Accuracy: INT8 float entry vs the FP32 model (ONNX Runtime).
    fdir, odir = os.path.join(work, model + "_f"), os.path.join(work, model + "_ort")
    run([qrun, so, "--input", "%s=%s.npy" % (ins[0]["name"], evald), "--output-dir", fdir])
    run(["node", os.path.join(ROOT, "scripts", "ort_run.js"), onnx, "--input",
         "%s=%s.npy" % (ins[0]["name"], evald), "--output-dir", odir])
    q = np.load(os.path.join(fdir, out)).reshape(len(x), -1)
    f = np.load(os.path.join(odir, out)).reshape(len(x), -1)
    sqnr = 10 * np.log10((f ** 2).sum() / max(((f - q) ** 2).sum(), 1e-30))
    ok = mismatches == 0 and not float_problems
    line = ("%s: %s  images %d  bit mismatches vs reference %d/%d  float-free %s  "
            "top-1 int8 %.2f%% fp32 %.2f%% agree %.2f%%  SQNR %.1f dB" % (
                model, "PASS" if ok else "FAIL", len(x), mismatches,
                a.size, "no" if float_problems else "yes",
                100 * (q.argmax(1) == labels).mean(),
                100 * (f.argmax(1) == labels).mean(),
                100 * (q.argmax(1) == f.argmax(1)).mean(), sqnr))
    print(line, flush=True)
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("models", nargs="+")
    ap.add_argument("--limit", type=int, default=8, help="eval images (0 = all)")
    ap.add_argument("--method", default="", help="--calib-method to use")
    ap.add_argument("--quantc-arg", action="append", default=[],
                    help="extra quantc flag for the artifact (repeatable), "
                         "e.g. --quantc-arg=-mcpu=x86-64-v3 to test the AVX2 kernels")
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    ap.add_argument("--work-dir", default=None)
    args = ap.parse_args()
    models = MODELS if args.models == ["all"] else args.models
    work = args.work_dir or tempfile.mkdtemp(prefix="quantc-int8-")
    os.makedirs(work, exist_ok=True)
    ok = all([check(m, args, work) for m in models])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
