//===- QCOps.td - qc dialect operations --------------------*- tablegen -*-===//
//
// Part of the quantc project.
//
// The op set is small and orthogonal: ONNX ops that are compositions of
// others (Gemm, HardSwish, Flatten, Squeeze, Split, ...) are decomposed by
// `quantc-legalize-onnx` instead of getting an op each. The numbered
// constraints (C1, C2, ...) of each op are specified in docs/dialect.md.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_DIALECT_QC_IR_QCOPS_TD
#define QUANTC_DIALECT_QC_IR_QCOPS_TD

include "quantc/Dialect/QC/IR/QCBase.td"
include "quantc/Dialect/QC/IR/QCInterfaces.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Import-level ops
//===----------------------------------------------------------------------===//

def QC_OnnxOp : QC_Op<"onnx_op", [Pure]> {
  let summary = "an ONNX node that has not been legalized yet";
  let description = [{
    The thin, total importer turns every ONNX node into one `qc.onnx_op`
    that keeps the op type, domain, the opset version of that domain and
    all attributes (in `attrs`). Absent optional inputs are `qc.none`
    values. The location is the node name (a `NameLoc`), so diagnostics
    point back to the ONNX node.

    `quantc-legalize-onnx` rewrites these into the `qc` ops below; an op
    left over after legalization is an error naming node, op and reason.

    ```mlir
    %0 = qc.onnx_op "Relu"(%arg0) {attrs = {}, domain = "", version = 13 : i64}
        : (tensor<1x8xf32>) -> tensor<1x8xf32>
    ```
  }];
  let arguments = (ins Variadic<AnyType>:$inputs, StrAttr:$op_type,
                   StrAttr:$domain, I64Attr:$version, DictionaryAttr:$attrs);
  let results = (outs Variadic<AnyType>:$outputs);
  let assemblyFormat = [{
    $op_type `(` $inputs `)` attr-dict `:` functional-type($inputs, $outputs)
  }];
}

def QC_NoneOp : QC_Op<"none", [Pure, ConstantLike]> {
  let summary = "the value of an absent optional ONNX input";
  let description = [{
    ```mlir
    %none = qc.none
    ```
  }];
  let results = (outs NoneType:$result);
  let assemblyFormat = "attr-dict";
  let hasFolder = 1;
}

def QC_ConstantOp : QC_Op<"constant",
    [Pure, ConstantLike, AllTypesMatch<["value", "result"]>]> {
  let summary = "a constant tensor";
  let description = [{
    Weights imported from ONNX initializers are `dense_resource` blobs, so
    the IR text stays small; small constants are `dense` literals.

    ```mlir
    %w = qc.constant dense_resource<conv1_weight> : tensor<8x3x3x3xf32>
    %s = qc.constant dense<[1, 8]> : tensor<2xi64>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
  let builders = [
    OpBuilder<(ins "::mlir::ElementsAttr":$value), [{
      build($_builder, $_state, value.getType(), value);
    }]>
  ];
}

//===----------------------------------------------------------------------===//
// Contractions
//===----------------------------------------------------------------------===//

// The epilogue that `quantc-fuse-epilogues` folds into a contraction:
//   y = clamp(leaky(acc + bias + residual), clamp_min, clamp_max)
// where leaky(x) = x >= 0 ? x : leaky_alpha * x (only when leaky_alpha set).
defvar QC_EpilogueArgs = (ins Optional<AnyRankedTensor>:$bias,
                              Optional<AnyRankedTensor>:$residual,
                              OptionalAttr<F32Attr>:$clamp_min,
                              OptionalAttr<F32Attr>:$clamp_max,
                              OptionalAttr<F32Attr>:$leaky_alpha);

def QC_Conv2DOp : QC_Op<"conv2d", [Pure, AttrSizedOperandSegments,
    QC_ContractionOpInterface, QC_RequantizesResult,
    DeclareOpInterfaceMethods<QC_DifferentiableOpInterface>]> {
  let summary = "2-d convolution with an optional fused epilogue";
  let description = [{
    Cross-correlation of `input` with `filter`, as ONNX Conv, followed by
    the fused epilogue
    `result = clamp(leaky(conv + bias + residual), clamp_min, clamp_max)`.

    With `layout = nchw` (as imported) input is [N, C, H, W], filter
    [O, C/groups, KH, KW], result [N, O, OH, OW]. With `layout = nhwc`
    input is [N, H, W, C], filter [O, KH, KW, C/groups], result
    [N, OH, OW, O]. `pads` is [top, left, bottom, right] and
    OH = (H + top + bottom - dilation_h * (KH - 1) - 1) / stride_h + 1.

    Element types: all float (f32); quantized (`!quant.uniform`) between
    quantc-quantize and quantc-integerize; or integer after dyadic
    rewriting: input ui8 codes, filter i8, bias i32, and either an i32
    accumulator result, or, with `requant`, the requantized result (ui8, or
    i32 for model outputs) where the epilogue is the integer one of
    `#qc.requant` (the float clamp/leaky attributes are then unset).

    ```mlir
    %y = qc.conv2d %x, %w, %b {dilations = array<i64: 1, 1>, groups = 1 : i64,
            pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>,
            clamp_min = 0.0 : f32}
        : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>)
        -> tensor<1x4x8x8xf32>
    ```
  }];
  let arguments = !con((ins AnyRankedTensor:$input, AnyRankedTensor:$filter),
      QC_EpilogueArgs,
      (ins DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$dilations,
           DenseI64ArrayAttr:$pads, DefaultValuedAttr<I64Attr, "1">:$groups,
           DefaultValuedAttr<QC_LayoutAttr, "::mlir::qc::Layout::NCHW">:$layout,
           OptionalAttr<QC_RequantAttr>:$requant));
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $input `,` $filter (`,` $bias^)? (`residual` `(` $residual^ `)`)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The channel dimension of the input and the result (the layout's C).
    int64_t getChannelDim() {
      return getLayout() == ::mlir::qc::Layout::NCHW ? 1 : 3;
    }
    // ContractionOpInterface
    int64_t getActivationChannelDim() { return getChannelDim(); }
    int64_t getResultChannelDim() { return getChannelDim(); }
    int64_t getWeightChannelDim() { return 0; }
    int64_t getWeightInputChannelDim() {
      return getLayout() == ::mlir::qc::Layout::NCHW ? 1 : 3;
    }
    int64_t getNumOutputChannels() {
      return getFilter().getType().getDimSize(0);
    }
    int64_t getNumGroups() { return getGroups(); }
  }];
}

