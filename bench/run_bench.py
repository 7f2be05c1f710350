#!/usr/bin/python3
"""Latency of quantc artifacts against ONNX Runtime, batch 1.

    /usr/bin/python3 bench/run_bench.py [--runs 50] [--threads 1 2] [--models ...]
                                         [--no-int8] [--markdown]

For each model (every model of ../shared/models, plus ResNet-18, ResNet-50
and MobileNetV3-Small exported here from Debian's python3-torchvision with
random weights and a fixed seed: speed does not depend on weight values) and thread count, it
compiles the model with quantc and times `quantc-run --bench` and
`scripts/ort_run.js --bench` (onnxruntime-node) on the same input file, in
child processes of this script, alternating them. Unless --no-int8, it also
compiles an INT8 artifact (--quantize=int8, calibrated on the calib split of
../shared/data for the shared models, on 8 random inputs of seed 1 for the
ResNets) and times it in the same rotation. Each timing is the median of
--runs runs after --warmup runs. Prints the table of latency ratios against
ONNX Runtime FP32 (lower is better for quantc) and INT8 against quantc FP32.
"""

import argparse
import json
import os
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import quantc_tools  # noqa: E402

SHARED_MODELS = ["mnist-8", "tiny_darknet", "mobilenetv2_1.0_224",
                 "mobilenetv1_0.25_128"]
TORCH_MODELS = ["resnet18", "resnet50", "mobilenet_v3_small"]


def run(cmd):
    return quantc_tools.run(cmd, "bench")


def export_torchvision(name, path):
    """Exports a torchvision model (random weights, seed 0) to ONNX."""
    if os.path.exists(path):
        return
    import torch
    import torchvision
    torch.manual_seed(0)
    model = getattr(torchvision.models, name)(weights=None).eval()
    x = torch.randn(1, 3, 224, 224)
    torch.onnx.export(model, x, path, input_names=["input"],
                      output_names=["logits"], opset_version=13)


def model_input(name, onnx_path, work):
    """A real preprocessed image for the shared models, random data (seed 0)
    for the others; saved as .npy and fed to both runtimes."""
    path = os.path.join(work, name + "_input.npy")
    if name in SHARED_MODELS:
        import prep_data
        prep_data.prepare(name, os.path.join(work, name + "_img"), split="eval",
                          limit=1, quiet=True)
        x = np.load(os.path.join(work, name + "_img.npy"))[:1]
    else:
        x = np.random.default_rng(0).standard_normal((1, 3, 224, 224)).astype(np.float32)
    np.save(path, x)
    return path


def calib_data(name, work):
    """Calibration inputs for the INT8 artifact."""
    path = os.path.join(work, name + "_calib.npy")
    if name in SHARED_MODELS:
        import prep_data
        prep_data.prepare(name, path, split="calib", quiet=True)
    else:
        x = np.random.default_rng(1).standard_normal((8, 3, 224, 224))
        np.save(path, x.astype(np.float32))
    return path


