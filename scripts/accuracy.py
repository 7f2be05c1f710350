#!/usr/bin/python3
"""The INT8 accuracy table (docs/accuracy.md): quantc against FP32 and against
ONNX Runtime's default static quantizer.

    /usr/bin/python3 scripts/accuracy.py [--models a,b] \\
        [--calib-method minmax,percentile,mse,entropy] [--limit N] \\
        [--work DIR] [--markdown] [--recalibrate] [--build-dir DIR]

For each classifier of ../shared/models (mnist-8, tiny_darknet,
mobilenetv2_1.0_224, mobilenetv1_0.25_128):

  data      scripts/prep_data.py: the calib split (MNIST: the first 100 test
            images; ImageNet sample: the 100 calib images) calibrates, the
            eval split (MNIST: the other 9,900; ImageNet sample: 900 images)
            scores; --limit N keeps the first N eval images.
  FP32      the float model run by ONNX Runtime (scripts/ort_run.js).
  ORT INT8  scripts/ort_quantize.py (quantize_static's defaults: QDQ, MinMax,
            per-tensor int8 weights, uint8 activations) run by ONNX Runtime.
  quantc    `quantc MODEL.onnx --quantize=int8 --calib-data CALIB.npy
            --calib-method M -o X.so`, run by `quantc-run X.so`, one column
            per --calib-method. The model is calibrated once (--save-calib)
            and every other method compiles from the saved statistics
            (--load-calib), which hold each tensor's min/max and histogram and
            give the same artifact; --recalibrate calibrates for every method.

Metrics, on the model's first output (the logits) over the eval images:
  top-1      argmax == label (labels from prep_data.py: the standard ImageNet
             index, which is the order of all three ImageNet models' outputs;
             MNIST digits), as test/e2e/check_model.py and check_int8.py;
  agreement  argmax equal to the FP32 model's argmax;
  SQNR       10 log10(sum(ref^2) / sum((q - ref)^2)) in dB, ref = FP32
             outputs, q = the INT8 outputs (dequantized), all images at once.

Prints a text table, or with --markdown the tables of docs/accuracy.md
(with this command line). Exit status 1 if a step failed (its cell says
FAIL and the command and error go to stderr).
"""

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import time

import numpy as np

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "scripts"))
import prep_data  # noqa: E402

ORT_RUN = os.path.join(REPO, "scripts", "ort_run.js")
MODELS = ["mnist-8", "tiny_darknet", "mobilenetv2_1.0_224", "mobilenetv1_0.25_128"]
METHODS = ["minmax", "percentile", "mse", "entropy"]
# Acceptance targets: the most top-1 points quantc INT8 may lose against FP32.
TARGET_LOSS = {"mnist-8": 0.1, "tiny_darknet": 0.5, "mobilenetv2_1.0_224": 1.0,
               "mobilenetv1_0.25_128": 1.5}


