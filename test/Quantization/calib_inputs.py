#!/usr/bin/python3
"""Models and calibration data (good and bad) for the INT8 calibration tests.

    calib_inputs.py model NAME OUT_PREFIX
        writes OUT_PREFIX.onnx and OUT_PREFIX.calib.npy (float32 samples
        stacked along dimension 0; for two-input models OUT_PREFIX.calib.npz)
    calib_inputs.py data FORM SRC.npy OUT
        writes the samples of SRC.npy (stacked, single input) in another
        form, or a broken variant of them, to OUT
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

MODELS = {}
FORMS = {}


def register(table):
    def wrap(fn):
        table[fn.__name__] = fn
        return fn
    return wrap


def make(nodes, inputs, outputs, inits=()):
    graph = helper.make_graph(
        nodes, "calib",
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, s) for n, s in inputs],
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, s) for n, s in outputs],
        list(inits))
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    return model


def save(model, calib, prefix):
    onnx.save(model, prefix + ".onnx")
    if isinstance(calib, dict):
        np.savez(prefix + ".calib.npz", **{k: v.astype(np.float32) for k, v in calib.items()})
    else:
        np.save(prefix + ".calib.npy", calib.astype(np.float32))


def init(name, array):
    return numpy_helper.from_array(np.asarray(array, np.float32), name)


@register(MODELS)
def add_output(prefix):
    """y = x + x, the add feeding the model output (a standalone rescale)."""
    model = make([helper.make_node("Add", ["x", "x"], ["y"], name="add")],
                 [("x", [1, 4])], [("y", [1, 4])])
    save(model, np.random.default_rng(0).uniform(-1, 1, [16, 4]), prefix)


@register(MODELS)
def add_matmul(prefix):
    """y = (x + x) @ W: a standalone add feeding a contraction."""
    w = init("w", [[1, -0.5], [0.25, 0.5], [0, 1], [-1, 0.125]])
    model = make([helper.make_node("Add", ["x", "x"], ["a"], name="add"),
                  helper.make_node("MatMul", ["a", "w"], ["y"], name="fc")],
                 [("x", [1, 4])], [("y", [1, 2])], [w])
    save(model, np.random.default_rng(0).uniform(-1, 1, [16, 4]), prefix)


@register(MODELS)
def matvec(prefix):
    """y = x @ v with a 1-d constant v (numpy matrix-vector product)."""
    v = init("v", [1, 0.5, 0.25, -0.125])
    model = make([helper.make_node("MatMul", ["x", "v"], ["y"], name="mv")],
                 [("x", [2, 4])], [("y", [2])], [v])
    save(model, np.random.default_rng(0).uniform(-1, 1, [32, 4]), prefix)


@register(MODELS)
def batched_matmul(prefix):
    """y = x @ B with a constant batch of two different 3x2 matrices: the
    input zero point must be corrected per batch (column sums differ)."""
    b = init("b", [[[1, 0], [1, 0], [1, 0]], [[0, 1], [0, 1], [0, -1]]])
    model = make([helper.make_node("MatMul", ["x", "b"], ["y"], name="bmm")],
                 [("x", [2, 1, 3])], [("y", [2, 1, 2])], [b])
    save(model, np.random.default_rng(0).uniform(-1, 1, [32, 1, 3]), prefix)


@register(MODELS)
def zero_conv(prefix):
    """A convolution with all-zero weights and bias: its output (and the
    ReLU / average after it) is the constant 0, a degenerate range. The
    model output is the constant bias of the final Gemm, [0.5, -0.25]."""
    nodes = [
        helper.make_node("Conv", ["x", "w", "b"], ["c"], name="zero_conv", pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c"], ["r"], name="relu"),
        helper.make_node("GlobalAveragePool", ["r"], ["g"], name="gap"),
        helper.make_node("Flatten", ["g"], ["f"], name="flat"),
        helper.make_node("Gemm", ["f", "wf", "bf"], ["y"], name="fc"),
    ]
    inits = [init("w", np.zeros([4, 3, 3, 3])), init("b", np.zeros([4])),
             init("wf", np.ones([4, 2])), init("bf", [0.5, -0.25])]
    model = make(nodes, [("x", [1, 3, 8, 8])], [("y", [1, 2])], inits)
    save(model, np.random.default_rng(0).uniform(-1, 1, [8, 3, 8, 8]), prefix)


@register(MODELS)
def two_inputs(prefix):
    """Concat of two inputs, then a 1x1 convolution."""
    rng = np.random.default_rng(0)
    w = init("w", rng.normal(0, 0.3, [4, 6, 1, 1]))
    model = make([helper.make_node("Concat", ["a", "b"], ["c"], name="cat", axis=1),
                  helper.make_node("Conv", ["c", "w"], ["y"], name="conv")],
                 [("a", [1, 2, 4, 4]), ("b", [1, 4, 4, 4])], [("y", [1, 4, 4, 4])], [w])
    save(model, {"a": rng.uniform(-1, 1, [6, 2, 4, 4]), "b": rng.uniform(0, 2, [6, 4, 4, 4])},
         prefix)


@register(MODELS)
def tiny_weights(prefix):
    """A 1x1 convolution whose output channel 0 has tiny weights (~1e-6)
    and bias 1.0, as BatchNorm folding leaves a nearly dead channel:
    y[0] ~ 1.0 whatever the input; channel 1 is ordinary."""
    w = np.zeros([2, 3, 1, 1])
    w[0, :, 0, 0] = [1e-6, -1e-6, 5e-7]
    w[1, :, 0, 0] = [0.5, -0.25, 1.0]
    model = make([helper.make_node("Conv", ["x", "w", "b"], ["y"], name="conv")],
                 [("x", [1, 3, 2, 2])], [("y", [1, 2, 2, 2])],
                 [init("w", w), init("b", [1.0, 0.1])])
    save(model, np.random.default_rng(0).uniform(-1, 1, [8, 3, 2, 2]), prefix)


@register(MODELS)
def softmax(prefix):
    """Gemm then Softmax (no integer form)."""
    w = init("w", np.random.default_rng(0).normal(0, 0.5, [4, 3]))
    model = make([helper.make_node("Gemm", ["x", "w"], ["g"], name="fc"),
                  helper.make_node("Softmax", ["g"], ["y"], name="probs", axis=1)],
                 [("x", [1, 4])], [("y", [1, 3])], [w])
    save(model, np.random.default_rng(1).uniform(-1, 1, [16, 4]), prefix)


@register(MODELS)
def sigmoid(prefix):
    """Gemm then Sigmoid: an element-wise nonlinearity docs/quantization.md
    says becomes a 256-entry lookup table."""
    w = init("w", np.random.default_rng(0).normal(0, 0.5, [4, 3]))
    model = make([helper.make_node("Gemm", ["x", "w"], ["g"], name="fc"),
                  helper.make_node("Sigmoid", ["g"], ["y"], name="gate")],
                 [("x", [1, 4])], [("y", [1, 3])], [w])
    save(model, np.random.default_rng(1).uniform(-1, 1, [16, 4]), prefix)


# Data forms: SRC holds N samples stacked along dimension 0 (leading
# dimension 1 per sample).

def tensor_bytes(array, name="x"):
    return numpy_helper.from_array(array, name).SerializeToString()


@register(FORMS)
def npy_dir(src, out):
    """A directory of .npy files, one sample each (sorted by name); other
    files are ignored."""
    os.makedirs(out)
    for i, s in enumerate(src):
        np.save(os.path.join(out, "sample_%03d.npy" % i), s[None])
    with open(os.path.join(out, "README.txt"), "w") as f:
        f.write("not a tensor\n")


@register(FORMS)
def npz(src, out):
    np.savez(out, x=src)


@register(FORMS)
def npz_compressed(src, out):
    np.savez_compressed(out, src)


@register(FORMS)
def pb_dir(src, out):
    """A directory of ONNX TensorProto .pb files, one sample each."""
    os.makedirs(out)
    for i, s in enumerate(src):
        with open(os.path.join(out, "input_%d.pb" % i), "wb") as f:
            f.write(tensor_bytes(s[None]))


@register(FORMS)
def test_data_sets(src, out):
    """ONNX test_data_set_K/input_0.pb directories."""
    for i, s in enumerate(src):
        d = os.path.join(out, "test_data_set_%d" % i)
        os.makedirs(d)
        with open(os.path.join(d, "input_0.pb"), "wb") as f:
            f.write(tensor_bytes(s[None]))


@register(FORMS)
def pb(src, out):
    """One TensorProto file holding the whole stack."""
    with open(out, "wb") as f:
        f.write(tensor_bytes(src))


@register(FORMS)
def float64(src, out):
    np.save(out, src.astype(np.float64))


@register(FORMS)
def float64_overflow(src, out):
    """float64 data outside the float32 range (finite, but not as float32)."""
    np.save(out, src.astype(np.float64) * 1e300)


@register(FORMS)
def int64(src, out):
    np.save(out, np.round(src).astype(np.int64))


@register(FORMS)
def wrong_shape(src, out):
    np.save(out, src[..., :-1])


@register(FORMS)
def unstacked(src, out):
    """One sample without its leading dimension."""
    np.save(out, src[0])


@register(FORMS)
def nan(src, out):
    bad = src.copy()
    bad[1].flat[5] = np.nan
    np.save(out, bad)


@register(FORMS)
def inf(src, out):
    bad = src.copy()
    bad[0].flat[2] = -np.inf
    np.save(out, bad)


@register(FORMS)
def zero_samples(src, out):
    np.save(out, src[:0])


@register(FORMS)
def empty_dir(src, out):
    os.makedirs(out)


@register(FORMS)
def garbage(src, out):
    with open(out, "wb") as f:
        f.write(b"this is not a numpy file\n")


@register(FORMS)
def truncated(src, out):
    np.save(out, src)
    with open(out, "rb") as f:
        data = f.read()
    with open(out, "wb") as f:
        f.write(data[:len(data) // 2])


@register(FORMS)
def garbage_npz(src, out):
    with open(out, "wb") as f:
        f.write(b"PK\x03\x04 not really a zip archive")


@register(FORMS)
def model_as_pb_dir(src, out):
    """A directory whose input_0.pb is an ONNX model, not a tensor."""
    os.makedirs(out)
    model = make([helper.make_node("Relu", ["x"], ["y"], name="relu")],
                 [("x", [1, 4])], [("y", [1, 4])])
    with open(os.path.join(out, "input_0.pb"), "wb") as f:
        f.write(model.SerializeToString())


if __name__ == "__main__":
    args = sys.argv[1:]
    if len(args) == 3 and args[0] == "model" and args[1] in MODELS:
        MODELS[args[1]](args[2])
    elif len(args) == 4 and args[0] == "data" and args[1] in FORMS:
        FORMS[args[1]](np.load(args[2]), args[3])
    else:
        sys.exit("usage: calib_inputs.py model {%s} OUT_PREFIX\n"
                 "       calib_inputs.py data {%s} SRC.npy OUT"
                 % (",".join(MODELS), ",".join(FORMS)))
