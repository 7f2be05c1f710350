//===- QCInterfaces.td - qc op interfaces and traits -------*- tablegen -*-===//
//
// Part of the quantc project.
//
// The properties of qc ops that passes ask about, stated once on the ops
// (docs/dialect.md, "Op properties"). A pass asks `isa<Interface>(op)` or
// `op->hasTrait<Trait>()`, never a list of op classes.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_DIALECT_QC_IR_QCINTERFACES_TD
#define QUANTC_DIALECT_QC_IR_QCINTERFACES_TD

include "mlir/IR/OpBase.td"

//===----------------------------------------------------------------------===//
// Traits
//===----------------------------------------------------------------------===//

class QC_NativeOpTrait<string name> : NativeOpTrait<name> {
  let cppNamespace = "::mlir::OpTrait::qc";
}

// The quantized result has the quantization parameters (scale, zero point)
// of operand 0: the op only moves, selects or clamps its codes (data
// movement, max pooling, reduce_max/min, clamp). quantc-quantize gives the
// result its input's type; quantc-fold-fake-quant and the QDQ importer look
// through such ops for the grid a value was rounded onto.
def QC_KeepsQuantParams : QC_NativeOpTrait<"KeepsQuantParams">;

// The integer form of the op rescales into a result with its own calibrated
// range (contractions, add/sub/mul/div, average pooling, means, concat,
// leaky_relu, tabulated functions): quantc-quantize reads the result's
// `#qc.calib`, quantc-fold-fake-quant's imported grids fix it.
def QC_RequantizesResult : QC_NativeOpTrait<"RequantizesResult">;

// The result holds exactly the elements of operand 0, rearranged (reshape,
// transpose): a value's calibration statistics and range are its input's
// (quantc-calibrate, the wide outputs of quantc-quantize and
// quantc-fold-fake-quant), and a constant input folds
// (quantc-convert-layout).
def QC_RearrangesElements : QC_NativeOpTrait<"RearrangesElements">;

// Elementwise with no axis attribute: a transpose of every (non-constant)
// operand commutes with the op, so quantc-convert-layout moves transposes
// through it.
def QC_LayoutAgnostic : QC_NativeOpTrait<"LayoutAgnostic">;

// Verifier traits: the shape and element-kind rules of an op family
// (docs/dialect.md; the constraint ids are in the messages).
// unary_c1, unary_c2: the result has the operand's shape and element kind.
def QC_UnaryElementwise : QC_NativeOpTrait<"UnaryElementwise">;
// binary_c1..binary_c3: operands broadcast (numpy) to the result's shape,
// one element kind.
def QC_BroadcastingBinary : QC_NativeOpTrait<"BroadcastingBinary">;

//===----------------------------------------------------------------------===//
// ContractionOpInterface
//===----------------------------------------------------------------------===//

