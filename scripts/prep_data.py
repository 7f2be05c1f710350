#!/usr/bin/python3
"""Model-ready input tensors for the evaluation models in ../shared/models.

Run with Debian's /usr/bin/python3 (needs python3-numpy, and python3-pil for
the ImageNet models).

    /usr/bin/python3 scripts/prep_data.py MODEL OUT [--split eval|calib|all]
                                          [--limit N] [--force]

MODEL is a model name (tiny_darknet, mobilenetv2_1.0_224,
mobilenetv1_0.25_128, mnist-8), optionally with .onnx or a directory.
Writes OUT.npy (float32, the model's input layout, images stacked along
dimension 0) and OUT.labels.npy (int64 class indices); a trailing .npy on OUT
is ignored.

  ImageNet models: ../shared/scripts/prep_images.py `tensors` on
      ../shared/data/imagenet-sample/images with the model's resize, crop,
      scale and offset (../shared/data/README.md). calib = the 100 classes
      whose index % 10 == 1, eval = the other 900.
  mnist-8: the MNIST test set idx files, raw pixels 0..255 as float32,
      [N, 1, 28, 28]. calib = the first 100 test images, eval = the other
      9900.

--limit N keeps the first N images of the split. Results are cached: when
OUT.npy and OUT.labels.npy exist, are newer than every input (images, idx
files, scripts) and OUT.meta.json records the same model, split, limit and
preprocessing, nothing is done (--force redoes it).
"""
import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile

import numpy as np

SHARED = os.environ.get("QUANTC_SHARED", "/work/shared")
MODELS_DIR = os.path.join(SHARED, "models")
DATA_DIR = os.path.join(SHARED, "data")
PREP_IMAGES = os.path.join(SHARED, "scripts", "prep_images.py")

# Per-model input and preprocessing (../shared/data/README.md).
MODELS = {
    "tiny_darknet": dict(kind="imagenet", input="input", resize=256, crop=224,
                         scale="0.00392157", offset="0"),
    "mobilenetv2_1.0_224": dict(kind="imagenet", input="input", resize=256, crop=224,
                                scale="0.00784314", offset="-0.99607843"),
    "mobilenetv1_0.25_128": dict(kind="imagenet", input="input", resize=146, crop=128,
                                 scale="0.0078125", offset="-1"),
    "mnist-8": dict(kind="mnist", input="Input3"),
}
MNIST_CALIB = 100  # the first 100 test images calibrate; the other 9900 evaluate


def model_name(model):
    """'../models/mnist-8.onnx' -> 'mnist-8', checked against MODELS."""
    name = os.path.basename(model)
    if name.endswith(".onnx"):
        name = name[: -len(".onnx")]
    if name not in MODELS:
        raise SystemExit(f"prep_data: error: unknown model '{model}' "
                         f"(known: {', '.join(sorted(MODELS))})")
    return name


def model_path(name):
    return os.path.join(MODELS_DIR, name + ".onnx")