def QC_ConvTranspose2DOp : QC_Op<"conv_transpose2d", [Pure]> {
  let summary = "2-d transposed convolution (ONNX ConvTranspose)";
  let description = [{
    The transpose (adjoint) of `qc.conv2d` with the same strides, dilations,
    pads and groups: every input element scatters `filter` times itself
    into the result,

        result[n, g*og + o, h*s_h + i*d_h - top, w*s_w + j*d_w - left]
            += input[n, g*cg + c, h, w] * filter[g*cg + c, o, i, j]

    plus `bias[o]`. Input [N, C, H, W], filter [C, O/groups, KH, KW],
    result [N, O, OH, OW] with
    OH = (H - 1) * s_h - top - bottom + d_h * (KH - 1) + output_padding_h + 1
    (ONNX's explicit form; the importer resolves `output_shape` and
    `auto_pad` into `pads` and `output_padding`; rows beyond the full
    result, which an `output_padding` at least the stride makes, hold only
    the bias). It is also the data
    gradient of a strided convolution. `quantc-decompose-conv-transpose`
    rewrites it into a `qc.conv2d` of the zero-upsampled, padded input with
    the flipped, transposed filter, so it has the FP32 and INT8 kernels of
    convolutions.

    ```mlir
    %y = qc.conv_transpose2d %x, %w {strides = array<i64: 2, 2>,
            dilations = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>,
            output_padding = array<i64: 1, 1>}
        : (tensor<1x4x4x4xf32>, tensor<4x2x3x3xf32>) -> tensor<1x2x8x8xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$input, AnyRankedTensor:$filter,
                   Optional<AnyRankedTensor>:$bias,
                   DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$dilations,
                   DenseI64ArrayAttr:$pads, DenseI64ArrayAttr:$output_padding,
                   DefaultValuedAttr<I64Attr, "1">:$groups);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $input `,` $filter (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def QC_MatMulOp : QC_Op<"matmul", [Pure, AttrSizedOperandSegments,
    QC_ContractionOpInterface, QC_RequantizesResult,
    DeclareOpInterfaceMethods<QC_DifferentiableOpInterface>]> {
  let summary = "batched matrix product (numpy semantics) with a fused epilogue";
  let description = [{
    `lhs` [..., M, K] times `rhs` [..., K, N] as numpy.matmul: batch
    dimensions broadcast, a rank-1 `lhs` is a row vector and a rank-1 `rhs`
    a column vector (the promoted dimension is dropped from the result).
    The optional epilogue is the same as `qc.conv2d`'s; `bias` has shape [N].

    ```mlir
    %y = qc.matmul %a, %b, %bias : (tensor<1x256xf32>, tensor<256x10xf32>,
        tensor<10xf32>) -> tensor<1x10xf32>
    ```
  }];
  let arguments = !con((ins AnyRankedTensor:$lhs, AnyRankedTensor:$rhs),
                       QC_EpilogueArgs,
                       (ins OptionalAttr<QC_RequantAttr>:$requant));
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs (`,` $bias^)? (`residual` `(` $residual^ `)`)?
    attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    // ContractionOpInterface. A 1-d rhs (a matrix-vector product) has one
    // output channel and no channel dimension.
    int64_t getActivationChannelDim() { return getLhs().getType().getRank() - 1; }
    int64_t getResultChannelDim() {
      return getRhs().getType().getRank() == 1 ? -1 : getType().getRank() - 1;
    }
    int64_t getWeightChannelDim() {
      int64_t rank = getRhs().getType().getRank();
      return rank == 1 ? -1 : rank - 1;
    }
    int64_t getWeightInputChannelDim() {
      return getRhs().getType().getRank() == 2 ? 0 : -1;
    }
    int64_t getNumOutputChannels() {
      auto rhs = getRhs().getType();
      return rhs.getRank() == 1 ? 1 : rhs.getShape().back();
    }
  }];
}

//===----------------------------------------------------------------------===//
// Elementwise ops
//===----------------------------------------------------------------------===//

class QC_BinaryOp<string mnemonic, string math, list<Trait> traits = []>
    : QC_Op<mnemonic, !listconcat([Pure, QC_BroadcastingBinary,
                                   QC_LayoutAgnostic,
                                   DeclareOpInterfaceMethods<QC_DifferentiableOpInterface>], traits)> {
  let summary = "elementwise " # math # " with numpy broadcasting";
  let description = [{
    `result = }] # math # [{` elementwise, with numpy (multidirectional)
    broadcasting of the operand shapes.

    ```mlir
    %r = qc.}] # mnemonic # [{ %a, %b : (tensor<1x8x4x4xf32>, tensor<8x1x1xf32>)
        -> tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$lhs, AnyRankedTensor:$rhs);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
  let hasFolder = 1;
}

// Every binary op states its vector-Jacobian product
// (QC_DifferentiableOpInterface, lib/Dialect/QC/IR/QCVJPs.cpp).
def QC_AddOp : QC_BinaryOp<"add", "lhs + rhs",
                           [Commutative, QC_RequantizesResult]>;
def QC_SubOp : QC_BinaryOp<"sub", "lhs - rhs", [QC_RequantizesResult]>;
def QC_MulOp : QC_BinaryOp<"mul", "lhs * rhs",
                           [Commutative, QC_RequantizesResult]>;
def QC_DivOp : QC_BinaryOp<"div", "lhs / rhs", [QC_RequantizesResult]>;
def QC_MaxOp : QC_BinaryOp<"max", "max(lhs, rhs)", [Commutative]>;
def QC_MinOp : QC_BinaryOp<"min", "min(lhs, rhs)", [Commutative]>;
def QC_PowOp : QC_BinaryOp<"pow", "pow(lhs, rhs)">;
def QC_PReluOp : QC_BinaryOp<"prelu", "lhs >= 0 ? lhs : rhs * lhs">;

// An elementwise op of one input. `evaluate`, when given, is the op's real
// function of `x` (C++, in double): its integer form is then a 256-entry
// table of the input codes (QC_TabulatedOpInterface), filled by evaluating
// it, and its quantized result gets its own range.
class QC_UnaryOp<string mnemonic, string math, dag attrs = (ins),
                 list<Trait> traits = [], code evaluate = "">
    : QC_Op<mnemonic, !listconcat([Pure, QC_UnaryElementwise, QC_LayoutAgnostic,
                                   DeclareOpInterfaceMethods<QC_DifferentiableOpInterface>],
        !if(!empty(evaluate), [],
            [QC_RequantizesResult,
             DeclareOpInterfaceMethods<QC_TabulatedOpInterface>]),
        traits)> {
  let summary = "elementwise " # math;
  let description = [{
    `result = }] # math # [{` elementwise; the result has the operand's
    shape.

    ```mlir
    %r = qc.}] # mnemonic # [{ %x : (tensor<1x8xf32>) -> tensor<1x8xf32>
    ```
  }];
  let arguments = !con((ins AnyRankedTensor:$input), attrs);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDefinition = !if(!empty(evaluate), "",
      "double $cppClass::evaluate(double x) {\n" # evaluate # "\n}\n");
}

