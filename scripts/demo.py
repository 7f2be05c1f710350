#!/usr/bin/python3
"""quantc demo: compile a real model, run it on real images, compare with
ONNX Runtime (accuracy and speed).

    scripts/demo.sh [--model mobilenetv2_1.0_224] [--images 200] [--threads 1]

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

    info = run([qrun, so, "--info"]).splitlines()
    in_name = info[1].split()[1].rstrip(":")
    out_name = info[2].split()[1].rstrip(":")
    qdir, odir = os.path.join(work, "quantc_out"), os.path.join(work, "ort_out")
    t0 = time.time()
    run([qrun, so, "--input", "%s=%s.npy" % (in_name, data), "--output-dir", qdir])
    tq = time.time() - t0
    t0 = time.time()
    run(ort + [onnx, "--input", "%s=%s.npy" % (in_name, data), "--output-dir", odir])
    to = time.time() - t0
    fname = "".join(c if c.isalnum() or c in "_-." else "_" for c in out_name)
    q = np.load(os.path.join(qdir, fname + ".npy")).reshape(len(x), -1)
    o = np.load(os.path.join(odir, fname + ".npy")).reshape(len(x), -1)
    rel = np.linalg.norm(q - o, axis=1) / np.maximum(np.linalg.norm(o, axis=1), 1e-30)

    qtop, otop = q.argmax(1), o.argmax(1)
    print("ran        %d images: quantc %.2f s, ONNX Runtime %.2f s (whole processes)"
          % (len(x), tq, to))
    print()
    print("  %-22s %10s %10s" % ("", "quantc", "ORT"))
    print("  %-22s %9.2f%% %9.2f%%" % ("top-1 accuracy", 100 * (qtop == labels).mean(),
                                       100 * (otop == labels).mean()))
    print("  %-22s %10s" % ("top-1 agreement", "%d/%d" % ((qtop == otop).sum(), len(x))))
    print("  %-22s %10.2e" % ("max rel. L2 vs ORT", rel.max()))

    one = os.path.join(work, "one.npy")
    np.save(one, x[:1])
    qb = bench([qrun, so, "--input", "%s=%s" % (in_name, one), "--bench",
                str(args.runs), "--threads", str(args.threads)])
    ob = bench(ort + [onnx, "--input", "%s=%s" % (in_name, one), "--bench",
                      str(args.runs), "--warmup", "10", "--threads", str(args.threads)])
    print("  %-22s %8.3f ms %7.3f ms   (median of %d, batch 1, %d thread%s)"
          % ("latency", qb["median_ms"], ob["median_ms"], args.runs, args.threads,
             "" if args.threads == 1 else "s"))
    print("  %-22s %9.2fx" % ("speed vs ORT", ob["median_ms"] / qb["median_ms"]))
    ok = rel.max() <= 1e-4 and (qtop == otop).all()
    print()
    print("demo: %s" % ("quantc matches ONNX Runtime" if ok else "MISMATCH against ONNX Runtime"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
