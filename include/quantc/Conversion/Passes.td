//===- Passes.td - quantc conversion passes ----------------*- tablegen -*-===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_CONVERSION_PASSES_TD
#define QUANTC_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def LegalizeONNX : Pass<"quantc-legalize-onnx", "::mlir::ModuleOp"> {
  let summary = "Legalize generic qc.onnx_op nodes into qc ops";
  let description = [{
    Rewrites every `qc.onnx_op` produced by the importer into the small qc
    op set, with handlers registered by (op type, since-version) as in
    torch-mlir's TorchOnnxToTorch. Shape arithmetic (Shape, Gather, Cast,
    Concat, Unsqueeze, ... on constants) folds to constants on the way, so
    Reshape and friends see constant shapes.

    Each handler computes its result types from its (static) operand types
    and cross-checks them with ONNX shape inference where that was static.

    Preconditions: the module comes from the importer (one `func.func`).
    Postcondition: no `qc.onnx_op` is left; otherwise the pass fails with
    one error per remaining node, located at the node (its ONNX name),
    saying "<OpType>: unimplemented: <what>" or
    "<OpType>: unsupported operator".

    ```mlir
    %0 = qc.onnx_op "Relu"(%x) {attrs = {}, domain = "", version = 13 : i64}
        : (tensor<1x8xf32>) -> tensor<1x8xf32>
    // becomes
    %0 = qc.clamp %x {min = 0.0 : f32} : (tensor<1x8xf32>) -> tensor<1x8xf32>
    ```
  }];
  let dependentDialects = ["::mlir::qc::QCDialect", "::mlir::func::FuncDialect"];
}

def ConvertQCToLinalg : Pass<"quantc-convert-qc-to-linalg"> {
  let summary = "Lower qc ops to linalg and tensor (the reference lowering)";
  let description = [{
    Lowers every qc op left after kernel selection to linalg on tensors,
    for any static shape: elementwise ops and epilogues become parallel
    `linalg.generic`s with numpy broadcasting maps; convolutions become one
    generic over (n, group, out-channel, oh, ow, in-channel, kh, kw) on a
    `tensor.pad`ded input; average pooling multiplies by a compile-time
    constant of per-window reciprocal divisors (exactly ONNX's
    count_include_pad / ceil_mode rules); softmax subtracts the row max
    first; reshapes are collapse/expand pairs (no copy once bufferized).

    Preconditions: static shapes, int or float element types (quantized
    types are integerized earlier). Postcondition: no qc op remains.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect", "::mlir::tensor::TensorDialect"
  ];
}

#endif // QUANTC_CONVERSION_PASSES_TD