def QC_ClampOp : QC_UnaryOp<"clamp", "min(max(x, min), max)",
    (ins OptionalAttr<F32Attr>:$min, OptionalAttr<F32Attr>:$max),
    [QC_KeepsQuantParams]> {
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
  let description = [{
    Clamps to [`min`, `max`]; an absent bound is unbounded. ONNX Relu is
    `clamp {min = 0.0}`, Clip and ReLU6 set both bounds.

    ```mlir
    %r = qc.clamp %x {min = 0.0 : f32, max = 6.0 : f32}
        : (tensor<1x8xf32>) -> tensor<1x8xf32>
    ```
  }];
}
def QC_LeakyReluOp : QC_UnaryOp<"leaky_relu", "x >= 0 ? x : alpha * x",
    (ins F32Attr:$alpha), [QC_RequantizesResult]>;
def QC_EluOp : QC_UnaryOp<"elu", "x >= 0 ? x : alpha * (exp(x) - 1)",
    (ins F32Attr:$alpha), [], [{
  double a = getAlpha().convertToDouble();
  return x >= 0 ? x : a * std::expm1(x);
}]>;
def QC_HardSigmoidOp : QC_UnaryOp<"hard_sigmoid",
    "clamp(alpha * x + beta, 0, 1)", (ins F32Attr:$alpha, F32Attr:$beta), [], [{
  double a = getAlpha().convertToDouble();
  double b = getBeta().convertToDouble();
  return std::min(std::max(a * x + b, 0.0), 1.0);
}]>;
def QC_SigmoidOp : QC_UnaryOp<"sigmoid", "1 / (1 + exp(-x))", (ins), [], [{
  return 1.0 / (1.0 + std::exp(-x));
}]>;
def QC_TanhOp : QC_UnaryOp<"tanh", "tanh(x)", (ins), [],
    [{ return std::tanh(x); }]>;
