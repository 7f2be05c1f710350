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
def all_ops(prefix):
    """Every op quantc-quantize gives a quantized form, in the forms the QDQ
    export maps (test/Export): strided, dilated, asymmetrically padded and
    grouped convolutions with a bias, a residual, LeakyReLU and clamps
    fused; a MatMul with a bias and ReLU; Add/Sub of differently scaled
    tensors; max pooling (dilated, ceil_mode) and average pooling
    (count_include_pad, ceil_mode); ReduceMean/Max/Min with and without
    keepdims; Concat of differently scaled inputs; Reshape, Transpose, Slice
    (negative steps down to index 0), Pad (constant with a value, reflect,
    edge), Clip, Gather. Three outputs: one computed by a MatMul (32-bit in
    quantc), two 8-bit ones."""
    rng = np.random.default_rng(2)

    def init(name, shape, sd=0.3):
        return numpy_helper.from_array(rng.normal(0, sd, shape).astype(np.float32), name)

    inits = [
        init("w1", [8, 4, 3, 3]), init("b1", [8], 0.1),
        init("wg", [8, 2, 3, 3]), init("bg", [8], 0.1),
        init("w3", [8, 8, 1, 1]),
        init("wf", [10, 5]), init("bf", [5], 0.1),
        numpy_helper.from_array(np.array([2, 0, 5], np.int64), "idx"),
        numpy_helper.from_array(np.array([1, 10], np.int64), "flat"),
        numpy_helper.from_array(np.array([-2, 0], np.int64), "s_starts"),
        numpy_helper.from_array(np.array([-1000, 8], np.int64), "s_ends"),
        numpy_helper.from_array(np.array([3, 1], np.int64), "s_axes"),
        numpy_helper.from_array(np.array([-2, 3], np.int64), "s_steps"),
        numpy_helper.from_array(np.array([0, 0, 1, 2, 0, 0, 2, 1], np.int64), "p_const"),
        numpy_helper.from_array(np.array(0.3, np.float32), "p_value"),
        numpy_helper.from_array(np.array([0, 0, 1, 1, 0, 0, 1, 1], np.int64), "p_refl"),
        numpy_helper.from_array(np.array([0, 0, 0, 1, 0, 0, 2, 0], np.int64), "p_edge"),
        numpy_helper.from_array(np.array(-0.25, np.float32), "clip_lo"),
        numpy_helper.from_array(np.array(0.1, np.float32), "clip_lo2"),
        numpy_helper.from_array(np.array(1.5, np.float32), "clip_hi"),
        numpy_helper.from_array(np.array(0.0, np.float32), "zero"),
        numpy_helper.from_array(np.array(4.0, np.float32), "four"),
    ]
    N = helper.make_node
    nodes = [
        # [1,4,9,9] -> [1,8,7,5]: dilation 2 in H, stride 2 in W, pads
        # [top, left, bottom, right] = [0, 1, 2, 1]; LeakyReLU fused.
        N("Conv", ["x", "w1", "b1"], ["c1"], name="conv_strided", pads=[0, 1, 2, 1],
          strides=[1, 2], dilations=[2, 1]),
        N("LeakyRelu", ["c1"], ["l1"], name="leaky", alpha=0.2),
        # Grouped convolution + residual + Clip(0, 4) fused.
        N("Conv", ["l1", "wg", "bg"], ["g1"], name="conv_grouped", group=4, pads=[1, 1, 1, 1]),
        N("Add", ["g1", "l1"], ["r1"], name="residual"),
        N("Clip", ["r1", "zero", "four"], ["cl1"], name="clip6"),
        # 1x1 convolution with a Clip(0.1, 1.5) fused: the range includes
        # 0, so the clamp is more than the output's saturation.
        N("Conv", ["cl1", "w3"], ["c3"], name="conv_1x1"),
        N("Clip", ["c3", "clip_lo2", "clip_hi"], ["cl3"], name="clip_range"),
        # Pools of the same tensor, concatenated (different scales).
        N("MaxPool", ["cl3"], ["mp"], name="maxpool", kernel_shape=[2, 2], strides=[2, 2],
          dilations=[1, 2], pads=[0, 1, 0, 0], ceil_mode=1),
        N("AveragePool", ["cl1"], ["ap"], name="avgpool", kernel_shape=[3, 2], strides=[2, 2],
          pads=[1, 0, 1, 1], count_include_pad=1, ceil_mode=1),
        N("AveragePool", ["cl3"], ["ap2"], name="avgpool_exclude", kernel_shape=[3, 2],
          strides=[2, 2], pads=[1, 0, 1, 1]),
        N("Sub", ["ap", "ap2"], ["sub"], name="sub"),
        N("Concat", ["mp", "sub"], ["cat"], name="concat", axis=1),
        # Data movement.
        N("Transpose", ["cat"], ["tr"], name="transpose", perm=[0, 2, 3, 1]),
        N("Slice", ["tr", "s_starts", "s_ends", "s_axes", "s_steps"], ["sl"], name="slice"),
        N("Pad", ["sl", "p_const", "p_value"], ["pc"], name="pad_const"),
        N("Pad", ["pc", "p_refl"], ["pr"], name="pad_reflect", mode="reflect"),
        N("Pad", ["pr", "p_edge"], ["pe"], name="pad_edge", mode="edge"),
        N("Gather", ["pe", "idx"], ["ga"], name="gather", axis=3),
        N("Clip", ["ga", "clip_lo"], ["cg"], name="clip_min_only"),
        # Reductions.
        N("ReduceMax", ["cg"], ["rmax"], name="reduce_max", axes=[3], keepdims=0),
        N("ReduceMin", ["cg"], ["rmin"], name="reduce_min", axes=[3], keepdims=0),
        N("Add", ["rmax", "rmin"], ["rsum"], name="add_reduced"),
        N("ReduceMean", ["rsum"], ["rmean"], name="reduce_mean", axes=[1], keepdims=1),
        N("Reshape", ["rmean", "flat"], ["fl"], name="flatten"),
        N("MatMul", ["fl", "wf"], ["mm"], name="fc"),
        N("Add", ["mm", "bf"], ["mmb"], name="fc_bias"),
        N("Relu", ["mmb"], ["y"], name="fc_relu"),
    ]
    graph = helper.make_graph(
        nodes, "all_ops",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4, 9, 9])],
        [helper.make_value_info(n, helper.make_tensor_type_proto(TensorProto.FLOAT, None))
         for n in ("y", "cat", "rsum")], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    # The outputs' shapes from shape inference.
    shapes = {v.name: v.type for v in
              onnx.shape_inference.infer_shapes(model, strict_mode=True).graph.output}
    for out in model.graph.output:
        out.type.CopyFrom(shapes[out.name])
    save(model, rng.uniform(-1, 1, [16, 4, 9, 9]), prefix)


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


