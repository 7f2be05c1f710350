#!/usr/bin/env python3
# Writes tiny quantized ONNX models (QDQ and QLinear forms, as other tools
# write them) for the importer tests:
#
#   make_qdq_models.py NAME OUT.onnx [INPUT.npy]
#
# With INPUT.npy, also writes a random input for the model's one input.
# Built with onnx.helper and saved as they are, so broken models stay broken.

import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

F = TensorProto.FLOAT
U8 = TensorProto.UINT8
I8 = TensorProto.INT8


def tensor(name, values, dtype=None):
    if dtype is None:
        dtype = values.dtype if isinstance(values, np.ndarray) else np.float32
    return numpy_helper.from_array(np.asarray(values, dtype=dtype), name)


def value(name, shape, elem=F):
    return helper.make_tensor_value_info(name, elem, shape)


def model(nodes, inputs, outputs, initializers=(), opset=13):
    graph = helper.make_graph(nodes, "g", inputs, outputs, list(initializers))
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)],
                             producer_name="make_qdq_models.py")


MODELS = {}


def register(fn):
    MODELS[fn.__name__] = fn
    return fn


def q(x, scale, zp, out, name):
    return helper.make_node("QuantizeLinear", [x, scale, zp], [out], name=name)


def dq(x, scale, zp, out, name, **attrs):
    inputs = [x, scale] + ([zp] if zp else [])
    return helper.make_node("DequantizeLinear", inputs, [out], name=name, **attrs)