def QC_ExpOp : QC_UnaryOp<"exp", "exp(x)", (ins), [],
    [{ return std::exp(x); }]>;
def QC_LogOp : QC_UnaryOp<"log", "log(x)">;
def QC_SqrtOp : QC_UnaryOp<"sqrt", "sqrt(x)">;
def QC_AbsOp : QC_UnaryOp<"abs", "abs(x)", (ins), [],
    [{ return std::fabs(x); }]>;
def QC_NegOp : QC_UnaryOp<"neg", "-x", (ins), [], [{ return -x; }]>;
def QC_ReciprocalOp : QC_UnaryOp<"reciprocal", "1 / x">;
def QC_FloorOp : QC_UnaryOp<"floor", "floor(x)">;
def QC_CeilOp : QC_UnaryOp<"ceil", "ceil(x)">;
def QC_ErfOp : QC_UnaryOp<"erf", "erf(x)", (ins), [],
    [{ return std::erf(x); }]>;
// log(1 + e^x) without overflow: x + log1p(e^-x) for large x.
def QC_SoftplusOp : QC_UnaryOp<"softplus", "log(exp(x) + 1)", (ins), [], [{
  return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
}]>;

def QC_CastOp : QC_Op<"cast", [Pure, QC_LayoutAgnostic]> {
  let summary = "elementwise conversion between float and integer types";
  let description = [{
    Converts each element to the result element type as ONNX Cast does
    (float to integer truncates toward zero).

    ```mlir
    %r = qc.cast %x : (tensor<4xi64>) -> tensor<4xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$input);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def QC_CompareOp : QC_Op<"compare", [Pure, QC_LayoutAgnostic]> {
  let summary = "elementwise comparison with numpy broadcasting";
  let description = [{
    `result = lhs <predicate> rhs` elementwise (i1), with numpy broadcasting
    of the operand shapes. Float comparisons are ordered (false when an
    operand is NaN) except `ne`. Built by the vector-Jacobian products of
    the piecewise ops (clamp, max, abs, ...).

    Constraints: operands broadcast to the result's shape and have one
    element type (compare_c1); the result's elements are i1 (compare_c2).

    ```mlir
    %m = qc.compare gt, %x, %y : (tensor<1x8xf32>, tensor<f32>) -> tensor<1x8xi1>
    ```
  }];
  let arguments = (ins QC_ComparePredicate:$predicate,
                   AnyRankedTensor:$lhs, AnyRankedTensor:$rhs);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $predicate `,` $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def QC_SelectOp : QC_Op<"select", [Pure, QC_LayoutAgnostic,
    DeclareOpInterfaceMethods<QC_DifferentiableOpInterface>]> {
  let summary = "elementwise choice between two tensors (ONNX Where)";
  let description = [{
    `result = condition ? true_value : false_value` elementwise, the three
    operands broadcast (numpy) to the result's shape.

    Constraints: `condition` has i1 elements (select_c1); the operands
    broadcast to the result's shape (select_c2); both values and the
    result have one element type (select_c3).

    ```mlir
    %r = qc.select %m, %a, %b : (tensor<1x8xi1>, tensor<1x8xf32>, tensor<f32>)
        -> tensor<1x8xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$condition, AnyRankedTensor:$true_value,
                   AnyRankedTensor:$false_value);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $condition `,` $true_value `,` $false_value attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Integer-only and boundary ops
//===----------------------------------------------------------------------===//

def QC_RescaleOp : QC_Op<"rescale", [Pure]> {
  let summary = "integer requantization of one or two (broadcast) inputs";
  let description = [{
    `result = requant(input)` with `#qc.requant`; with a second input
    (`addend`, broadcast to the input's shape) its term
    `(addend - residual_zp) * residual_multiplier` is added before the
    shift: the integer form of a quantized add. A per-channel multiplier
    applies along the last dimension.

    ```mlir
    %y = qc.rescale %a, %b {requant = #qc.requant<multiplier = array<i32: 1073741824>,
        shift = 31, input_zp = 3, output_zp = 0, min = 0, max = 255,
        residual_multiplier = 1073741824, residual_zp = 7>}
        : (tensor<1x8xui8>, tensor<1x8xui8>) -> tensor<1x8xui8>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$input,
                   Optional<AnyRankedTensor>:$addend, QC_RequantAttr:$requant);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $input (`,` $addend^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def QC_RescaleMulOp : QC_Op<"rescale_mul", [Pure]> {
  let summary = "integer requantization of the product of two inputs";
  let description = [{
    The integer form of a quantized elementwise product (Swish's
    `x * sigmoid(x)`, HardSwish, a squeeze-and-excitation gate):

        p = (lhs - lhs_zp) * (rhs - rhs_zp)      (rhs broadcast to lhs)
        result = requant(p)

    with `#qc.requant` (its `input_zp` is 0: the zero points are
    subtracted before the product). For 8-bit codes |p| <= 2^16, so
    `p * multiplier` stays within 48 bits of the 64-bit computation.

    Constraints: 8-bit integer operands with zero points within their
    types, an integer result (rescale_mul_c1); `rhs`
    broadcasts to `lhs` and the result has `lhs`'s shape (rescale_mul_c2);
    `requant` has one multiplier, no negative multiplier, no residual term
    and `input_zp` = 0 (rescale_mul_c3).

    ```mlir
    %y = qc.rescale_mul %a, %b {lhs_zp = 3 : i64, rhs_zp = 0 : i64,
        requant = #qc.requant<multiplier = [1073741824], shift = 38,
        output_zp = 0, min = 0, max = 255>}
        : (tensor<1x4x4x8xui8>, tensor<1x1x1x8xui8>) -> tensor<1x4x4x8xui8>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$lhs, AnyRankedTensor:$rhs,
                   I64Attr:$lhs_zp, I64Attr:$rhs_zp, QC_RequantAttr:$requant);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def QC_TableOp : QC_Op<"table", [Pure]> {
  let summary = "elementwise 256-entry lookup on 8-bit codes";
  let description = [{
    `result[i] = table[input[i]]`, the input code read as an unsigned
    index (ui8 codes 0..255). The integer form of a quantized elementwise
    function of one input (sigmoid, tanh, exp, elu, ...): quantc-integerize
    tabulates the function on the 256 input codes at compile time,
    `table[q] = clamp(roundeven(f(s_in (q - z_in)) / s_out) + z_out, 0, 255)`.

    Constraints: the input is a tensor of ui8 codes (table_c1); `table` is
    a tensor<256x E> and the result has the input's shape and element
    type E, an 8-bit integer (table_c2).

    ```mlir
    %y = qc.table %x, %t : (tensor<1x8xui8>, tensor<256xui8>) -> tensor<1x8xui8>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$input, AnyRankedTensor:$table);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $input `,` $table attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def QC_QuantizeOp : QC_Op<"quantize", [Pure]> {
  let summary = "float to u8 codes at the model boundary";
  let description = [{
    `q = clamp(roundeven(x / scale) + zero_point, 0, 255)`. Only at the
    artifact's input boundary (the model body is integer-only).

    ```mlir
    %q = qc.quantize %x {scale = 0.0078125 : f64, zero_point = 128 : i64}
        : (tensor<1x3x8x8xf32>) -> tensor<1x3x8x8xui8>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$input, F64Attr:$scale,
                   I64Attr:$zero_point);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def QC_DequantizeOp : QC_Op<"dequantize", [Pure]> {
  let summary = "integer codes to float at the model boundary";
  let description = [{
    `x = scale * (q - zero_point)`, at the artifact's output boundary.

    ```mlir
    %x = qc.dequantize %q {scale = 1.0e-6 : f64, zero_point = 0 : i64}
        : (tensor<1x10xi32>) -> tensor<1x10xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$input, F64Attr:$scale,
                   I64Attr:$zero_point);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def QC_FakeQuantOp : QC_Op<"fake_quant",
    [Pure, QC_LayoutAgnostic, AllTypesMatch<["input", "result"]>]> {
  let summary = "round a float tensor onto an 8-bit quantization grid";
  let description = [{
    The float image of an ONNX QuantizeLinear (and of the DequantizeLinear
    that reads its codes back with the same parameters):

    `q = clamp(roundeven(x / scale) + zero_point, qmin, qmax)`,
    `result = (q - zero_point) * scale`,

    computed in f32 (as ONNX Runtime does) with [qmin, qmax] the range of
    `storage` (`ui8`: [0, 255], `i8` or `si8`: [-128, 127]). The importer makes it
    from QuantizeLinear, QLinearConv and QLinearMatMul; with
    `--quantize=int8`, `quantc-fold-fake-quant` turns it into fixed
    quantization parameters of its input, otherwise it is lowered as is.

    ```mlir
    %y = qc.fake_quant %x {scale = 0.0078125 : f64, zero_point = 128 : i64,
        storage = ui8} : tensor<1x8xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$input, F64Attr:$scale,
                   I64Attr:$zero_point, TypeAttr:$storage);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
  let hasFolder = 1;
  let builders = [
    OpBuilder<(ins "::mlir::Value":$input, "double":$scale,
                   "int64_t":$zero_point, "::mlir::Type":$storage), [{
      build($_builder, $_state, input.getType(), input,
            $_builder.getF64FloatAttr(scale),
            $_builder.getI64IntegerAttr(zero_point), ::mlir::TypeAttr::get(storage));
    }]>
  ];
  let extraClassDeclaration = [{
    /// The smallest and largest code of `storage`.
    int64_t getQMin() {
      return ::llvm::cast<::mlir::IntegerType>(getStorage()).isUnsigned() ? 0 : -128;
    }
    int64_t getQMax() { return getQMin() + 255; }
    /// The zero point as a signed value (I64Attr reads as uint64_t).
    int64_t getZeroPointValue() { return (int64_t)getZeroPoint(); }
  }];
}

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

def QC_BatchNormOp : QC_Op<"batch_norm", [Pure,
    DeclareOpInterfaceMethods<QC_DifferentiableOpInterface>]> {
  let summary = "inference-mode batch normalization over dimension 1";
  let description = [{
    `result = scale * (x - mean) / sqrt(var + epsilon) + bias`, with the
    per-channel operands ([C]) broadcast along dimension 1 of `input`
    ([N, C, ...]). `quantc-fold-batch-norm` folds it into the preceding
    convolution or matmul, or rewrites it as one multiply and one add.

    ```mlir
    %r = qc.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-3 : f32}
        : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>,
           tensor<8xf32>) -> tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$input, AnyRankedTensor:$scale,
                   AnyRankedTensor:$bias, AnyRankedTensor:$mean,
                   AnyRankedTensor:$variance, F32Attr:$epsilon);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = [{
    $input `,` $scale `,` $bias `,` $mean `,` $variance attr-dict `:`
    functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def QC_LRNOp : QC_Op<"lrn", [Pure]> {
  let summary = "local response normalization across channels (dimension 1)";
  let description = [{
    `result[n,c,...] = x[n,c,...] / (bias + alpha / size *
    sum_{c' in window(c)} x[n,c',...]^2) ^ beta`, the window spanning
    channels c - floor((size-1)/2) .. c + ceil((size-1)/2), as ONNX LRN.

    ```mlir
    %r = qc.lrn %x {alpha = 1.0e-4 : f32, beta = 0.75 : f32, bias = 1.0 : f32,
        size = 5 : i64} : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$input, I64Attr:$size, F32Attr:$alpha,
                   F32Attr:$beta, F32Attr:$bias);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

class QC_SoftmaxBase<string mnemonic, string math>
    : QC_Op<mnemonic, [Pure, DeclareOpInterfaceMethods<QC_DifferentiableOpInterface>]> {
  let summary = math # " along one axis";
  let description = [{
    `result = }] # math # [{(x)` along `axis` (ONNX opset >= 13 semantics;
    older opsets' "flatten to 2-d" form is rewritten at import).

    ```mlir
    %r = qc.}] # mnemonic # [{ %x {axis = 1 : i64} : (tensor<1x10xf32>) -> tensor<1x10xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$input, I64Attr:$axis);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}
def QC_SoftmaxOp : QC_SoftmaxBase<"softmax", "softmax">;
def QC_LogSoftmaxOp : QC_SoftmaxBase<"log_softmax", "log_softmax">;

//===----------------------------------------------------------------------===//
// Pooling and reductions
//===----------------------------------------------------------------------===//

class QC_Pool2DOp<string mnemonic, string math, dag extra,
                  list<Trait> traits = []>
    : QC_Op<mnemonic, !listconcat([Pure,
        DeclareOpInterfaceMethods<QC_DifferentiableOpInterface>], traits)> {
  let summary = "2-d " # math # " pooling";
  let description = [{
    Sliding-window }] # math # [{ over the spatial dimensions of a 4-d
    tensor in `layout`. `pads` is [top, left, bottom, right]. With
    `ceil_mode` the output size rounds up and windows that start inside the
    padded input are kept (clipped at its end). Padding never contributes to
    a max; for an average it counts toward the divisor only with
    `count_include_pad` (and never the part added by `ceil_mode`).

    ```mlir
    %r = qc.}] # mnemonic # [{ %x {kernel = array<i64: 2, 2>,
        strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>}
        : (tensor<1x8x4x4xf32>) -> tensor<1x8x2x2xf32>
    ```
  }];
  let arguments = !con((ins AnyRankedTensor:$input,
      DenseI64ArrayAttr:$kernel, DenseI64ArrayAttr:$strides,
      DenseI64ArrayAttr:$pads, DefaultValuedAttr<BoolAttr, "false">:$ceil_mode,
      DefaultValuedAttr<QC_LayoutAttr, "::mlir::qc::Layout::NCHW">:$layout),
      extra);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def QC_MaxPool2DOp : QC_Pool2DOp<"max_pool2d", "max",
    (ins OptionalAttr<DenseI64ArrayAttr>:$dilations), [QC_KeepsQuantParams]>;
def QC_AvgPool2DOp : QC_Pool2DOp<"avg_pool2d", "average",
    (ins DefaultValuedAttr<BoolAttr, "false">:$count_include_pad,
         OptionalAttr<QC_RequantAttr>:$requant),
    [QC_RequantizesResult,
     DeclareOpInterfaceMethods<QC_AveragingOpInterface>]>;

class QC_ReduceOp<string mnemonic, string math, list<Trait> traits = []>
    : QC_Op<mnemonic, !listconcat([Pure], traits)> {
  let summary = math # " over a set of axes";
  let description = [{
    Reduces `input` with }] # math # [{ over `axes` (sorted, unique,
    non-negative); reduced dimensions are kept with size 1 when `keepdims`.
    ONNX GlobalAveragePool is `qc.reduce_mean` over the spatial axes with
    `keepdims`.

    ```mlir
    %r = qc.}] # mnemonic # [{ %x {axes = array<i64: 2, 3>, keepdims = true}
        : (tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$input, DenseI64ArrayAttr:$axes,
                   DefaultValuedAttr<BoolAttr, "true">:$keepdims,
                   OptionalAttr<QC_RequantAttr>:$requant);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let extraClassDefinition = [{
    ::llvm::LogicalResult $cppClass::verify() {
      return verifyReduceOp(*this, getAxes(), getKeepdims(), getRequantAttr());
    }
  }];
}
def QC_ReduceSumOp : QC_ReduceOp<"reduce_sum", "a sum", [DeclareOpInterfaceMethods<QC_DifferentiableOpInterface>]>;
def QC_ReduceMeanOp : QC_ReduceOp<"reduce_mean", "the mean",
    [QC_RequantizesResult,
     DeclareOpInterfaceMethods<QC_AveragingOpInterface>, DeclareOpInterfaceMethods<QC_DifferentiableOpInterface>]>;
def QC_ReduceMaxOp : QC_ReduceOp<"reduce_max", "the maximum",
                                 [QC_KeepsQuantParams, DeclareOpInterfaceMethods<QC_DifferentiableOpInterface>]>;
def QC_ReduceMinOp : QC_ReduceOp<"reduce_min", "the minimum",
                                 [QC_KeepsQuantParams, DeclareOpInterfaceMethods<QC_DifferentiableOpInterface>]>;
def QC_ReduceProdOp : QC_ReduceOp<"reduce_prod", "a product">;

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

def QC_ReshapeOp : QC_Op<"reshape",
    [Pure, QC_KeepsQuantParams, QC_RearrangesElements,
     DeclareOpInterfaceMethods<QC_DifferentiableOpInterface>]> {
  let summary = "reinterpret a tensor with a new static shape";
  let description = [{
    Same elements, row-major order, new shape given by the result type.
    ONNX Reshape, Flatten, Squeeze and Unsqueeze all become `qc.reshape`.

    ```mlir
    %r = qc.reshape %x : (tensor<1x8x1x1xf32>) -> tensor<1x8xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$input);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def QC_TransposeOp : QC_Op<"transpose",
    [Pure, QC_KeepsQuantParams, QC_RearrangesElements,
     DeclareOpInterfaceMethods<QC_DifferentiableOpInterface>]> {
  let summary = "permute dimensions";
  let description = [{
    Result dimension k is input dimension `perm[k]`: the element at input
    index (i0, ..., in) moves to result index (i_perm0, ..., i_permn).

    ```mlir
    %r = qc.transpose %x {perm = array<i64: 0, 2, 3, 1>}
        : (tensor<1x8x4x5xf32>) -> tensor<1x4x5x8xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$input, DenseI64ArrayAttr:$perm);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let builders = [
    // The result type follows: dimension k is the input's perm[k].
    OpBuilder<(ins "Value":$input, "ArrayRef<int64_t>":$perm), [{
      auto type = cast<RankedTensorType>(input.getType());
      SmallVector<int64_t> shape;
      for (int64_t p : perm)
        shape.push_back(type.getDimSize(p));
      build($_builder, $_state,
            RankedTensorType::get(shape, type.getElementType()), input,
            $_builder.getDenseI64ArrayAttr(perm));
    }]>
  ];
  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def QC_ConcatOp : QC_Op<"concat", [Pure, QC_RequantizesResult,
    DeclareOpInterfaceMethods<QC_DifferentiableOpInterface>]> {
  let summary = "concatenate tensors along one axis";
  let description = [{
    ```mlir
    %r = qc.concat %a, %b {axis = 1 : i64}
        : (tensor<1x2x4xf32>, tensor<1x3x4xf32>) -> tensor<1x5x4xf32>
    ```
  }];
  let arguments = (ins Variadic<AnyRankedTensor>:$inputs, I64Attr:$axis);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$inputs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def QC_SliceOp : QC_Op<"slice", [Pure, QC_KeepsQuantParams,
    DeclareOpInterfaceMethods<QC_DifferentiableOpInterface>]> {
  let summary = "strided slice with static, normalized bounds";
  let description = [{
    Element k of dimension d of the result is element `starts[d] + steps[d] * k`
    of the input;
    the result shape gives the number of elements taken per dimension.
    Steps are non-zero and may be negative (reversal). ONNX Slice and Split
    are legalized into this op with their bounds clamped and normalized.

    ```mlir
    %r = qc.slice %x {starts = array<i64: 0, 1>, steps = array<i64: 1, 2>}
        : (tensor<4x8xf32>) -> tensor<4x3xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$input, DenseI64ArrayAttr:$starts,
                   DenseI64ArrayAttr:$steps);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def QC_PadOp : QC_Op<"pad", [Pure, QC_KeepsQuantParams,
    DeclareOpInterfaceMethods<QC_DifferentiableOpInterface>]> {
  let summary = "pad a tensor";
  let description = [{
    `pads` holds the non-negative low pads of every dimension followed by
    the high pads, as ONNX Pad. `mode` fills with `value` (constant), the
    mirror image excluding the edge (reflect) or the edge value (edge).

    ```mlir
    %r = qc.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>,
        mode = #qc<pad_mode constant>, value = 0.0 : f32}
        : (tensor<1x2x4x4xf32>) -> tensor<1x2x6x6xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$input, DenseI64ArrayAttr:$pads,
      DefaultValuedAttr<QC_PadModeAttr, "::mlir::qc::PadMode::Constant">:$mode,
      DefaultValuedAttr<F32Attr, "0.0f">:$value);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def QC_GatherOp : QC_Op<"gather", [Pure, QC_KeepsQuantParams]> {
  let summary = "gather slices along one axis (ONNX Gather)";
  let description = [{
    `result = take(data, indices, axis)`: the result shape is
    data.shape[:axis] + indices.shape + data.shape[axis+1:]. Negative
    indices count from the end; out-of-range indices are undefined
    behaviour at run time (the importer rejects constant ones).

    ```mlir
    %r = qc.gather %d, %i {axis = 0 : i64}
        : (tensor<5x4xf32>, tensor<2xi64>) -> tensor<2x4xf32>
    ```
  }];
  let arguments = (ins AnyRankedTensor:$data, AnyRankedTensor:$indices,
                   I64Attr:$axis);
  let results = (outs AnyRankedTensor:$result);
  let assemblyFormat = "$data `,` $indices attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

#endif // QUANTC_DIALECT_QC_IR_QCOPS_TD
