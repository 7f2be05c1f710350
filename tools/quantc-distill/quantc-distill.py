#!/usr/bin/python3
"""quantc-distill: calibration inputs without data (ZeroQ's distilled data).

    quantc-distill.py MODEL.onnx -o OUT.npy [--input-shape NAME=DIMS ...]
        [--samples 16] [--iters 200] [--lr 0.25] [--seed 0]

Distills inputs whose intermediate statistics match the model's own
BatchNormalization running statistics (Cai et al., "ZeroQ: A Novel Zero Shot
Quantization Framework", CVPR 2020): start from standard-normal inputs and
minimize, with Adam, the sum over every BatchNormalization node of

    ||mean_c(a) - running_mean||^2 / C + ||std_c(a) - sqrt(running_var + eps)||^2 / C

where a is the node's input over the batch and the spatial dimensions and C
its channel count. Gradients flow through the float model, evaluated by
onnx_torch (an ONNX interpreter on python3-torch, next to this script).

A model without BatchNormalization nodes (their statistics are the only
information about the training data a float model keeps) cannot be
distilled: the fallback is --samples standard-normal inputs (ZeroQ's starting
point), which is said on stderr; calibrate on real data for such models.

Writes OUT.npy (samples stacked along dimension 0) for a model with one
float input, OUT.npz (one array per input name) otherwise. quantc runs this
script for `--quantize=int8` without --calib-data or --load-calib.
"""

import argparse
import math
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))


def fail(msg):
    sys.exit("quantc-distill: error: " + msg)


def parse_shapes(items):
    shapes = {}
    for item in items:
        name, sep, dims = item.rpartition("=")
        try:
            shape = [int(d) for d in dims.split("x")]
        except ValueError:
            shape = []
        if not sep or not name or not shape or min(shape) <= 0:
            fail("bad --input-shape '%s' (expected NAME=D0xD1x...)" % item)
        shapes[name] = shape
    return shapes


def input_shapes(module, given):
    """Static per-sample shapes of the model's float inputs."""
    import onnx
    shapes = {}
    for vi in module.proto.graph.input:
        if vi.name not in module.input_names:
            continue
        tt = vi.type.tensor_type
        if tt.elem_type != onnx.TensorProto.FLOAT:
            fail("input '%s' is not float32: only float inputs are distilled"
                 % vi.name)
        if vi.name in given:
            shapes[vi.name] = given[vi.name]
            continue
        dims = []
        for i, d in enumerate(tt.shape.dim):
            if d.HasField("dim_value") and d.dim_value > 0:
                dims.append(d.dim_value)
            elif i == 0:
                dims.append(1)  # a symbolic batch: one sample per row
            else:
                fail("input '%s' has a symbolic dimension %d: give "
                     "--input-shape" % (vi.name, i))
        shapes[vi.name] = dims
    return shapes


def main():
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--input-shape", action="append", default=[])
    ap.add_argument("--samples", type=int, default=16)
    ap.add_argument("--iters", type=int, default=200)
    ap.add_argument("--lr", type=float, default=0.25)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=0,
                    help="torch threads (0: every core)")
    a = ap.parse_args()
    if a.samples <= 0 or a.iters < 0 or not a.lr > 0:
        fail("--samples and --lr must be positive, --iters non-negative")
    if not os.path.isfile(a.model):
        fail("cannot read %s" % a.model)
    try:
        import torch
    except ImportError:
        fail("python3-torch is not installed (apt-get install python3-torch); "
             "or give --calib-data")
    import onnx_torch
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    try:
        module = onnx_torch.OnnxModule(a.model)
    except NotImplementedError as e:
        fail("%s: %s; give --calib-data" % (a.model, e))
    except Exception as e:  # malformed models are quantc's to diagnose
        fail("%s: %s" % (a.model, e))
    shapes = input_shapes(module, parse_shapes(a.input_shape))
    names = list(shapes)
    # Batch rows: the model's batch dimension times --samples.
    xs = {n: torch.randn([a.samples * shapes[n][0]] + shapes[n][1:])
          for n in names}
    bns = module.batchnorms()
    t0 = time.time()
    if not bns:
        print("quantc-distill: note: %s has no BatchNormalization node: no "
              "statistics to distill data from; calibrating on %d "
              "standard-normal inputs (give --calib-data for real ranges)"
              % (os.path.basename(a.model), a.samples), file=sys.stderr)
    else:
        for x in xs.values():
            x.requires_grad_(True)
        opt = torch.optim.Adam(list(xs.values()), lr=a.lr)
        targets = [(b.input, b.mean.detach(), torch.sqrt(b.var.detach() + b.eps))
                   for b in bns]

        def loss_of():
            acts = module(feeds=xs, capture=[t for t, _, _ in targets],
                          outputs=[])
            total = 0.0
            for t, mean, std in targets:
                v = acts[t]
                dims = [0] + list(range(2, v.dim()))
                m = v.mean(dims)
                s = torch.sqrt(v.var(dims, unbiased=False) + 1e-8)
                total = total + ((m - mean) ** 2).sum() / mean.numel() \
                    + ((s - std) ** 2).sum() / std.numel()
            return total

        first = None
        tty = sys.stderr.isatty()
        for it in range(a.iters):
            opt.zero_grad()
            loss = loss_of()
            if first is None:
                first = float(loss)
            if not math.isfinite(float(loss)):
                fail("the distillation diverged (loss %s at iteration %d); "
                     "try a smaller --lr or give --calib-data" % (float(loss), it))
            loss.backward()
            opt.step()
            if tty:
                el = time.time() - t0
                eta = el / (it + 1) * (a.iters - it - 1)
                print("\rdistilling: %d/%d iterations, %.1f/s, ETA %.0fs, "
                      "BN loss %.4g " % (it + 1, a.iters, (it + 1) / el, eta,
                                         float(loss)),
                      end="", file=sys.stderr, flush=True)
        if tty:
            print(file=sys.stderr)
        with torch.no_grad():
            last = float(loss_of())
        if first is None:
            first = last
        print("quantc-distill: note: distilled %d inputs from the statistics "
              "of %d BatchNormalization nodes (ZeroQ): %d iterations, BN "
              "loss %.4g -> %.4g, %.0f s" % (a.samples, len(bns), a.iters,
                                             first, last, time.time() - t0),
              file=sys.stderr)
    arrays = {n: x.detach().numpy().astype(np.float32) for n, x in xs.items()}
    out = a.output
    if len(names) == 1:
        if not out.endswith(".npy"):
            fail("one input: the output is a .npy file")
        np.save(out, arrays[names[0]])
    else:
        if not out.endswith(".npz"):
            fail("several inputs: the output is a .npz file")
        np.savez(out, **arrays)
    return 0


if __name__ == "__main__":
    sys.exit(main())