@register
def residual_input(prefix):
    """Conv + Add of the graph input + ReLU: in NCHW the Add and the ReLU
    fuse into the convolution; in NHWC the Add reads the input's layout
    transpose, which keeps them apart (they fuse only into a contraction
    whose residual operand is ready in the same layout)."""
    rng = np.random.default_rng(5)
    w = numpy_helper.from_array(rng.normal(0, 0.3, [4, 4, 3, 3]).astype(np.float32), "w")
    N = helper.make_node
    nodes = [
        N("Conv", ["x", "w"], ["c"], name="conv", pads=[1, 1, 1, 1]),
        N("Add", ["c", "x"], ["a"], name="add"),
        N("Relu", ["a"], ["y"], name="relu"),
    ]
    graph = helper.make_graph(
        nodes, "residual_input",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4, 8, 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4, 8, 8])], [w])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    save(model, rng.uniform(-1, 1, [16, 4, 8, 8]), prefix)


@register
def bn_cnn(prefix):
    """Conv + BatchNormalization + ReLU twice, GlobalAveragePool, Gemm: a
    model with BatchNorm statistics to distill calibration data from. The
    running statistics are the ones of the calib inputs (uniform in [0, 1]),
    so distilled data should land near that range."""
    rng = np.random.default_rng(6)
    w1 = rng.normal(0, 0.5, [8, 3, 3, 3]).astype(np.float32)
    w2 = rng.normal(0, 0.3, [8, 8, 3, 3]).astype(np.float32)
    calib = rng.uniform(0, 1, [32, 3, 8, 8]).astype(np.float32)

    def conv(x, w):  # 3x3, pads 1, NCHW
        n, c, h, wd = x.shape
        xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
        y = np.zeros((n, w.shape[0], h, wd), np.float64)
        for i in range(3):
            for j in range(3):
                y += np.einsum("nchw,oc->nohw", xp[:, :, i:i + h, j:j + wd], w[:, :, i, j])
        return y

    def bn_of(y):
        return y.mean((0, 2, 3)), y.var((0, 2, 3))

    c1 = conv(calib, w1)
    m1, v1 = bn_of(c1)
    r1 = np.maximum((c1 - m1[None, :, None, None]) / np.sqrt(v1 + 1e-5)[None, :, None, None], 0)
    m2, v2 = bn_of(conv(r1, w2))
    f = lambda a, n: numpy_helper.from_array(np.asarray(a, np.float32), n)
    inits = [f(w1, "w1"), f(np.ones(8), "g1"), f(np.zeros(8), "b1"), f(m1, "m1"), f(v1, "v1"),
             f(w2, "w2"), f(np.ones(8), "g2"), f(np.zeros(8), "b2"), f(m2, "m2"), f(v2, "v2"),
             f(rng.normal(0, 0.3, [8, 4]), "wf"), f(rng.normal(0, 0.1, [4]), "bf")]
    N = helper.make_node
    nodes = [
        N("Conv", ["x", "w1"], ["c1"], name="conv1", pads=[1, 1, 1, 1]),
        N("BatchNormalization", ["c1", "g1", "b1", "m1", "v1"], ["n1"], name="bn1"),
        N("Relu", ["n1"], ["r1"], name="relu1"),
        N("Conv", ["r1", "w2"], ["c2"], name="conv2", pads=[1, 1, 1, 1]),
        N("BatchNormalization", ["c2", "g2", "b2", "m2", "v2"], ["n2"], name="bn2"),
        N("Relu", ["n2"], ["r2"], name="relu2"),
        N("GlobalAveragePool", ["r2"], ["g"], name="gap"),
        N("Flatten", ["g"], ["fl"], name="flatten"),
        N("Gemm", ["fl", "wf", "bf"], ["y"], name="fc"),
    ]
    graph = helper.make_graph(
        nodes, "bn_cnn",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 8, 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 4])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    save(model, calib, prefix)