def bench(cmd):
    out = run(cmd).strip().splitlines()[-1]
    return json.loads(out)["median_ms"]


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--models", nargs="*", default=SHARED_MODELS + TORCH_MODELS)
    ap.add_argument("--threads", nargs="*", type=int, default=[1, 2])
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--repeats", type=int, default=1,
                    help="alternating quantc/ORT measurements per cell (median)")
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    ap.add_argument("--work-dir", default=os.path.join(ROOT, "build", "bench"))
    ap.add_argument("--quantc-arg", action="append", default=[],
                    help="extra quantc flag (e.g. --quantc-arg=--quantize=int8)")
    ap.add_argument("--ort-model-suffix", default="",
                    help="time ORT on <model><suffix>.onnx from the work dir "
                         "(e.g. a QDQ model) instead of the float model")
    ap.add_argument("--no-int8", action="store_true",
                    help="time the FP32 artifacts only")
    ap.add_argument("--markdown", action="store_true")
    args = ap.parse_args()
    if args.runs < 20:
        sys.exit("bench: use at least 20 timed runs")

    os.makedirs(args.work_dir, exist_ok=True)
    quantc = os.path.join(args.build_dir, "bin", "quantc")
    qrun = os.path.join(args.build_dir, "bin", "quantc-run")
    ort = ["node", os.path.join(ROOT, "scripts", "ort_run.js")]

    rows = []
    for name in args.models:
        if name in TORCH_MODELS:
            onnx = os.path.join(args.work_dir, name + ".onnx")
            export_torchvision(name, onnx)
        else:
            onnx = os.path.join(SHARED, "models", name + ".onnx")
        so = os.path.join(args.work_dir, name + ".so")
        run([quantc, onnx, "-o", so] + args.quantc_arg)
        so8 = None
        if not args.no_int8:
            so8 = os.path.join(args.work_dir, name + ".int8.so")
            run([quantc, onnx, "--quantize=int8", "--calib-data",
                 calib_data(name, args.work_dir), "-o", so8] + args.quantc_arg)
        x = model_input(name, onnx, args.work_dir)
        in_name = run([qrun, so, "--info"]).splitlines()[1].split()[1].rstrip(":")
        ort_model = onnx
        if args.ort_model_suffix:
            ort_model = os.path.join(args.work_dir, name + args.ort_model_suffix + ".onnx")
        for t in args.threads:
            times = {"fp32": [], "int8": [], "ort": []}
            timing = ["--input", "%s=%s" % (in_name, x), "--bench",
                      str(args.runs), "--warmup", str(args.warmup),
                      "--threads", str(t)]
            for _ in range(args.repeats):
                times["fp32"].append(bench([qrun, so] + timing))
                if so8:
                    times["int8"].append(bench([qrun, so8] + timing))
                times["ort"].append(bench(ort + [ort_model] + timing))
            q, o = float(np.median(times["fp32"])), float(np.median(times["ort"]))
            q8 = float(np.median(times["int8"])) if so8 else float("nan")
            rows.append((name, t, q, q8, o))
            print("%-22s threads %d  quantc FP32 %9.3f ms  INT8 %9.3f ms  "
                  "ORT FP32 %9.3f ms  FP32/ORT %.2f  INT8/ORT %.2f  "
                  "INT8/FP32 %.2f" % (name, t, q, q8, o, q / o, q8 / o, q8 / q),
                  file=sys.stderr, flush=True)

    if args.markdown:
        print("| model | threads | quantc FP32 (ms) | quantc INT8 (ms) | "
              "ONNX Runtime FP32 (ms) | FP32 / ORT | INT8 / ORT | INT8 / FP32 |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- |")
        for name, t, q, q8, o in rows:
            print("| %s | %d | %.3f | %.3f | %.3f | %.2f | %.2f | %.2f |"
                  % (name, t, q, q8, o, q / o, q8 / o, q8 / q))
    else:
        print("%-22s %7s %11s %11s %11s %9s %9s %10s" % (
            "model", "threads", "FP32 ms", "INT8 ms", "ORT ms", "FP32/ORT",
            "INT8/ORT", "INT8/FP32"))
        for name, t, q, q8, o in rows:
            print("%-22s %7d %11.3f %11.3f %11.3f %9.2f %9.2f %10.2f"
                  % (name, t, q, q8, o, q / o, q8 / o, q8 / q))
    print("\nworst quantc FP32 / ORT FP32 latency ratio: %.2f"
          % max(q / o for _, _, q, _, o in rows))
    if not args.no_int8:
        print("worst quantc INT8 / ORT FP32 latency ratio: %.2f"
              % max(q8 / o for _, _, _, q8, o in rows))
        print("worst quantc INT8 / quantc FP32 latency ratio: %.2f"
              % max(q8 / q for _, _, q, q8, _ in rows))


if __name__ == "__main__":
    main()
