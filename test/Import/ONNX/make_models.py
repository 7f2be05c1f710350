#!/usr/bin/env python3
# Writes the tiny ONNX models the importer and CLI tests compile:
#
#   make_models.py NAME OUT.onnx
#
# Run by lit with Debian's /usr/bin/python3 (python3-onnx 1.12); nothing is
# checked in but this script. Each model is built with onnx.helper and saved
# as it is (no checker, no shape inference), so broken models stay broken.

import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

F = TensorProto.FLOAT


def tensor(name, values, dtype=np.float32):
    return numpy_helper.from_array(np.asarray(values, dtype=dtype), name)


def value(name, shape, elem=F):
    return helper.make_tensor_value_info(name, elem, shape)


def model(nodes, inputs, outputs, initializers=(), opset=13, ir_version=None,
          **kwargs):
    graph = helper.make_graph(nodes, "g", inputs, outputs, list(initializers))
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)],
                          producer_name="make_models.py", **kwargs)
    if ir_version is not None:
        m.ir_version = ir_version
    return m


MODELS = {}


def register(fn):
    MODELS[fn.__name__] = fn
    return fn


#===----------------------------------------------------------------------===#
# Importer tests (test/Import/ONNX)
#===----------------------------------------------------------------------===#


@register
def initializers():
    """y = (x + big) * small + edge: initializers of 33 (> 32, a
    dense_resource blob), 2 and exactly 32 elements (dense literals)."""
    big = tensor("big_weight", np.arange(33) / 8.0)
    small = tensor("small_scale", [[2.0], [3.0]])
    edge = tensor("edge", np.ones([1, 32]) * 0.5)
    nodes = [
        helper.make_node("Add", ["x", "big_weight"], ["t"], name="add_big"),
        helper.make_node("Mul", ["t", "small_scale"], ["u"], name="mul_small"),
        helper.make_node("Slice", ["u", "zero", "n32", "one"], ["v"],
                         name="slice32"),
        helper.make_node("Add", ["v", "edge"], ["y"], name="add_edge"),
    ]
    inits = [big, small, edge, tensor("zero", [0], np.int64),
             tensor("n32", [32], np.int64), tensor("one", [1], np.int64)]
    return model(nodes, [value("x", [2, 33])], [value("y", [2, 32])], inits)


@register
def initializer_as_input():
    """An old exporter's model (IR 3) that also lists its initializer among
    the graph inputs: it is a constant, not an argument of @main."""
    w = tensor("w", [1.0, 2.0, 3.0])
    nodes = [helper.make_node("Mul", ["x", "w"], ["y"], name="scale")]
    return model(nodes, [value("x", [1, 3]), value("w", [3])],
                 [value("y", [1, 3])], [w], opset=8, ir_version=3)


@register
def node_names():
    """A named Relu feeding a named Hardmax (which quantc does not support)
    and an unnamed Hardmax: errors name the node, or OpType#index."""
    nodes = [
        helper.make_node("Relu", ["x"], ["r"], name="stem/relu"),
        helper.make_node("Hardmax", ["r"], ["y"], name="head/hardmax"),
        helper.make_node("Hardmax", ["r"], ["z"]),
    ]
    return model(nodes, [value("x", [1, 10])],
                 [value("y", [1, 10]), value("z", [1, 10])])


@register
def symbolic_batch():
    """x: [N, 3, 4, 4] with a symbolic batch, through a conv, a flatten and
    a gemm, so the batch reaches the output."""
    w = tensor("w", np.ones([2, 3, 1, 1]))
    fc = tensor("fc", np.ones([5, 32]))
    nodes = [
        helper.make_node("Conv", ["x", "w"], ["c"], name="conv"),
        helper.make_node("Flatten", ["c"], ["f"], name="flatten"),
        helper.make_node("Gemm", ["f", "fc"], ["y"], name="fc", transB=1),
    ]
    return model(nodes, [value("x", ["N", 3, 4, 4])], [value("y", ["N", 5])],
                 [w, fc])


@register
def unknown_dim():
    """x: [?, 8] with an unnamed unknown dimension (no dim_param)."""
    nodes = [helper.make_node("Relu", ["x"], ["y"], name="relu")]
    return model(nodes, [value("x", [None, 8])], [value("y", [None, 8])])