@register
def tabulated(prefix):
    """Every elementwise op whose integer form is a lookup table, each after
    a Gemm (so none fuses into it): Sigmoid, Tanh, Elu, HardSigmoid, Exp,
    Erf, Softplus, Abs, Neg; and a LeakyRelu after an Add (a standalone
    one, a rescale); each is a graph output (its own output scale)."""
    rng = np.random.default_rng(7)
    N = helper.make_node
    acts = [("Sigmoid", {}), ("Tanh", {}), ("Elu", {"alpha": 0.7}),
            ("HardSigmoid", {"alpha": 0.25, "beta": 0.4}), ("Exp", {}),
            ("Erf", {}), ("Softplus", {}), ("Abs", {}), ("Neg", {})]
    nodes, inits, outs = [], [], []
    for i, (op, attrs) in enumerate(acts):
        w = "w%d" % i
        inits.append(numpy_helper.from_array(rng.normal(0, 0.6, [6, 5]).astype(np.float32), w))
        nodes.append(N("Gemm", ["x", w], ["g%d" % i], name="fc%d" % i))
        nodes.append(N(op, ["g%d" % i], ["a%d" % i], name=op.lower(), **attrs))
        outs.append("a%d" % i)
    nodes += [N("Add", ["g0", "g1"], ["s"], name="add"),
              N("LeakyRelu", ["s"], ["lk"], name="leaky", alpha=0.2)]
    graph = helper.make_graph(
        nodes, "tabulated",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 6])],
        [helper.make_tensor_value_info(o, TensorProto.FLOAT, [1, 5]) for o in outs + ["lk"]],
        inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    save(model, rng.uniform(-1.5, 1.5, [64, 6]), prefix)