@register
def qdq_conv():
    """QDQ: x -> Q/DQ (u8) -> Conv with int8 per-channel weights and an
    int32 bias -> Relu -> Q/DQ (u8, zero point 0) -> MaxPool -> Q/DQ (same
    parameters) -> y. The form of ONNX Runtime's static QDQ quantizer."""
    rng = np.random.default_rng(0)
    wq = rng.integers(-127, 128, [4, 3, 3, 3]).astype(np.int8)
    ws = (rng.uniform(0.5, 1.5, [4]) / 127).astype(np.float32)
    bq = rng.integers(-500, 500, [4]).astype(np.int32)
    inits = [
        tensor("x_scale", 2.0 / 255), tensor("x_zp", 128, np.uint8),
        tensor("w_q", wq), tensor("w_scale", ws), tensor("w_zp", np.zeros(4), np.int8),
        tensor("b_q", bq), tensor("b_scale", np.float32(2.0 / 255) * ws),
        tensor("y_scale", 0.05), tensor("y_zp", 0, np.uint8),
    ]
    nodes = [
        q("x", "x_scale", "x_zp", "x_q", "x_Q"),
        dq("x_q", "x_scale", "x_zp", "x_dq", "x_DQ"),
        dq("w_q", "w_scale", "w_zp", "w", "w_DQ", axis=0),
        dq("b_q", "b_scale", None, "b", "b_DQ", axis=0),
        helper.make_node("Conv", ["x_dq", "w", "b"], ["c"], name="conv",
                         pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c"], ["r"], name="relu"),
        q("r", "y_scale", "y_zp", "r_q", "r_Q"),
        dq("r_q", "y_scale", "y_zp", "r_dq", "r_DQ"),
        helper.make_node("MaxPool", ["r_dq"], ["p"], name="pool",
                         kernel_shape=[2, 2], strides=[2, 2]),
        q("p", "y_scale", "y_zp", "p_q", "p_Q"),
        dq("p_q", "y_scale", "y_zp", "y", "p_DQ"),
    ]
    return model(nodes, [value("x", [1, 3, 6, 6])], [value("y", [1, 4, 3, 3])],
                 inits)


@register
def qlinear():
    """QLinear: x -> QuantizeLinear (u8) -> QLinearConv (int8 per-channel
    weights, int32 bias) -> MaxPool on uint8 -> Flatten on uint8 ->
    QLinearMatMul (int8 per-tensor weights) -> DequantizeLinear."""
    rng = np.random.default_rng(1)
    wq = rng.integers(-127, 128, [4, 2, 3, 3]).astype(np.int8)
    ws = (rng.uniform(0.5, 1.5, [4]) / 127).astype(np.float32)
    bq = rng.integers(-300, 300, [4]).astype(np.int32)
    mq = rng.integers(-127, 128, [16, 5]).astype(np.int8)
    inits = [
        tensor("x_scale", 1.0 / 64), tensor("x_zp", 100, np.uint8),
        tensor("w_q", wq), tensor("w_scale", ws), tensor("w_zp", np.zeros(4), np.int8),
        tensor("b_q", bq),
        tensor("c_scale", 0.04), tensor("c_zp", 20, np.uint8),
        tensor("m_q", mq), tensor("m_scale", 0.01), tensor("m_zp", 0, np.int8),
        tensor("y_scale", 0.1), tensor("y_zp", 120, np.uint8),
    ]
    nodes = [
        q("x", "x_scale", "x_zp", "x_q", "x_Q"),
        helper.make_node("QLinearConv", ["x_q", "x_scale", "x_zp", "w_q", "w_scale",
                                         "w_zp", "c_scale", "c_zp", "b_q"],
                         ["c_q"], name="qconv", pads=[1, 1, 1, 1]),
        helper.make_node("MaxPool", ["c_q"], ["p_q"], name="pool",
                         kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Flatten", ["p_q"], ["f_q"], name="flatten"),
        helper.make_node("QLinearMatMul", ["f_q", "c_scale", "c_zp", "m_q", "m_scale",
                                           "m_zp", "y_scale", "y_zp"],
                         ["y_q"], name="qmatmul"),
        dq("y_q", "y_scale", "y_zp", "y", "y_DQ"),
    ]
    return model(nodes, [value("x", [1, 2, 4, 4])], [value("y", [1, 5])], inits)


@register
def per_tensor():
    """ONNX Runtime's default QDQ form: int8 weights and an int32 bias per
    tensor, DequantizeLinear without `axis` (the default, 1, is out of range
    for the rank-1 bias and ignored for per-tensor parameters)."""
    rng = np.random.default_rng(3)
    wq = rng.integers(-127, 128, [2, 3, 1, 1]).astype(np.int8)
    inits = [
        tensor("x_scale", 0.02), tensor("x_zp", 128, np.uint8),
        tensor("w_q", wq), tensor("w_scale", 0.01), tensor("w_zp", 0, np.int8),
        tensor("b_q", np.array([100, -100], np.int32)),
        tensor("b_scale", np.float32(0.02) * np.float32(0.01)),
        tensor("y_scale", 0.03), tensor("y_zp", 10, np.uint8),
    ]
    nodes = [
        q("x", "x_scale", "x_zp", "x_q", "x_Q"),
        dq("x_q", "x_scale", "x_zp", "x_dq", "x_DQ"),
        dq("w_q", "w_scale", "w_zp", "w", "w_DQ"),
        dq("b_q", "b_scale", None, "b", "b_DQ"),
        helper.make_node("Conv", ["x_dq", "w", "b"], ["c"], name="conv"),
        q("c", "y_scale", "y_zp", "c_q", "c_Q"),
        dq("c_q", "y_scale", "y_zp", "y", "c_DQ"),
    ]
    return model(nodes, [value("x", [1, 3, 2, 2])], [value("y", [1, 2, 2, 2])],
                 inits)


@register
def weight_qdq():
    """Float weights behind their own QuantizeLinear/DequantizeLinear pair,
    per output channel (ONNX Runtime's AddQDQPairToWeight)."""
    rng = np.random.default_rng(4)
    inits = [
        tensor("x_scale", 0.02), tensor("x_zp", 128, np.uint8),
        tensor("w", rng.normal(0, 0.5, [2, 3, 1, 1]).astype(np.float32)),
        tensor("w_scale", [0.01, 0.02]), tensor("w_zp", [0, 0], np.int8),
        tensor("y_scale", 0.03), tensor("y_zp", 10, np.uint8),
    ]
    nodes = [
        q("x", "x_scale", "x_zp", "x_q", "x_Q"),
        dq("x_q", "x_scale", "x_zp", "x_dq", "x_DQ"),
        q("w", "w_scale", "w_zp", "w_q", "w_Q"),
        dq("w_q", "w_scale", "w_zp", "w_dq", "w_DQ", axis=0),
        helper.make_node("Conv", ["x_dq", "w_dq"], ["c"], name="conv"),
        q("c", "y_scale", "y_zp", "c_q", "c_Q"),
        dq("c_q", "y_scale", "y_zp", "y", "c_DQ"),
    ]
    nodes[2].attribute.extend([helper.make_attribute("axis", 0)])
    return model(nodes, [value("x", [1, 3, 2, 2])], [value("y", [1, 2, 2, 2])],
                 inits)


#===----------------------------------------------------------------------===#
# Rejected forms: each one error naming the node, op and reason.
#===----------------------------------------------------------------------===#


@register
def dynamic_scale():
    """The scale is a graph input, not a constant."""
    nodes = [q("x", "s", "zp", "x_q", "x_Q"), dq("x_q", "s", "zp", "y", "x_DQ")]
    return model(nodes, [value("x", [1, 4]), value("s", [])], [value("y", [1, 4])],
                 [tensor("zp", 0, np.uint8)])


@register
def per_axis_activation():
    """QuantizeLinear of an activation with one scale per channel."""
    nodes = [q("x", "s", "zp", "x_q", "x_Q"),
             dq("x_q", "s", "zp", "y", "x_DQ", axis=1)]
    nodes[0].attribute.extend([helper.make_attribute("axis", 1)])
    return model(nodes, [value("x", [1, 4])], [value("y", [1, 4])],
                 [tensor("s", [0.1, 0.1, 0.2, 0.2]), tensor("zp", [0] * 4, np.uint8)])


@register
def int16_quantize():
    """QuantizeLinear to int16 (opset 21)."""
    nodes = [q("x", "s", "zp", "x_q", "x_Q"), dq("x_q", "s", "zp", "y", "x_DQ")]
    return model(nodes, [value("x", [1, 4])], [value("y", [1, 4])],
                 [tensor("s", 0.1), tensor("zp", 0, np.int16)], opset=21)


@register
def dynamic_quantize():
    nodes = [helper.make_node("DynamicQuantizeLinear", ["x"], ["x_q", "s", "zp"],
                              name="dyn"),
             dq("x_q", "s", "zp", "y", "x_DQ")]
    return model(nodes, [value("x", [1, 4])], [value("y", [1, 4])])


@register
def integer_add():
    """An Add on uint8 codes (wraps in ONNX): not a quantized value's use."""
    nodes = [q("x", "s", "zp", "x_q", "x_Q"),
             helper.make_node("Add", ["x_q", "x_q"], ["sum"], name="add"),
             dq("sum", "s", "zp", "y", "sum_DQ")]
    return model(nodes, [value("x", [1, 4])], [value("y", [1, 4])],
                 [tensor("s", 0.1), tensor("zp", 0, np.uint8)])


@register
def integer_output():
    nodes = [q("x", "s", "zp", "y", "x_Q")]
    return model(nodes, [value("x", [1, 4])], [value("y", [1, 4], U8)],
                 [tensor("s", 0.1), tensor("zp", 0, np.uint8)])


@register
def mismatched_grid():
    """DequantizeLinear reads codes with other parameters than they were
    quantized with."""
    nodes = [q("x", "s", "zp", "x_q", "x_Q"), dq("x_q", "s2", "zp", "y", "x_DQ")]
    return model(nodes, [value("x", [1, 4])], [value("y", [1, 4])],
                 [tensor("s", 0.1), tensor("s2", 0.2), tensor("zp", 0, np.uint8)])


def dynamic_conv_nodes(x, w, b, out, name, pads):
    """ONNX Runtime's quantize_dynamic form of Conv(x, w, b): the input
    quantized at run time, ConvInteger, Cast, Mul by the product of the two
    scales, Add of the bias reshaped to [1, C, 1, 1]."""
    return [
        helper.make_node("DynamicQuantizeLinear", [x], [x + "_q", x + "_s", x + "_zp"],
                         name=x + "_dyn"),
        helper.make_node("ConvInteger", [x + "_q", w + "_q", x + "_zp", w + "_zp"],
                         [out + "_acc"], name=name, pads=pads),
        helper.make_node("Cast", [out + "_acc"], [out + "_accf"], name=name + "_cast", to=F),
        helper.make_node("Mul", [x + "_s", w + "_s"], [name + "_scales"],
                         name=name + "_scales_mul"),
        helper.make_node("Mul", [out + "_accf", name + "_scales"], [out + "_scaled"],
                         name=name + "_output_scale_mul"),
        helper.make_node("Reshape", [b, "bias_shape"], [b + "_r"], name=name + "_bias_reshape"),
        helper.make_node("Add", [out + "_scaled", b + "_r"], [out], name=name + "_bias_add"),
    ]


@register
def dynamic_conv():
    """Two convolutions and a MatMul as ONNX Runtime's quantize_dynamic
    writes them: int8 weights (per tensor for the convolutions, per column
    for the MatMul, symmetric), uint8 activations quantized at run time."""
    rng = np.random.default_rng(8)
    w1 = rng.integers(-127, 128, [4, 3, 3, 3]).astype(np.int8)
    w2 = rng.integers(-127, 128, [6, 4, 1, 1]).astype(np.int8)
    m = rng.integers(-127, 128, [24, 5]).astype(np.int8)
    nodes = dynamic_conv_nodes("x", "w1", "b1", "c1", "conv1", [1, 1, 1, 1])
    nodes += [helper.make_node("Relu", ["c1"], ["r1"], name="relu1")]
    nodes += dynamic_conv_nodes("r1", "w2", "b2", "c2", "conv2", [0, 0, 0, 0])
    nodes += [
        helper.make_node("GlobalAveragePool", ["c2"], ["g"], name="gap"),
        helper.make_node("Flatten", ["g"], ["f"], name="flatten"),
        helper.make_node("Tile", ["f", "tiles"], ["t"], name="tile"),
        helper.make_node("DynamicQuantizeLinear", ["t"], ["t_q", "t_s", "t_zp"], name="t_dyn"),
        helper.make_node("MatMulInteger", ["t_q", "m_q", "t_zp", "m_zp"], ["mm_acc"],
                         name="matmul"),
        helper.make_node("Cast", ["mm_acc"], ["mm_accf"], name="matmul_cast", to=F),
        helper.make_node("Mul", ["t_s", "m_s"], ["matmul_scales"], name="matmul_scales_mul"),
        helper.make_node("Mul", ["mm_accf", "matmul_scales"], ["y"],
                         name="matmul_output_scale_mul"),
    ]
    inits = [tensor("w1_q", w1), tensor("w1_s", 0.004), tensor("w1_zp", 0, np.int8),
             tensor("b1", rng.uniform(-0.2, 0.2, 4).astype(np.float32)),
             tensor("w2_q", w2), tensor("w2_s", 0.01), tensor("w2_zp", 0, np.int8),
             tensor("b2", rng.uniform(-0.2, 0.2, 6).astype(np.float32)),
             tensor("bias_shape", np.array([1, -1, 1, 1]), np.int64),
             tensor("tiles", np.array([1, 4]), np.int64),
             tensor("m_q", m), tensor("m_s", rng.uniform(0.01, 0.03, 5).astype(np.float32)),
             tensor("m_zp", np.zeros(5), np.int8)]
    return model(nodes, [value("x", [1, 3, 6, 6])], [value("y", [1, 5])], inits)


@register
def static_conv_integer():
    """A static QuantizeLinear read by ConvInteger (uint8 weights with zero
    point 128), its accumulator cast to float and multiplied by
    x_scale * w_scale."""
    rng = np.random.default_rng(2)
    nodes = [q("x", "s", "zp", "x_q", "x_Q"),
             helper.make_node("ConvInteger", ["x_q", "w", "zp", "wzp"], ["acc"],
                              name="convi"),
             helper.make_node("Cast", ["acc"], ["accf"], name="cast", to=F),
             helper.make_node("Mul", ["accf", "rescale"], ["y"], name="rescale_mul")]
    return model(nodes, [value("x", [1, 2, 5, 5])], [value("y", [1, 3, 3, 3])],
                 [tensor("s", 0.02), tensor("zp", 128, np.uint8),
                  tensor("w", rng.integers(0, 256, [3, 2, 3, 3]), np.uint8),
                  tensor("wzp", 128, np.uint8),
                  tensor("rescale", np.float32(0.02) * np.float32(0.005))])


@register
def dynamic_unscaled():
    """ConvInteger of a DynamicQuantizeLinear output cast to float without
    the Mul by its scale: the result depends on the run-time scale."""
    rng = np.random.default_rng(2)
    nodes = [helper.make_node("DynamicQuantizeLinear", ["x"], ["x_q", "s", "zp"],
                              name="dyn"),
             helper.make_node("ConvInteger", ["x_q", "w", "zp"], ["acc"], name="convi"),
             helper.make_node("Cast", ["acc"], ["y"], name="cast", to=F)]
    return model(nodes, [value("x", [1, 1, 3, 3])], [value("y", [1, 1, 1, 1])],
                 [tensor("w", rng.integers(0, 255, [1, 1, 3, 3]), np.uint8)])


@register
def dynamic_scale_twice():
    """The accumulator multiplied by the run-time scale twice."""
    rng = np.random.default_rng(2)
    nodes = [helper.make_node("DynamicQuantizeLinear", ["x"], ["x_q", "s", "zp"],
                              name="dyn"),
             helper.make_node("ConvInteger", ["x_q", "w", "zp"], ["acc"], name="convi"),
             helper.make_node("Cast", ["acc"], ["accf"], name="cast", to=F),
             helper.make_node("Mul", ["s", "s"], ["s2"], name="square"),
             helper.make_node("Mul", ["accf", "s2"], ["y"], name="rescale")]
    return model(nodes, [value("x", [1, 1, 3, 3])], [value("y", [1, 1, 1, 1])],
                 [tensor("w", rng.integers(0, 255, [1, 1, 3, 3]), np.uint8)])


@register
def dynamic_of_quantized():
    """DynamicQuantizeLinear of a tensor a QuantizeLinear/DequantizeLinear
    pair already put on a grid."""
    rng = np.random.default_rng(2)
    nodes = [q("x", "s", "zp", "x_q", "x_Q"), dq("x_q", "s", "zp", "x_dq", "x_DQ"),
             helper.make_node("DynamicQuantizeLinear", ["x_dq"], ["d_q", "ds", "dzp"],
                              name="dyn"),
             helper.make_node("ConvInteger", ["d_q", "w", "dzp"], ["acc"], name="convi"),
             helper.make_node("Cast", ["acc"], ["accf"], name="cast", to=F),
             helper.make_node("Mul", ["accf", "ds"], ["y"], name="rescale")]
    return model(nodes, [value("x", [1, 1, 3, 3])], [value("y", [1, 1, 1, 1])],
                 [tensor("s", 0.1), tensor("zp", 0, np.int8),
                  tensor("w", rng.integers(0, 255, [1, 1, 3, 3]), np.uint8)])


@register
def accumulator_add():
    """An int32 accumulator read by Add (integer arithmetic on it)."""
    rng = np.random.default_rng(2)
    nodes = [q("x", "s", "zp", "x_q", "x_Q"),
             helper.make_node("ConvInteger", ["x_q", "w", "zp"], ["acc"], name="convi"),
             helper.make_node("Add", ["acc", "acc"], ["sum"], name="add"),
             helper.make_node("Cast", ["sum"], ["y"], name="cast", to=F)]
    return model(nodes, [value("x", [1, 1, 3, 3])], [value("y", [1, 1, 1, 1])],
                 [tensor("s", 0.1), tensor("zp", 0, np.uint8),
                  tensor("w", rng.integers(0, 255, [1, 1, 3, 3]), np.uint8)])


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4) or sys.argv[1] not in MODELS:
        sys.exit("usage: make_qdq_models.py {%s} OUT.onnx [INPUT.npy]"
                 % ",".join(MODELS))
    m = MODELS[sys.argv[1]]()
    onnx.save(m, sys.argv[2])
    if len(sys.argv) == 4:
        shape = [d.dim_value for d in m.graph.input[0].type.tensor_type.shape.dim]
        rng = np.random.default_rng(7)
        np.save(sys.argv[3], rng.uniform(-2, 2, shape).astype(np.float32))