@register
def opset8():
    """An opset-8 model the version converter takes to opset 13: Clip-6
    (bounds become inputs), Unsqueeze/Squeeze-1 (axes become inputs),
    Reshape-5, MaxPool-8."""
    nodes = [
        helper.make_node("MaxPool", ["x"], ["p"], name="pool",
                         kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Reshape", ["p", "shape"], ["r"], name="flatten"),
        helper.make_node("Unsqueeze", ["r"], ["u"], name="unsqueeze",
                         axes=[0]),
        helper.make_node("Squeeze", ["u"], ["q"], name="squeeze", axes=[0]),
        helper.make_node("Clip", ["q"], ["y"], name="relu6", min=0.0,
                         max=6.0),
    ]
    return model(nodes, [value("x", [1, 2, 4, 4])], [value("y", [1, 8])],
                 [tensor("shape", [1, -1], np.int64)], opset=8)


@register
def opset8_softmax():
    """An opset-8 classifier head: MatMul then Softmax-1. ONNX's Softmax
    12 -> 13 adapter needs the input's shape."""
    nodes = [
        helper.make_node("MatMul", ["x", "w"], ["logits"], name="fc"),
        helper.make_node("Softmax", ["logits"], ["y"], name="softmax"),
    ]
    return model(nodes, [value("x", [1, 4])], [value("y", [1, 3])],
                 [tensor("w", np.ones([4, 3]))], opset=8)


@register
def opset2_pad():
    """Pad-2 with the default value (no `value` attribute): ONNX 1.12's Pad
    10 -> 11 adapter requires the attribute, so version conversion fails."""
    nodes = [helper.make_node("Pad", ["x"], ["y"], name="pad",
                              pads=[0, 1, 0, 2])]
    return model(nodes, [value("x", [2, 3])], [value("y", [2, 6])], opset=2)


@register
def external_data():
    """A 64-element initializer stored in a side file next to the model."""
    nodes = [helper.make_node("Mul", ["x", "w"], ["y"], name="scale")]
    return model(nodes, [value("x", [1, 64])], [value("y", [1, 64])],
                 [tensor("w", np.arange(64) / 4.0)])


@register
def maxpool_ceil_last_window():
    """MaxPool with ceil_mode whose last window would start past the input:
    W = 5, kernel 1, stride 3 -> windows at 0 and 3 (ONNX >= 1.16 and ONNX
    Runtime); ONNX 1.12's shape inference still counts one at 6."""
    nodes = [helper.make_node("MaxPool", ["x"], ["y"], name="pool",
                              kernel_shape=[1, 1], strides=[1, 3],
                              ceil_mode=1)]
    return model(nodes, [value("x", [1, 3, 4, 5])],
                 [value("y", [1, 3, 4, None])])


@register
def reduce_mean_opset18():
    """ReduceMean-18 takes its axes as an input (here [1], keepdims 0)."""
    nodes = [helper.make_node("ReduceMean", ["x", "axes"], ["y"], name="mean",
                              keepdims=0)]
    return model(nodes, [value("x", [2, 3, 4])], [value("y", [2, 4])],
                 [tensor("axes", [1], np.int64)], opset=18)


@register
def where_int64_max_slice():
    """x[:, 2:end] where end = Where(c, INT64_MAX, 5) with c = [True], the
    "to the end" sentinel exporters emit; ONNX 1.12 cannot propagate the
    value through Where, so the Slice's output width is left unknown."""
    nodes = [
        helper.make_node("Where", ["c", "int64_max", "five"], ["end"],
                         name="end_or_max"),
        helper.make_node("Slice", ["x", "two", "end", "one"], ["y"],
                         name="slice"),
    ]
    inits = [tensor("c", [True], np.bool_),
             tensor("int64_max", 2**63 - 1, np.int64),
             tensor("five", [5], np.int64), tensor("two", [2], np.int64),
             tensor("one", [1], np.int64)]
    return model(nodes, [value("x", [4, 10])], [value("y", [4, None])], inits)


#===----------------------------------------------------------------------===#
# Bad-input tests of the command-line tools (test/tools)
#===----------------------------------------------------------------------===#


@register
def relu():
    """The smallest valid model: y = relu(x), x: [1, 4]."""
    nodes = [helper.make_node("Relu", ["x"], ["y"], name="relu")]
    return model(nodes, [value("x", [1, 4])], [value("y", [1, 4])])


@register
def add_relu():
    """y = relu(a + b) with a: [1, 3], b: [3]; out = a * 2 (two outputs)."""
    nodes = [
        helper.make_node("Add", ["a", "b"], ["s"], name="add"),
        helper.make_node("Relu", ["s"], ["y"], name="relu"),
        helper.make_node("Mul", ["a", "two"], ["out"], name="double"),
    ]
    return model(nodes, [value("a", [1, 3]), value("b", [3])],
                 [value("y", [1, 3]), value("out", [1, 3])],
                 [tensor("two", 2.0)])


@register
def unsupported_op():
    """A standard ONNX op quantc has no handler for (Hardmax)."""
    nodes = [
        helper.make_node("Relu", ["x"], ["r"], name="stem/relu"),
        helper.make_node("Hardmax", ["r"], ["y"], name="head/hardmax"),
    ]
    return model(nodes, [value("x", [1, 10])], [value("y", [1, 10])])


@register
def unknown_op():
    """An op type ONNX itself does not know, in the default domain."""
    nodes = [helper.make_node("FancyOp", ["x"], ["y"], name="fancy")]
    return model(nodes, [value("x", [1, 4])], [value("y", [1, 4])])


@register
def custom_domain():
    """A Relu in a custom operator domain."""
    nodes = [helper.make_node("Relu", ["x"], ["y"], name="custom_relu",
                              domain="com.example")]
    graph = helper.make_graph(nodes, "g", [value("x", [1, 4])],
                              [value("y", [1, 4])])
    return helper.make_model(graph, opset_imports=[
        helper.make_opsetid("", 13), helper.make_opsetid("com.example", 1)])


@register
def subgraph():
    """An If node: its branches are GRAPH attributes."""
    then_g = helper.make_graph([helper.make_node("Relu", ["x"], ["t"])],
                               "then", [], [value("t", [1, 4])])
    else_g = helper.make_graph([helper.make_node("Neg", ["x"], ["e"])],
                               "else", [], [value("e", [1, 4])])
    nodes = [helper.make_node("If", ["c"], ["y"], name="branch",
                              then_branch=then_g, else_branch=else_g)]
    return model(nodes, [value("c", [], TensorProto.BOOL), value("x", [1, 4])],
                 [value("y", [1, 4])])


@register
def conv3d():
    """A 3-d convolution (quantc supports 1-d and 2-d)."""
    nodes = [helper.make_node("Conv", ["x", "w"], ["y"], name="conv3d")]
    return model(nodes, [value("x", [1, 2, 4, 4, 4])],
                 [value("y", [1, 3, 4, 4, 4])],
                 [tensor("w", np.ones([3, 2, 1, 1, 1]))])


@register
def maxpool_indices():
    """MaxPool whose Indices output is a graph output."""
    nodes = [helper.make_node("MaxPool", ["x"], ["y", "indices"], name="pool",
                              kernel_shape=[2, 2], strides=[2, 2])]
    return model(nodes, [value("x", [1, 2, 4, 4])],
                 [value("y", [1, 2, 2, 2]),
                  value("indices", [1, 2, 2, 2], TensorProto.INT64)])


@register
def dynamic_reshape():
    """Reshape to a shape that is a run-time input: its output shape, and
    so the Relu's input shape, is unknown at compile time."""
    nodes = [
        helper.make_node("Reshape", ["x", "shape"], ["r"], name="reshape"),
        helper.make_node("Relu", ["r"], ["y"], name="relu"),
    ]
    return model(nodes, [value("x", [2, 6]),
                         value("shape", [2], TensorProto.INT64)],
                 [value("y", [None, None])])


@register
def missing_initializer():
    """A Conv whose weight "w" is neither an input nor an initializer."""
    nodes = [helper.make_node("Conv", ["x", "w"], ["y"], name="conv1")]
    return model(nodes, [value("x", [1, 2, 4, 4])], [value("y", [1, 3, 4, 4])])


@register
def pad_reflect_too_big():
    """Reflect Pad of [2, 3, 3] with pads [2, 2, -1, 2, 0, 2]: the negative
    pad crops, then 2 + 2 reflected rows of a 2-row dimension are too many."""
    nodes = [helper.make_node("Pad", ["x", "pads"], ["y"], name="mirror",
                              mode="reflect")]
    return model(nodes, [value("x", [2, 3, 3])], [value("y", [None] * 3)],
                 [tensor("pads", [2, 2, -1, 2, 0, 2], np.int64)])


@register
def tile_negative_repeat():
    """Tile of [2, 3] by [2, -1]."""
    nodes = [helper.make_node("Tile", ["x", "repeats"], ["y"], name="tile")]
    return model(nodes, [value("x", [2, 3])], [value("y", [None, None])],
                 [tensor("repeats", [2, -1], np.int64)])


EXTERNAL = {"external_data"}


@register
def optional_inputs():
    """Clip-13 with an empty ("") min and a constant max."""
    nodes = [helper.make_node("Clip", ["x", "", "hi"], ["y"], name="relu6ish")]
    return model(nodes, [value("x", [1, 4])], [value("y", [1, 4])],
                 [tensor("hi", 6.0)])


@register
def multiple_outputs():
    """Split into two named outputs plus a third from a Relu: @main returns
    three values, in graph output order."""
    nodes = [
        helper.make_node("Split", ["x"], ["first", "second"], name="split",
                         axis=1),
        helper.make_node("Relu", ["x"], ["activated"], name="relu"),
    ]
    return model(nodes, [value("x", [1, 4])],
                 [value("second", [1, 2]), value("first", [1, 2]),
                  value("activated", [1, 4])])


@register
def two_inputs():
    """Two inputs with symbolic dims, for --input-shape."""
    nodes = [helper.make_node("Add", ["a", "b"], ["y"], name="add")]
    return model(nodes, [value("a", ["N", 3]), value("b", ["N", 3])],
                 [value("y", ["N", 3])])


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in MODELS:
        sys.exit("usage: make_models.py {%s} OUT.onnx" % ",".join(MODELS))
    name, out = sys.argv[1], sys.argv[2]
    m = MODELS[name]()
    if name in EXTERNAL:
        # Weights go to OUT.onnx.data, next to the model, named relative to it.
        onnx.save_model(m, out, save_as_external_data=True,
                        all_tensors_to_one_file=True,
                        location=os.path.basename(out) + ".data",
                        size_threshold=0)
    else:
        onnx.save(m, out)