@register
def conv_and_matmul(prefix):
    """One tensor read by an NCHW Conv (channels on axis 1) and by a MatMul
    (channels on the last axis), both of 5 channels along their axes: its
    per-channel means along one axis must not correct the other."""
    rng = np.random.default_rng(8)
    w1 = numpy_helper.from_array(rng.normal(0, 0.3, [5, 5, 1, 1]).astype(np.float32), "w1")
    w2 = numpy_helper.from_array(rng.normal(0, 0.3, [5, 3]).astype(np.float32), "w2")
    N = helper.make_node
    nodes = [N("Conv", ["x", "w1"], ["y1"], name="conv"),
             N("MatMul", ["x", "w2"], ["y2"], name="mm")]
    graph = helper.make_graph(
        nodes, "conv_and_matmul",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 5, 4, 5])],
        [helper.make_tensor_value_info("y1", TensorProto.FLOAT, [1, 5, 4, 5]),
         helper.make_tensor_value_info("y2", TensorProto.FLOAT, [1, 5, 4, 3])], [w1, w2])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    x = rng.normal(0, 1, [16, 5, 4, 5])
    x += np.arange(5).reshape(1, 5, 1, 1) * 3.0   # channel-axis means 0, 3, ..
    x -= np.arange(5).reshape(1, 1, 1, 5) * 2.0   # last-axis means 0, -2, ..
    save(model, x, prefix)


@register
def conv_transpose(prefix):
    """A small decoder: a stride-2 Conv + Relu, a stride-2 ConvTranspose
    (pads, output_padding, bias) + Relu, a grouped ConvTranspose with
    dilations, and a depthwise one sized by output_shape."""
    rng = np.random.default_rng(7)
    inits = [
        numpy_helper.from_array(rng.normal(0, 0.3, [8, 3, 3, 3]).astype(np.float32), "w1"),
        numpy_helper.from_array(rng.normal(0, 0.3, [8, 6, 3, 3]).astype(np.float32), "w2"),
        numpy_helper.from_array(rng.normal(0, 0.1, [6]).astype(np.float32), "b2"),
        numpy_helper.from_array(rng.normal(0, 0.3, [6, 2, 2, 2]).astype(np.float32), "w3"),
        numpy_helper.from_array(rng.normal(0, 0.3, [6, 1, 3, 3]).astype(np.float32), "w4"),
        numpy_helper.from_array(rng.normal(0, 0.1, [6]).astype(np.float32), "b4"),
    ]
    nodes = [
        helper.make_node("Conv", ["x", "w1"], ["c1"], name="down", pads=[1, 1, 1, 1], strides=[2, 2]),
        helper.make_node("Relu", ["c1"], ["r1"], name="relu1"),
        helper.make_node("ConvTranspose", ["r1", "w2", "b2"], ["t2"], name="up",
                         strides=[2, 2], pads=[1, 1, 1, 1], output_padding=[1, 1]),
        helper.make_node("Relu", ["t2"], ["r2"], name="relu2"),
        helper.make_node("ConvTranspose", ["r2", "w3"], ["t3"], name="grouped",
                         group=3, dilations=[2, 1], pads=[1, 0, 0, 1]),
        helper.make_node("ConvTranspose", ["t3", "w4", "b4"], ["y"], name="depthwise",
                         group=6, strides=[2, 2], output_shape=[20, 17]),
    ]
    graph = helper.make_graph(
        nodes, "conv_transpose",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 8, 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 6, 20, 17])],
        inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    save(model, rng.uniform(-1, 1, [16, 3, 8, 8]), prefix)


