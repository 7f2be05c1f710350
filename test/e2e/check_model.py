#!/usr/bin/python3
"""End-to-end float accuracy check of quantc against ONNX Runtime.

Run with Debian's /usr/bin/python3 (python3-numpy, python3-pil) after
`npm ci` at the repository root:

    /usr/bin/python3 test/e2e/check_model.py MODEL [MODEL ...] [--limit 16]
        [--build-dir /work/main/build] [--work-dir DIR] [--tol 1e-4]

MODEL is one of mnist-8, tiny_darknet, mobilenetv2_1.0_224,
mobilenetv1_0.25_128 (or `all`). For each model:

  1. scripts/prep_data.py makes the first --limit images of the eval split
     (stacked along dimension 0) and their labels;
  2. `quantc MODEL.onnx -o model.so` compiles it (extra flags: --quantc-arg);
  3. `quantc-run model.so` runs the stacked inputs, one inference per image;
  4. scripts/ort_run.js runs the same inputs with ONNX Runtime (CPU, float);
  5. every output of every image is compared: relative L2 error
     ||q - o|| / ||o|| must be <= --tol and the argmax (top-1) must agree.

Prints one line per model: PASS/FAIL, the worst relative L2 error, top-1
agreement, and the top-1 accuracy of quantc and of ORT against the labels
(the first output holds the logits). Exits 1 if any model fails.
Work happens in a temporary directory unless --work-dir is given (then the
artifacts, outputs and prepared data are kept there and reused).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, "scripts"))
import prep_data  # noqa: E402

ORT_RUN = os.path.join(REPO, "scripts", "ort_run.js")
ALL_MODELS = ["mnist-8", "tiny_darknet", "mobilenetv2_1.0_224", "mobilenetv1_0.25_128"]


class CheckError(Exception):
    """A step failed; the message is one line for the summary."""


def run(cmd, what, timeout):
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise CheckError(f"{what} timed out after {timeout}s")
    except OSError as e:
        raise CheckError(f"{what} could not start: {e}")
    if r.returncode != 0:
        lines = [l for l in (r.stderr + r.stdout).strip().splitlines() if l.strip()]
        # The first line that says "error", else the first line.
        errors = [l for l in lines if "error" in l.lower()]
        msg = (errors or lines or ["(no output)"])[0]
        raise CheckError(f"{what} failed (exit {r.returncode}): {msg.strip()}")
    return r


def load_outputs(d, names):
    out = {}
    for n in names:
        f = os.path.join(d, n)
        if not os.path.exists(f):
            raise CheckError(f"missing output {f}")
        out[n] = np.load(f)
    return out


def first_output_file(onnx_path, args):
    """File name ort_run.js gives the model's first graph output."""
    r = run([args.node, ORT_RUN, onnx_path, "--info"], "ort_run.js --info", args.timeout)
    for line in r.stdout.splitlines():
        if line.startswith("output "):
            name = line[len("output "):].rsplit(": ", 1)[0]
            return (re.sub(r"[^A-Za-z0-9_.-]", "_", name) or "output") + ".npy"
    raise CheckError("ort_run.js --info lists no outputs")


