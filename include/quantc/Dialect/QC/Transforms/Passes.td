//===- Passes.td - qc dialect passes -----------------------*- tablegen -*-===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_DIALECT_QC_TRANSFORMS_PASSES_TD
#define QUANTC_DIALECT_QC_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def VerifyQCContract : Pass<"quantc-verify-qc-contract", "::mlir::ModuleOp"> {
  let summary = "Check the backend contract of the qc stage";
  let description = [{
    The contract between import and everything after it: one public
    `func.func` (the entry) whose body holds only qc ops (no
    `qc.onnx_op`, no `qc.none`) and `func.return`; every value a ranked
    tensor with a static shape. Fails with one error per violation.
  }];
}

def FoldBatchNorm : Pass<"quantc-fold-batch-norm"> {
  let summary = "Fold inference BatchNorm into the preceding conv/matmul";
  let description = [{
    With s = scale / sqrt(var + eps) and t = bias - mean * s (per channel):

    * `batch_norm(conv2d(x, W, b))` with constant W, b and BN parameters,
      and the conv used only by the BN, becomes `conv2d(x, W', b')` with
      W'[o] = W[o] * s[o] and b' = b * s + t (b = 0 when absent). The same
      for `matmul(x, W)` with a constant [K, N] W (channels = columns).
    * `mul(conv2d(...), K)` (either order) with a constant K that varies
      only along the output channels (a scalar, [C, 1, 1], [1, C, 1, 1]) is
      the same fold with s = K and t = 0; `mul(matmul(...), K)` with K
      varying only along the last dimension too. (ONNX Runtime's dynamic
      quantization rescales each ConvInteger/MatMulInteger so.)
    * A `batch_norm` of a quantized activation (its input is a
      `qc.fake_quant`: a model quantized by another tool) with constant
      parameters and a 4-d input becomes the depthwise 1x1 `conv2d` with
      filter s ([C, 1, 1, 1]) and bias t, which has an integer form.
    * Any other `batch_norm` becomes `x * s + t` with s, t broadcast along
      dimension 1 (constants when the parameters are).

    Rounding: W' is computed in double and rounded once to f32.

    ```mlir
    %c = qc.conv2d %x, %w : (...) -> tensor<1x8x4x4xf32>
    %y = qc.batch_norm %c, %s, %b, %m, %v {epsilon = 1.0e-3 : f32} : (...)
    // becomes
    %y = qc.conv2d %x, %w2, %b2 : (...) -> tensor<1x8x4x4xf32>
    ```
  }];
}

def ConvertLayout : Pass<"quantc-convert-layout"> {
  let summary = "Convert NCHW convolutions and pools to NHWC";
  let description = [{
    Rewrites every NCHW `qc.conv2d` and 2-d pool as its NHWC form between
    a transpose to NHWC ([0, 2, 3, 1]) and one back ([0, 3, 1, 2]); the
    OIHW filter becomes OHWI by a constant-folded transpose. Transposes are
    then sunk through layout-agnostic ops (elementwise with broadcasting
    operands transposed alongside, reductions and softmax with permuted
    axes, concat, pad) until they meet their inverse and cancel. Transposes
    that only move unit dimensions become reshapes.

    What remains: one transpose at each boundary where the NCHW order is
    observable (graph inputs/outputs, reshapes that mix channels with
    space, LRN).
  }];
}

def FuseEpilogues : Pass<"quantc-fuse-epilogues"> {
  let summary = "Fuse bias, residual add and activation into contractions";
  let description = [{
    Folds elementwise consumers of a `qc.conv2d`/`qc.matmul` result (used
    only by that consumer) into its epilogue, in the order the epilogue
    applies them, `clamp(leaky(acc + bias + residual))`:

    * `add(y, K)` with K a constant that varies only along the channel
      dimension -> `bias` (added to an existing bias);
    * `add(y, r)` with r of the result type -> `residual` (the fused op is
      created at the add, where r is available);
    * `leaky_relu(y)` -> `leaky_alpha`; `clamp(y)` -> `clamp_min/max`.

    A consumer that would apply out of that order (an add after an
    activation) is not fused. The CPU kernels apply the epilogue in
    registers, so fused ops write their output once.
  }];
}

def Differentiate : Pass<"quantc-differentiate", "::mlir::ModuleOp"> {
  let summary = "Build the gradient function of a float qc function";
  let description = [{
    Reverse-mode automatic differentiation (docs/autodiff.md). From the
    function `func` (one block, one result) it builds the private function
    `@<func>_grad` that returns the forward result followed by its
    gradient with respect to each argument listed in `wrt`:

    * a result of one element (a loss) is seeded with 1:
      `@f_grad(args...) -> (loss, dloss/d args[wrt]...)`;
    * any other result takes its cotangent as an extra last argument
      (a vector-Jacobian product):
      `@f_grad(args..., %dy) -> (y, dy^T dy/d args[wrt]...)`.

    The forward is cloned, then every op on a path from a `wrt` argument
    to the result contributes its vector-Jacobian product
    (`QC_DifferentiableOpInterface`), in reverse order; cotangents of a
    value used several times are summed. An argument the result does not
    depend on gets a zero gradient. An op on such a path without a
    vector-Jacobian product is an error naming the op (and the ONNX node,
    through its location).

    ```mlir
    func.func @f(%x: tensor<4xf32>) -> tensor<f32> {
      %e = qc.exp %x : (tensor<4xf32>) -> tensor<4xf32>
      %s = qc.reduce_sum %e {axes = array<i64: 0>, keepdims = false} : ...
      return %s : tensor<f32>
    }
    // quantc-differentiate{func=f wrt=0} adds
    func.func private @f_grad(%x: tensor<4xf32>) -> (tensor<f32>, tensor<4xf32>)
    ```
  }];
  let options = [
    Option<"funcName", "func", "std::string", /*default=*/"\"main\"",
           "The function to differentiate">,
    ListOption<"wrt", "wrt", "unsigned",
               "The arguments to differentiate with respect to (all float "
               "arguments when empty)">,
  ];
}

def DecomposeConvTranspose : Pass<"quantc-decompose-conv-transpose"> {
  let summary = "Rewrite qc.conv_transpose2d as a qc.conv2d";
  let description = [{
    `conv_transpose2d(x, W)` with strides s, dilations d, pads p and
    output_padding a becomes `conv2d(x', W')` with stride 1 and dilations
    d, where x' is x with s-1 zeros inserted between neighbours, padded by
    d*(k-1) - p_lo before and d*(k-1) - p_hi + a after (cropped where
    negative), and W' is W flipped in space with its in/out channels
    swapped within each group ([C, O/g, KH, KW] -> [O, C/g, KH, KW]). The
    rewrite is qc reshape/pad/slice/transpose ops, which fold for a
    constant filter, so a transposed convolution gets the convolution's
    FP32 and INT8 kernels (as upstream TOSA's TosaDecomposeTransposeConv).
  }];
}

#endif // QUANTC_DIALECT_QC_TRANSFORMS_PASSES_TD