@register
def products(prefix):
    """Elementwise products of two activations, as MobileNetV3 and
    EfficientNet have them: Swish (x * Sigmoid(x)), HardSwish (opset 14, a
    product with its own HardSigmoid), a squeeze-and-excitation gate (the
    feature map times a per-channel Sigmoid of its global average, a
    broadcast product) and a product with a scalar constant written first.
    Every product is a graph output (its own output scale)."""
    rng = np.random.default_rng(9)
    N = helper.make_node
    inits = [
        numpy_helper.from_array(rng.normal(0, 0.4, [8, 3, 3, 3]).astype(np.float32), "w1"),
        numpy_helper.from_array(rng.normal(0, 0.1, [8]).astype(np.float32), "b1"),
        numpy_helper.from_array(rng.normal(0, 0.5, [8, 8, 1, 1]).astype(np.float32), "w2"),
        numpy_helper.from_array(rng.normal(0, 0.2, [8]).astype(np.float32), "b2"),
        numpy_helper.from_array(np.array(0.75, np.float32), "half"),
    ]
    nodes = [
        N("Conv", ["x", "w1", "b1"], ["c"], name="conv", pads=[1, 1, 1, 1]),
        N("Sigmoid", ["c"], ["sig"], name="sigmoid"),
        N("Mul", ["c", "sig"], ["swish"], name="swish"),
        N("HardSwish", ["swish"], ["hswish"], name="hardswish"),
        N("GlobalAveragePool", ["hswish"], ["gap"], name="gap"),
        N("Conv", ["gap", "w2", "b2"], ["se"], name="se_fc"),
        N("Sigmoid", ["se"], ["gate"], name="gate"),
        N("Mul", ["hswish", "gate"], ["excited"], name="excite"),
        N("Mul", ["half", "excited"], ["scaled"], name="scale"),
    ]
    outs = [("swish", [1, 8, 6, 6]), ("hswish", [1, 8, 6, 6]),
            ("excited", [1, 8, 6, 6]), ("scaled", [1, 8, 6, 6])]
    graph = helper.make_graph(
        nodes, "products",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 6, 6])],
        [helper.make_tensor_value_info(o, TensorProto.FLOAT, s) for o, s in outs],
        inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)])
    save(model, rng.uniform(-1.5, 1.5, [32, 3, 6, 6]), prefix)


@register
def constants(prefix):
    """Elementwise ops with constant operands, as deployed models have them:
    in-graph preprocessing (x - mean) / std with per-channel [1, 3, 1, 1] and
    [3, 1, 1] constants, a per-channel layer scale of mixed signs and
    magnitudes (1e-3 to 3) after Conv + ReLU, a per-channel constant added,
    a scalar minus a tensor (the constant written first) and a division by a
    scalar. Each of the last four is a graph output."""
    rng = np.random.default_rng(11)
    N = helper.make_node
    f32 = lambda a: np.array(a, np.float32)
    inits = [
        numpy_helper.from_array(f32([0.485, 0.456, 0.406]).reshape(1, 3, 1, 1), "mean"),
        numpy_helper.from_array(f32([0.229, 0.224, 0.225]).reshape(3, 1, 1), "std"),
        numpy_helper.from_array(rng.normal(0, 0.3, [8, 3, 3, 3]).astype(np.float32), "w"),
        numpy_helper.from_array(rng.normal(0, 0.1, [8]).astype(np.float32), "b"),
        numpy_helper.from_array(f32([1e-3, 0.5, -2, 0.01, 1, 0.2, -0.3, 3]).reshape(1, 8, 1, 1), "gamma"),
        numpy_helper.from_array(f32(np.linspace(-1, 1, 8)).reshape(8, 1, 1), "beta"),
        numpy_helper.from_array(f32(1.5), "one_and_half"),
        numpy_helper.from_array(f32([4.0]), "four"),
    ]
    nodes = [
        N("Sub", ["x", "mean"], ["centered"], name="center"),
        N("Div", ["centered", "std"], ["normalized"], name="normalize"),
        N("Conv", ["normalized", "w", "b"], ["c"], name="conv", pads=[1, 1, 1, 1]),
        N("Relu", ["c"], ["r"], name="relu"),
        N("Mul", ["r", "gamma"], ["scaled"], name="layer_scale"),
        N("Add", ["scaled", "beta"], ["shifted"], name="shift"),
        N("Sub", ["one_and_half", "shifted"], ["flipped"], name="flip"),
        N("Div", ["flipped", "four"], ["quartered"], name="quarter"),
    ]
    outs = ["scaled", "shifted", "flipped", "quartered"]
    graph = helper.make_graph(
        nodes, "constants",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3, 8, 8])],
        [helper.make_tensor_value_info(o, TensorProto.FLOAT, [1, 8, 8, 8]) for o in outs],
        inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    save(model, rng.uniform(0, 1, [32, 3, 8, 8]), prefix)


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in MODELS:
        sys.exit("usage: make_quant_models.py {%s} OUT_PREFIX" % ",".join(MODELS))
    MODELS[sys.argv[1]](sys.argv[2])