def compare(q_out, o_out, n_images, tol):
    """Per-image relative L2 and argmax agreement for every output."""
    worst = 0.0
    worst_where = ""
    agree = np.ones(n_images, dtype=bool)
    problems = []
    for name, o in o_out.items():
        q = q_out[name]
        if q.shape != o.shape:
            raise CheckError(f"output {name}: quantc shape {list(q.shape)} != ORT {list(o.shape)}")
        if o.shape[0] % n_images:
            raise CheckError(f"output {name}: leading dim {o.shape[0]} is not a multiple of {n_images} images")
        q2 = q.reshape(n_images, -1).astype(np.float64)
        o2 = o.reshape(n_images, -1).astype(np.float64)
        if not np.all(np.isfinite(q2)):
            bad = np.where(~np.all(np.isfinite(q2), axis=1))[0]
            problems.append(f"{name}: non-finite values in {len(bad)} images (first: {bad[0]})")
        diff = np.linalg.norm(q2 - o2, axis=1)
        ref = np.linalg.norm(o2, axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            rel = np.where(ref > 0, diff / np.where(ref > 0, ref, 1), diff)
        rel = np.where(np.isfinite(rel), rel, np.inf)
        i = int(np.argmax(rel))
        if rel[i] > worst or not worst_where:
            worst, worst_where = float(rel[i]), f"{name[:-4]}[image {i}]"
        over = np.where(rel > tol)[0]
        if len(over):
            problems.append(f"{name}: rel L2 > {tol:g} on {len(over)}/{n_images} images "
                            f"(first: image {over[0]}, {rel[over[0]]:.3g})")
        a = q2.argmax(axis=1) == o2.argmax(axis=1)
        if not a.all():
            problems.append(f"{name}: argmax differs on {int((~a).sum())}/{n_images} images")
        agree &= a
    return worst, worst_where, agree, problems


def check(name, args, work):
    t_start = time.time()
    os.makedirs(work, exist_ok=True)
    spec = prep_data.MODELS[name]
    onnx_path = prep_data.model_path(name)
    data_dir = args.data_dir or work
    x_path, y_path = prep_data.prepare(
        name, os.path.join(data_dir, f"{name}.eval.{args.limit or 'all'}"),
        split="eval", limit=args.limit, quiet=True)
    labels = np.load(y_path)
    n = len(labels)

    quantc = os.path.join(args.build_dir, "bin", "quantc")
    quantc_run = os.path.join(args.build_dir, "bin", "quantc-run")
    so = os.path.join(work, name + ".so")
    t0 = time.time()
    run([quantc, onnx_path, "-o", so] + args.quantc_arg, "quantc", args.timeout)
    t_compile = time.time() - t0

    q_dir = os.path.join(work, name + ".quantc")
    o_dir = os.path.join(work, name + ".ort")
    for d in (q_dir, o_dir):
        shutil.rmtree(d, ignore_errors=True)
    feed = f"{spec['input']}={x_path}"
    run([quantc_run, so, "--input", feed, "--output-dir", q_dir, "--threads", str(args.threads)],
        "quantc-run", args.timeout)
    run([args.node, ORT_RUN, onnx_path, "--input", feed, "--output-dir", o_dir,
         "--threads", str(args.threads)], "ort_run.js", args.timeout)

    names = sorted(os.listdir(o_dir))
    if not names:
        raise CheckError("ORT wrote no outputs")
    logits = first_output_file(onnx_path, args)
    if logits not in names:
        raise CheckError(f"ORT did not write {logits}")
    o_out = load_outputs(o_dir, names)
    q_out = load_outputs(q_dir, names)
    worst, where, agree, problems = compare(q_out, o_out, n, args.tol)

    # Top-1 accuracy from the first graph output (the logits).
    q_top1 = q_out[logits].reshape(n, -1).argmax(axis=1)
    o_top1 = o_out[logits].reshape(n, -1).argmax(axis=1)
    return dict(
        ok=not problems, problems=problems, n=n, worst=worst, where=where,
        agree=int(agree.sum()),
        q_acc=100.0 * float((q_top1 == labels).mean()),
        o_acc=100.0 * float((o_top1 == labels).mean()),
        t_compile=t_compile, t_total=time.time() - t_start)


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("models", nargs="+", metavar="MODEL",
                   help=f"model name(s) or 'all' ({', '.join(ALL_MODELS)})")
    p.add_argument("--limit", type=int, default=16,
                   help="first N images of the eval split (default 16; 0 = all)")
    p.add_argument("--build-dir", default="/work/main/build",
                   help="quantc build directory holding bin/quantc and bin/quantc-run")
    p.add_argument("--work-dir", help="keep artifacts, outputs and data here (default: a temp dir)")
    p.add_argument("--data-dir", help="cache prepared tensors here (default: the work dir)")
    p.add_argument("--tol", type=float, default=1e-4, help="max relative L2 error (default 1e-4)")
    p.add_argument("--threads", type=int, default=1, help="threads for quantc-run and ORT")
    p.add_argument("--quantc-arg", action="append", default=[], metavar="FLAG",
                   help="extra flag for quantc (repeatable), e.g. --quantc-arg=-O0")
    p.add_argument("--node", default="node", help="Node.js executable")
    p.add_argument("--timeout", type=int, default=1800, help="seconds per step (default 1800)")
    args = p.parse_args()

    models = []
    for m in args.models:
        models += ALL_MODELS if m == "all" else [prep_data.model_name(m)]
    if args.limit < 0:
        p.error("--limit must be >= 0")
    if not os.path.isdir(os.path.join(REPO, "node_modules", "onnxruntime-node")):
        p.error(f"onnxruntime-node is not installed: run 'npm ci' in {REPO}")

    tmp = None
    if args.work_dir:
        base = os.path.abspath(args.work_dir)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="quantc-e2e.")
        base = tmp.name
    failed = 0
    try:
        for name in models:
            try:
                r = check(name, args, os.path.join(base, name))
            except CheckError as e:
                failed += 1
                print(f"{name}: FAIL  {e}", flush=True)
                continue
            status = "PASS" if r["ok"] else "FAIL"
            failed += not r["ok"]
            print(f"{name}: {status}  images {r['n']}  max rel L2 {r['worst']:.3e} ({r['where']})  "
                  f"top-1 agree {r['agree']}/{r['n']}  top-1 quantc {r['q_acc']:.2f}% "
                  f"ORT {r['o_acc']:.2f}%  (compile {r['t_compile']:.1f}s, total {r['t_total']:.1f}s)",
                  flush=True)
            for msg in r["problems"]:
                print(f"  {name}: {msg}", flush=True)
    finally:
        if tmp is not None:
            tmp.cleanup()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
