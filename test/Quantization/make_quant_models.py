#!/usr/bin/python3
"""Small ONNX models and calibration data for the INT8 lit tests.

    make_quant_models.py NAME OUT_PREFIX

writes OUT_PREFIX.onnx and OUT_PREFIX.calib.npy (float32, samples stacked
along dimension 0).
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

MODELS = {}


def register(fn):
    MODELS[fn.__name__] = fn
    return fn


def save(model, calib, prefix):
    onnx.checker.check_model(model)
    onnx.save(model, prefix + ".onnx")
    np.save(prefix + ".calib.npy", calib.astype(np.float32))


@register
def saturation(prefix):
    """A 1x1 convolution over 64 channels with every weight 1.0: on inputs
    of 1.0 every activation code is 255 and every weight code 127, so each
    output sums 64 products of 255 x 127 (pairs of them overflow 16 bits:
    the case ONNX Runtime's u8 x s8 AVX2 kernels saturate)."""
    w = numpy_helper.from_array(np.ones([2, 64, 1, 1], np.float32), "w")
    node = helper.make_node("Conv", ["x", "w"], ["y"], name="conv")
    graph = helper.make_graph(
        [node], "saturation",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 64, 1, 1])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 2, 1, 1])],
        [w])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    # Activations span [0, 1]: code 255 is exactly 1.0.
    rng = np.random.default_rng(0)
    calib = rng.uniform(0, 1, [16, 64, 1, 1])
    calib[0] = 1.0
    calib[1] = 0.0
    save(model, calib, prefix)


@register
def small_cnn(prefix):
    """Conv (3x3, pads) + ReLU, a residual Add, MaxPool, GlobalAveragePool,
    Gemm: one of each integer kernel, calibrated on random data."""
    rng = np.random.default_rng(1)
    inits = [
        numpy_helper.from_array(rng.normal(0, 0.3, [8, 3, 3, 3]).astype(np.float32), "w1"),
        numpy_helper.from_array(rng.normal(0, 0.1, [8]).astype(np.float32), "b1"),
        numpy_helper.from_array(rng.normal(0, 0.3, [8, 8, 1, 1]).astype(np.float32), "w2"),
        numpy_helper.from_array(rng.normal(0, 0.3, [8, 4]).astype(np.float32), "wf"),
        numpy_helper.from_array(rng.normal(0, 0.1, [4]).astype(np.float32), "bf"),
    ]
    nodes = [
        helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], name="conv1", pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c1"], ["r1"], name="relu1"),
        helper.make_node("Conv", ["r1", "w2"], ["c2"], name="conv2"),
        helper.make_node("Add", ["c2", "r1"], ["a"], name="add"),
        helper.make_node("MaxPool", ["a"], ["p"], name="pool", kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("GlobalAveragePool", ["p"], ["g"], name="gap"),
        helper.make_node("Flatten", ["g"], ["f"], name="flatten"),
        helper.make_node("Gemm", ["f", "wf", "bf"], ["y"], name="fc"),
    ]
    graph = helper.make_graph(
        nodes, "small_cnn",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 8, 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    save(model, rng.uniform(-1, 1, [8, 3, 8, 8]), prefix)


@register
def standalone_add(prefix):
    """Add and Sub that fuse into no contraction (their operands are pools),
    read by a convolution, a concat and the graph output."""
    rng = np.random.default_rng(4)
    w = numpy_helper.from_array(rng.normal(0, 0.5, [4, 4, 1, 1]).astype(np.float32), "w")
    N = helper.make_node
    nodes = [
        N("MaxPool", ["x"], ["a"], name="pool_a", kernel_shape=[2, 2], strides=[2, 2]),
        N("AveragePool", ["x"], ["b"], name="pool_b", kernel_shape=[2, 2], strides=[2, 2]),
        N("Add", ["a", "b"], ["s"], name="add"),
        N("Sub", ["a", "b"], ["d"], name="sub"),
        N("Conv", ["s", "w"], ["c"], name="conv"),
        N("Concat", ["c", "d"], ["y"], name="concat", axis=1),
    ]
    graph = helper.make_graph(
        nodes, "standalone_add",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4, 8, 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 8, 4, 4]),
         helper.make_tensor_value_info("d", TensorProto.FLOAT, [1, 4, 4, 4])], [w])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    save(model, rng.uniform(-1, 1, [16, 4, 8, 8]), prefix)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in MODELS:
        sys.exit("usage: make_quant_models.py {%s} OUT_PREFIX" % ",".join(MODELS))
    MODELS[sys.argv[1]](sys.argv[2])