def _inputs_of(spec):
    """Files whose modification invalidates the cached tensors."""
    files = [os.path.abspath(__file__)]
    if spec["kind"] == "imagenet":
        img_dir = os.path.join(DATA_DIR, "imagenet-sample", "images")
        files += [PREP_IMAGES, img_dir]
        files += [os.path.join(img_dir, f) for f in os.listdir(img_dir) if f.endswith(".jpg")]
    else:
        files += [os.path.join(DATA_DIR, "mnist", f)
                  for f in ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")]
    return files


def _up_to_date(out, meta, inputs):
    outs = [out + ".npy", out + ".labels.npy", out + ".meta.json"]
    if not all(os.path.exists(f) for f in outs):
        return False
    try:
        with open(out + ".meta.json") as f:
            if json.load(f) != meta:
                return False
    except (OSError, ValueError):
        return False
    oldest_out = min(os.path.getmtime(f) for f in outs)
    newest_in = max(os.path.getmtime(f) for f in inputs)
    return oldest_out > newest_in


def _read_idx(path, magic):
    with gzip.open(path, "rb") as f:
        data = f.read()
    head = np.frombuffer(data, dtype=">i4", count=2)
    if head[0] != magic:
        raise SystemExit(f"prep_data: error: {path}: bad idx magic {head[0]} (expected {magic})")
    ndim = magic & 0xFF
    dims = np.frombuffer(data, dtype=">i4", count=ndim, offset=4).astype(np.int64)
    body = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    if body.size != int(np.prod(dims)):
        raise SystemExit(f"prep_data: error: {path}: {body.size} bytes of data, expected {np.prod(dims)}")
    return body.reshape(dims)


def _mnist(split, limit, tmp):
    d = os.path.join(DATA_DIR, "mnist")
    images = _read_idx(os.path.join(d, "t10k-images-idx3-ubyte.gz"), 2051)
    labels = _read_idx(os.path.join(d, "t10k-labels-idx1-ubyte.gz"), 2049)
    if len(images) != len(labels):
        raise SystemExit("prep_data: error: MNIST images and labels differ in count")
    sel = {"calib": slice(0, MNIST_CALIB), "eval": slice(MNIST_CALIB, None),
           "all": slice(None)}[split]
    images, labels = images[sel], labels[sel]
    if limit:
        images, labels = images[:limit], labels[:limit]
    x = images.astype(np.float32).reshape(-1, 1, 28, 28)
    np.save(tmp + ".npy", np.ascontiguousarray(x))
    np.save(tmp + ".labels.npy", labels.astype(np.int64))


def _imagenet(spec, split, limit, tmp):
    cmd = [sys.executable, PREP_IMAGES, "tensors",
           os.path.join(DATA_DIR, "imagenet-sample", "images"), tmp,
           "--split", split, "--resize", str(spec["resize"]), "--crop", str(spec["crop"]),
           "--scale", spec["scale"], "--offset", spec["offset"]]
    if limit:
        cmd += ["--limit", str(limit)]
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        last = (r.stderr.strip().splitlines() or ["(no message)"])[-1]
        raise SystemExit(f"prep_data: error: prep_images.py failed: {last}")


def prepare(model, out, split="eval", limit=0, force=False, quiet=False):
    """Writes OUT.npy / OUT.labels.npy for MODEL; returns (inputs path, labels path)."""
    name = model_name(model)
    spec = MODELS[name]
    if split not in ("eval", "calib", "all"):
        raise SystemExit(f"prep_data: error: unknown split '{split}'")
    if limit < 0:
        raise SystemExit("prep_data: error: --limit must be >= 0")
    if out.endswith(".npy"):
        out = out[: -len(".npy")]
    meta = dict(model=name, split=split, limit=limit, **spec)
    paths = (out + ".npy", out + ".labels.npy")
    if not force and _up_to_date(out, meta, _inputs_of(spec)):
        if not quiet:
            print(f"{paths[0]} is up to date")
        return paths

    out_dir = os.path.dirname(os.path.abspath(out))
    os.makedirs(out_dir, exist_ok=True)
    # Build under a temporary prefix and rename, so that an interrupted run
    # never leaves a half-written cache behind.
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".prep_data.") as td:
        tmp = os.path.join(td, "t")
        if spec["kind"] == "mnist":
            _mnist(split, limit, tmp)
        else:
            _imagenet(spec, split, limit, tmp)
        os.replace(tmp + ".labels.npy", paths[1])
        os.replace(tmp + ".npy", paths[0])
        with open(out + ".meta.json", "w") as f:
            json.dump(meta, f, indent=1)
            f.write("\n")
    if not quiet:
        x = np.load(paths[0], mmap_mode="r")
        print(f"wrote {paths[0]} {x.dtype}{list(x.shape)} and {paths[1]}")
    return paths


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("model", help="model name, e.g. mobilenetv2_1.0_224 (or its .onnx path)")
    p.add_argument("out", help="output prefix: writes OUT.npy and OUT.labels.npy")
    p.add_argument("--split", choices=["eval", "calib", "all"], default="eval")
    p.add_argument("--limit", type=int, default=0, metavar="N",
                   help="keep only the first N images of the split (0 = all)")
    p.add_argument("--force", action="store_true", help="ignore the cache")
    p.add_argument("-q", "--quiet", action="store_true")
    a = p.parse_args()
    prepare(a.model, a.out, a.split, a.limit, a.force, a.quiet)


if __name__ == "__main__":
    main()