class StepError(Exception):
    pass


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def run(cmd, what):
    """Runs cmd niced; StepError with the command and the last error lines."""
    t0 = time.time()
    r = subprocess.run(["nice", "-n", "10"] + cmd, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        lines = [l for l in (r.stderr + r.stdout).splitlines() if l.strip()]
        raise StepError("%s failed (exit %d): %s\n  command: %s" % (
            what, r.returncode, "\n  ".join(lines[-5:]) or "(no output)",
            " ".join(shlex.quote(c) for c in cmd)))
    return time.time() - t0


def fname(name):
    """The file name ort_run.js and quantc-run give an output."""
    return "".join(c if c.isalnum() or c in "_.-" else "_" for c in name) + ".npy"


def first_output(onnx_path):
    import onnx
    return onnx.load(onnx_path, load_external_data=False).graph.output[0].name


def metrics(out, ref, labels):
    n = len(labels)
    q = out.reshape(n, -1).astype(np.float64)
    f = ref.reshape(n, -1).astype(np.float64)
    noise = ((q - f) ** 2).sum()
    sqnr = float("inf") if noise == 0 else 10 * np.log10((f ** 2).sum() / noise)
    qa, fa = q.argmax(1) == labels, f.argmax(1) == labels
    # Images the quantized model gets right and FP32 wrong, and the reverse:
    # the change in top-1 is (gained - lost) / n, with a paired 95% interval
    # of about +-1.96 sqrt(gained + lost) / n.
    gained, lost = int((qa & ~fa).sum()), int((~qa & fa).sum())
    return dict(top1=100 * float(qa.mean()),
                agree=100 * float((q.argmax(1) == f.argmax(1)).mean()),
                sqnr=float(sqnr), gained=gained, lost=lost,
                ci=100 * 1.96 * np.sqrt(gained + lost) / n)


def evaluate(model, args, work):
    """{'fp32': metrics, 'ort': metrics, 'quantc:<m>': metrics or None, ...}."""
    t_model = time.time()
    spec = prep_data.MODELS[model]
    onnx_path = prep_data.model_path(model)
    data = os.path.join(work, "data")
    calib, _ = prep_data.prepare(model, os.path.join(data, model + ".calib"), split="calib",
                                 quiet=True)
    evald, labels_path = prep_data.prepare(
        model, os.path.join(data, "%s.eval.%s" % (model, args.limit or "all")), split="eval",
        limit=args.limit, quiet=True)
    labels = np.load(labels_path)
    feed = "%s=%s" % (spec["input"], evald)
    out = fname(first_output(onnx_path))
    mdir = os.path.join(work, model)
    shutil.rmtree(mdir, ignore_errors=True)
    os.makedirs(mdir)
    res = dict(n=len(labels), times={})

    # FP32: the float model with ONNX Runtime.
    fdir = os.path.join(mdir, "fp32")
    res["times"]["fp32 run"] = run(["node", ORT_RUN, onnx_path, "--input", feed,
                                    "--output-dir", fdir], "ort_run.js (FP32)")
    ref = np.load(os.path.join(fdir, out))
    res["fp32"] = metrics(ref, ref, labels)
    log("%s: FP32 top-1 %.2f%% (%d images)" % (model, res["fp32"]["top1"], len(labels)))

    # ORT INT8: quantize_static's defaults, run by ONNX Runtime.
    qdq = os.path.join(mdir, model + ".qdq.onnx")
    try:
        t0 = time.time()
        cmd = [sys.executable, os.path.join(REPO, "scripts", "ort_quantize.py"), onnx_path,
               "--calib", calib, "--input-name", spec["input"], "-o", qdq]
        run(cmd, "ort_quantize.py")
        res["times"]["ort quantize"] = time.time() - t0
        odir = os.path.join(mdir, "ort_int8")
        res["times"]["ort int8 run"] = run(["node", ORT_RUN, qdq, "--input", feed,
                                            "--output-dir", odir], "ort_run.js (INT8)")
        res["ort"] = metrics(np.load(os.path.join(odir, out)), ref, labels)
        log("%s: ORT INT8 top-1 %.2f%%" % (model, res["ort"]["top1"]))
    except StepError as e:
        log("%s: ORT INT8: %s" % (model, e))
        res["ort"] = None

    # quantc INT8, one artifact per calibration method.
    quantc = os.path.join(args.build_dir, "bin", "quantc")
    qrun = os.path.join(args.build_dir, "bin", "quantc-run")
    stats = os.path.join(mdir, "calib.json")
    have_stats = False
    for method in args.methods:
        key = "quantc:" + method
        so = os.path.join(mdir, "%s.%s.so" % (model, method.replace(".", "_")))
        cmd = [quantc, onnx_path, "-o", so, "--quantize=int8", "--calib-method=" + method]
        if have_stats and not args.recalibrate:
            cmd += ["--load-calib", stats]
        else:
            cmd += ["--calib-data", calib] + ([] if args.recalibrate else ["--save-calib", stats])
        try:
            res["times"]["quantc %s compile" % method] = run(cmd, "quantc")
            have_stats = have_stats or not args.recalibrate
            qdir = os.path.join(mdir, "quantc_" + method)
            res["times"]["quantc %s run" % method] = run(
                [qrun, so, "--input", feed, "--output-dir", qdir], "quantc-run")
            res[key] = metrics(np.load(os.path.join(qdir, out)), ref, labels)
            log("%s: quantc %s top-1 %.2f%%" % (model, method, res[key]["top1"]))
        except StepError as e:
            log("%s: quantc %s: %s" % (model, method, e))
            res[key] = None
    res["times"]["total"] = time.time() - t_model
    return res


def loss_cell(m, fp32):
    if m is None:
        return "FAIL"
    return "%.2f (%+.2f ±%.2f)" % (m["top1"], m["top1"] - fp32["top1"], m["ci"])


def agree_cell(m):
    if m is None:
        return "FAIL"
    return "%.2f / %.1f" % (m["agree"], m["sqnr"])


def meets(model, m, res):
    """Target met: loss <= TARGET_LOSS and top-1 >= the ORT baseline."""
    if m is None:
        return False
    loss = res["fp32"]["top1"] - m["top1"]
    ok = loss <= TARGET_LOSS[model] + 1e-9
    if res.get("ort") is not None:
        ok = ok and m["top1"] >= res["ort"]["top1"] - 1e-9
    return ok


def git_head():
    r = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"],
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    return r.stdout.strip() or "unknown"


def binary_stamp(args):
    path = os.path.join(args.build_dir, "bin", "quantc")
    try:
        return "%s (modified %s)" % (path, time.strftime(
            "%Y-%m-%d %H:%M:%S", time.localtime(os.path.getmtime(path))))
    except OSError:
        return path + " (missing)"


def markdown(results, args, command, wall, head):
    keys = ["ort"] + ["quantc:" + m for m in args.methods]
    heads = ["ORT INT8"] + ["quantc %s" % m for m in args.methods]
    lines = ["Command (%s, %.0f s wall; quantc at commit %s, %s):" % (
                 time.strftime("%Y-%m-%d"), wall, head, binary_stamp(args)), "",
             "```", command, "```", "",
             "Top-1 accuracy in %, and in parentheses the change against FP32 in "
             "points ± the half-width of its paired 95% interval (1.96 sqrt(g + l) / n, "
             "g and l the images the INT8 model gets right where FP32 is wrong and the "
             "reverse):", "",
             "| model | eval images | FP32 | " + " | ".join(heads) + " |",
             "|---" * (3 + len(heads)) + "|"]
    for model, res in results.items():
        fp = res["fp32"]
        lines.append("| %s | %d | %.2f | %s |" % (
            model, res["n"], fp["top1"], " | ".join(loss_cell(res.get(k), fp) for k in keys)))
    lines += ["", "Top-1 agreement with FP32 in % / output SQNR against FP32 in dB:", "",
              "| model | " + " | ".join(heads) + " |", "|---" * (1 + len(heads)) + "|"]
    for model, res in results.items():
        lines.append("| %s | %s |" % (model, " | ".join(agree_cell(res.get(k)) for k in keys)))
    lines += ["", "Acceptance targets (at most the given loss in top-1 points against FP32, "
              "and never below ORT INT8):", "",
              "| model | target | " + " | ".join("quantc %s" % m for m in args.methods) + " |",
              "|---" * (2 + len(args.methods)) + "|"]
    for model, res in results.items():
        cells = ["met" if meets(model, res.get("quantc:" + m), res) else "**not met**"
                 for m in args.methods]
        lines.append("| %s | <= %.1f | %s |" % (model, TARGET_LOSS[model], " | ".join(cells)))
    lines += ["", "Wall time per model (s): " + ", ".join(
        "%s %.0f" % (m, r["times"]["total"]) for m, r in results.items()), ""]
    return "\n".join(lines)


def text(results, args, wall):
    rows = [("model", "quantizer", "images", "top-1", "vs FP32", "+-95%", "agree", "SQNR dB")]
    for model, res in results.items():
        fp = res["fp32"]
        rows.append((model, "FP32 (ORT)", str(res["n"]), "%.2f" % fp["top1"], "", "", "", ""))
        for key, name in [("ort", "ORT INT8 default")] + [
                ("quantc:" + m, "quantc " + m) for m in args.methods]:
            m = res.get(key)
            if m is None:
                rows.append((model, name, str(res["n"]), "FAIL", "", "", "", ""))
            else:
                rows.append((model, name, str(res["n"]), "%.2f" % m["top1"],
                             "%+.2f" % (m["top1"] - fp["top1"]), "%.2f" % m["ci"],
                             "%.2f" % m["agree"],
                             "%.1f" % m["sqnr"]))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    out.append("wall time %.0f s" % wall)
    return "\n".join(out)


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--models", default=",".join(MODELS),
                   help="comma-separated models (default: all four)")
    p.add_argument("--calib-method", default=",".join(METHODS),
                   help="comma-separated quantc --calib-method values, one column each "
                        "(default: %s)" % ",".join(METHODS))
    p.add_argument("--limit", type=int, default=0, metavar="N",
                   help="score only the first N eval images (0 = all)")
    p.add_argument("--work", default=os.path.join(os.environ.get("TMPDIR", "/tmp"),
                                                  "quantc-accuracy"),
                   help="work and cache directory (prepared data is reused)")
    p.add_argument("--markdown", action="store_true", help="print markdown tables")
    p.add_argument("--recalibrate", action="store_true",
                   help="calibrate from --calib-data for every method instead of reusing "
                        "the first method's saved statistics")
    p.add_argument("--build-dir", default=os.path.join(REPO, "build"),
                   help="quantc build directory (bin/quantc, bin/quantc-run)")
    args = p.parse_args()
    models = [m for m in args.models.split(",") if m]
    for m in models:
        if m not in TARGET_LOSS:
            p.error("unknown model '%s' (known: %s)" % (m, ", ".join(MODELS)))
    args.methods = [m for m in args.calib_method.split(",") if m]
    if args.limit < 0:
        p.error("--limit must be >= 0")
    if not os.path.isdir(os.path.join(REPO, "node_modules", "onnxruntime-node")):
        p.error("onnxruntime-node is not installed: run 'npm ci' in %s" % REPO)
    os.makedirs(args.work, exist_ok=True)

    command = " ".join(shlex.quote(a) for a in ["/usr/bin/python3", "scripts/accuracy.py"]
                       + sys.argv[1:])
    t0 = time.time()
    stamp, head = binary_stamp(args), git_head()
    results = {}
    failed = False
    for model in models:
        try:
            results[model] = evaluate(model, args, args.work)
        except StepError as e:  # FP32 itself failed: nothing to compare with
            log("%s: %s" % (model, e))
            failed = True
            continue
        failed = failed or any(results[model].get(k) is None
                               for k in ["ort"] + ["quantc:" + m for m in args.methods])
    wall = time.time() - t0
    if binary_stamp(args) != stamp:
        log("accuracy: warning: %s changed during the run (was %s)" % (binary_stamp(args), stamp))
    if args.markdown:
        print(markdown(results, args, command, wall, head))
    else:
        print(text(results, args, wall))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