def QC_ContractionOpInterface : OpInterface<"ContractionOpInterface"> {
  let cppNamespace = "::mlir::qc";
  let description = [{
    A contraction of an activation with weights followed by the fused
    epilogue of docs/dialect.md ("Contractions"):

        result = clamp(leaky(acc + bias[c] + residual), clamp_min, clamp_max)

    in float form, or, with `requant`, the integer epilogue of
    `#qc.requant`. The interface names the operands and the channel
    dimensions every pass on contractions needs (epilogue fusion, BatchNorm
    folding, calibration, bias correction, quantization, dyadic rewriting),
    so that they treat qc.conv2d and qc.matmul alike.

    Channel dimensions are -1 where there is no channel dimension (a
    matrix-vector product has one output channel).
  }];
  let methods = [
    InterfaceMethod<"The activation operand (conv2d input, matmul lhs).",
      "::mlir::Value", "getActivation", (ins), [{}], [{
        return $_op->getOperand(0);
      }]>,
    InterfaceMethod<"The activation operand, for rewrites.",
      "::mlir::OpOperand &", "getActivationMutable", (ins), [{}], [{
        return $_op->getOpOperand(0);
      }]>,
    InterfaceMethod<"The weights (conv2d filter, matmul rhs).",
      "::mlir::Value", "getWeights", (ins), [{}], [{
        return $_op->getOperand(1);
      }]>,
    InterfaceMethod<"The weights, for rewrites.",
      "::mlir::OpOperand &", "getWeightsMutable", (ins), [{}], [{
        return $_op->getOpOperand(1);
      }]>,
    InterfaceMethod<"The optional bias ([C], along the result channels).",
      "::mlir::Value", "getBias">,
    InterfaceMethod<"The bias operand range (empty or one operand).",
      "::mlir::MutableOperandRange", "getBiasMutable">,
    InterfaceMethod<"The optional residual (of the result's shape).",
      "::mlir::Value", "getResidual">,
    InterfaceMethod<"The residual operand range (empty or one operand).",
      "::mlir::MutableOperandRange", "getResidualMutable">,
    InterfaceMethod<"The float epilogue's lower clamp (null if unset).",
      "::mlir::FloatAttr", "getClampMinAttr">,
    InterfaceMethod<"", "void", "setClampMinAttr",
      (ins "::mlir::FloatAttr":$value)>,
    InterfaceMethod<"The float epilogue's upper clamp (null if unset).",
      "::mlir::FloatAttr", "getClampMaxAttr">,
    InterfaceMethod<"", "void", "setClampMaxAttr",
      (ins "::mlir::FloatAttr":$value)>,
    InterfaceMethod<"The float epilogue's leaky slope (null if unset).",
      "::mlir::FloatAttr", "getLeakyAlphaAttr">,
    InterfaceMethod<"", "void", "setLeakyAlphaAttr",
      (ins "::mlir::FloatAttr":$value)>,
    InterfaceMethod<"The integer epilogue (null in float form).",
      "::mlir::qc::RequantAttr", "getRequantAttr">,
    InterfaceMethod<"", "void", "setRequantAttr",
      (ins "::mlir::qc::RequantAttr":$value)>,
    InterfaceMethod<[{
        The dimension of the activation that holds its input channels
        (conv2d: the layout's C; matmul: the last of lhs).
      }], "int64_t", "getActivationChannelDim">,
    InterfaceMethod<[{
        The dimension of the result that holds the output channels (the
        bias's), or -1 for a single output channel.
      }], "int64_t", "getResultChannelDim">,
    InterfaceMethod<[{
        The dimension of the weights along which the output channels run
        (conv2d filters: 0; matmul [K, N]: 1), or -1 for a single channel.
      }], "int64_t", "getWeightChannelDim">,
    InterfaceMethod<[{
        The dimension of the weights that runs over the input channels of a
        group (conv2d: 1 in OIHW, 3 in OHWI; matmul [K, N]: 0), or -1 where
        the weights are not a plain matrix or filter (batched or vector
        matmul weights).
      }], "int64_t", "getWeightInputChannelDim">,
    InterfaceMethod<"The number of output channels (1 without a channel dim).",
      "int64_t", "getNumOutputChannels">,
    InterfaceMethod<"The number of groups (input channels split evenly).",
      "int64_t", "getNumGroups", (ins), [{}], [{ return 1; }]>,
  ];
  let extraSharedClassDeclaration = [{
    /// True when the float epilogue has an activation (clamp or leaky).
    bool hasActivation() {
      return $_op.getClampMinAttr() || $_op.getClampMaxAttr() ||
             $_op.getLeakyAlphaAttr();
    }
    /// Drops the float epilogue's activation (the integer epilogue of
    /// `requant` replaces it).
    void removeFloatActivation() {
      $_op.setClampMinAttr(::mlir::FloatAttr());
      $_op.setClampMaxAttr(::mlir::FloatAttr());
      $_op.setLeakyAlphaAttr(::mlir::FloatAttr());
    }
  }];
}

//===----------------------------------------------------------------------===//
// AveragingOpInterface
//===----------------------------------------------------------------------===//

def QC_AveragingOpInterface : OpInterface<"AveragingOpInterface"> {
  let cppNamespace = "::mlir::qc";
  let description = [{
    Each result element is the mean of a window of operand 0's elements
    (average pooling, reduce_mean). A mean keeps the scale of a 32-bit
    input, so quantc-quantize keeps a contraction that reaches a model
    output through means 32-bit, its range widened by the window.
  }];
  let methods = [
    InterfaceMethod<"The number of input elements in one window (the "
                    "kernel's, or the reduced dimensions').",
      "int64_t", "getAveragedCount">,
  ];
}

//===----------------------------------------------------------------------===//
// TabulatedOpInterface
//===----------------------------------------------------------------------===//

def QC_TabulatedOpInterface : OpInterface<"TabulatedOpInterface"> {
  let cppNamespace = "::mlir::qc";
  let description = [{
    An elementwise real function of one input whose integer form is a
    256-entry `qc.table` of its input codes: quantc-integerize evaluates
    `evaluate` (in double) on the real value of every code,
    `table[q] = clamp(roundeven(f(s_in (q - z_in)) / s_out) + z_out, 0, 255)`.
    The function is stated once, next to the op's definition in QCOps.td.
  }];
  let methods = [
    InterfaceMethod<"The op's function at `x`, in double precision.",
      "double", "evaluate", (ins "double":$x)>,
  ];
}

//===----------------------------------------------------------------------===//
// DifferentiableOpInterface
//===----------------------------------------------------------------------===//

def QC_DifferentiableOpInterface : OpInterface<"DifferentiableOpInterface"> {
  let cppNamespace = "::mlir::qc";
  let description = [{
    A float op that states its vector-Jacobian product (docs/autodiff.md):
    given the cotangent `resultGrad` of its result (a tensor of the
    result's type), `buildVJP` builds, with `b` at the point after the op,
    the qc IR computing the cotangent of each operand, and appends one
    value per operand to `operandGrads` (a null value for an operand that
    has none: integer or constant-shaped operands such as a gather's
    indices). The op's own operands and result may be read. It fails, with
    an error on the op, where the rule does not cover an attribute (a
    fused integer epilogue, a non-constant pad mode).

    quantc-differentiate walks a function backwards asking each op on the
    path from the chosen arguments to the result; an op on that path
    without this interface is an error naming it.
  }];
  let methods = [
    InterfaceMethod<"Builds the cotangents of the operands.",
      "::llvm::LogicalResult", "buildVJP",
      (ins "::mlir::OpBuilder &":$b, "::mlir::Value":$resultGrad,
           "::llvm::SmallVectorImpl<::mlir::Value> &":$operandGrads)>,
  ];
}

#endif // QUANTC_DIALECT_QC_IR_QCINTERFACES_TD
