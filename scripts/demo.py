#!/usr/bin/python3
"""quantc demo: compile a real model to FP32 and to integer-only INT8
artifacts, run them on real images, compare with the float model run by
ONNX Runtime (accuracy and speed).

    scripts/demo.sh [--model mobilenetv2_1.0_224] [--images 200] [--threads 1]
                    [--no-int8]

The INT8 artifact is calibrated on the calib split of ../shared/data (MNIST:
its first 100 test images) and scored on the eval split, like the FP32 one.

Run with Debian's /usr/bin/python3 (numpy). Needs a built quantc (scripts/
setup.sh) and `npm ci` (onnxruntime-node) at the repo root.
"""

import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import prep_data  # noqa: E402
import quantc_tools  # noqa: E402


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        sys.exit("demo: command failed: %s\n%s%s" % (" ".join(cmd), r.stdout, r.stderr))
    return r.stdout


def bench(cmd):
    return json.loads(run(cmd).strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="mobilenetv2_1.0_224",
                    help="a model of ../shared/models (default: %(default)s)")
    ap.add_argument("--images", type=int, default=200,
                    help="eval images to score (0 = the whole split)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--runs", type=int, default=50, help="timed runs")
    ap.add_argument("--no-int8", action="store_true", help="FP32 only")
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    ap.add_argument("--work-dir", default=None)
    args = ap.parse_args()

    build = os.path.abspath(args.build_dir)
    work = args.work_dir or os.path.join(build, "demo")
    os.makedirs(work, exist_ok=True)
    onnx = os.path.join(SHARED, "models", args.model + ".onnx")
    quantc = os.path.join(build, "bin", "quantc")
    qrun = os.path.join(build, "bin", "quantc-run")
    ort = ["node", os.path.join(ROOT, "scripts", "ort_run.js")]

    print("== %s on %s eval images" % (args.model, args.images or "all"))
    data = os.path.join(work, "%s_eval_%d" % (args.model, args.images))
    prep_data.prepare(args.model, data, split="eval", limit=args.images,
                      quiet=True)
    x = np.load(data + ".npy")
    labels = np.load(data + ".labels.npy")

    so = os.path.join(work, args.model + ".so")
    t0 = time.time()
    run([quantc, onnx, "-o", so])
    print("compiled   %s (%.1f s, %.1f MB)" % (os.path.relpath(so), time.time() - t0,
                                                os.path.getsize(so) / 1e6))

    so8 = None
    if not args.no_int8:
        calib = os.path.join(work, args.model + "_calib")
        prep_data.prepare(args.model, calib, split="calib", quiet=True)
        so8 = os.path.join(work, args.model + ".int8.so")
        t0 = time.time()
        run([quantc, onnx, "--quantize=int8", "--calib-data", calib + ".npy",
             "-o", so8])
        print("compiled   %s (INT8, calibrated on %d images: %.1f s, %.1f MB)"
              % (os.path.relpath(so8), len(np.load(calib + ".npy", mmap_mode="r")),
                 time.time() - t0, os.path.getsize(so8) / 1e6))

    info = run([qrun, so, "--info"]).splitlines()
    in_name = info[1].split()[1].rstrip(":")
    out_name = info[2].split()[1].rstrip(":")
    out_file = quantc_tools.fname(out_name) + ".npy"
    feed = ["--input", "%s=%s.npy" % (in_name, data)]

    def outputs(cmd, tag):
        d = os.path.join(work, tag + "_out")
        t0 = time.time()
        run(cmd + feed + ["--output-dir", d])
        return np.load(os.path.join(d, out_file)).reshape(len(x), -1), time.time() - t0

    q, tq = outputs([qrun, so], "quantc")
    o, to = outputs(ort + [onnx], "ort")
    q8 = outputs([qrun, so8], "quantc_int8")[0] if so8 else None
    rel = np.linalg.norm(q - o, axis=1) / np.maximum(np.linalg.norm(o, axis=1), 1e-30)
    print("ran        %d images: quantc %.2f s, ONNX Runtime %.2f s (whole processes)"
          % (len(x), tq, to))

    one = os.path.join(work, "one.npy")
    np.save(one, x[:1])
    timing = ["--input", "%s=%s" % (in_name, one), "--bench", str(args.runs),
              "--warmup", "10", "--threads", str(args.threads)]
    qb = bench([qrun, so] + timing)["median_ms"]
    ob = bench(ort + [onnx] + timing)["median_ms"]
    q8b = bench([qrun, so8] + timing)["median_ms"] if so8 else None

    cols = ["quantc FP32"] + (["quantc INT8"] if so8 else []) + ["ORT FP32"]
    print()
    print("  %-24s" % "" + "".join("%13s" % c for c in cols))

    def row(name, vals):
        print("  %-24s" % name + "".join("%13s" % v for v in vals))

    def top1(a):
        return "%.2f%%" % (100 * (a.argmax(1) == labels).mean())

    def agree(a):
        return "%d/%d" % ((a.argmax(1) == o.argmax(1)).sum(), len(x))

    row("top-1 accuracy", [top1(q)] + ([top1(q8)] if so8 else []) + [top1(o)])
    row("top-1 agreement w/ FP32", [agree(q)] + ([agree(q8)] if so8 else []) + ["-"])
    if so8:
        sqnr = 10 * np.log10((o ** 2).sum() / max(((q8 - o) ** 2).sum(), 1e-30))
        row("output error vs FP32", ["%.1e L2" % rel.max(), "SQNR %.0fdB" % sqnr, "-"])
    else:
        row("max rel. L2 vs ORT", ["%.2e" % rel.max(), "-"])
    row("latency (ms)", ["%.3f" % qb] + (["%.3f" % q8b] if so8 else []) + ["%.3f" % ob])
    row("speed vs ORT FP32", ["%.2fx" % (ob / qb)] + (["%.2fx" % (ob / q8b)] if so8 else [])
        + ["1.00x"])
    print("  (latency: median of %d runs, batch 1, %d thread%s; output error: max"
          % (args.runs, args.threads, "" if args.threads == 1 else "s"))
    print("   relative L2 per image, or SQNR of the logits, against ORT FP32)")
    ok = rel.max() <= 1e-4 and (q.argmax(1) == o.argmax(1)).all()
    print()
    print("demo: %s" % ("quantc FP32 matches ONNX Runtime" if ok
                        else "MISMATCH against ONNX Runtime"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
