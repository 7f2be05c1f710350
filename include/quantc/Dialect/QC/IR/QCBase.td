//===- QCBase.td - qc dialect base definitions ------------*- tablegen -*-===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_DIALECT_QC_IR_QCBASE_TD
#define QUANTC_DIALECT_QC_IR_QCBASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def QC_Dialect : Dialect {
  let name = "qc";
  let cppNamespace = "::mlir::qc";
  let summary = "quantc's tensor-level dialect for float and quantized networks";
  let description = [{
    `qc` is the tensor-level IR of quantc. ONNX graphs are imported into it
    (first as generic `qc.onnx_op` nodes, then legalized into the small,
    orthogonal set of ops below), and every quantc pass up to kernel
    selection works on it.

    Values are ranked tensors with static shapes once legalization is
    done. Float tensors use `f32`; quantized tensors use upstream
    `!quant.uniform` element types (per tensor or per axis); integer-only
    code after dyadic rewriting uses plain `i8`/`ui8`/`i32` tensors.

    Ops with a data layout (convolution, pooling) carry it explicitly
    (`#qc<layout nchw>` as imported from ONNX, `#qc<layout nhwc>` after
    `quantc-convert-layout`). The spec of every op, with its numbered
    constraints, is `docs/dialect.md`; verifier comments and negative tests
    use the same ids (`conv2d_c3`, `@conv2d_c3`).
  }];
  let dependentDialects = [
    "::mlir::quant::QuantDialect",
    "::mlir::tensor::TensorDialect"
  ];
  let hasConstantMaterializer = 1;
  let useDefaultAttributePrinterParser = 1;
  // `qc.calib` and `qc.qparams` on ops and entry arguments must be the
  // typed attributes below.
  let hasOperationAttrVerify = 1;
  let hasRegionArgAttrVerify = 1;
  let extraClassDeclaration = [{
    /// The discardable attributes that carry a value's calibration
    /// statistics and its fixed quantization parameters.
    static constexpr ::llvm::StringLiteral kCalibAttrName = "qc.calib";
    static constexpr ::llvm::StringLiteral kQParamsAttrName = "qc.qparams";

  private:
    void registerAttributes();

  public:
  }];
}

//===----------------------------------------------------------------------===//
// Enums
//===----------------------------------------------------------------------===//

def QC_Layout : I32EnumAttr<"Layout", "data layout of a 4-d activation", [
    I32EnumAttrCase<"NCHW", 0, "nchw">,
    I32EnumAttrCase<"NHWC", 1, "nhwc">
  ]> {
  let cppNamespace = "::mlir::qc";
  let genSpecializedAttr = 0;
}
def QC_LayoutAttr : EnumAttr<QC_Dialect, QC_Layout, "layout">;

def QC_PadMode : I32EnumAttr<"PadMode", "how qc.pad fills the border", [
    I32EnumAttrCase<"Constant", 0, "constant">,
    I32EnumAttrCase<"Reflect", 1, "reflect">,
    I32EnumAttrCase<"Edge", 2, "edge">
  ]> {
  let cppNamespace = "::mlir::qc";
  let genSpecializedAttr = 0;
}
def QC_PadModeAttr : EnumAttr<QC_Dialect, QC_PadMode, "pad_mode">;

def QC_ComparePredicate : I32EnumAttr<"ComparePredicate",
    "the relation qc.compare tests", [
    I32EnumAttrCase<"EQ", 0, "eq">,
    I32EnumAttrCase<"NE", 1, "ne">,
    I32EnumAttrCase<"LT", 2, "lt">,
    I32EnumAttrCase<"LE", 3, "le">,
    I32EnumAttrCase<"GT", 4, "gt">,
    I32EnumAttrCase<"GE", 5, "ge">
  ]> {
  let cppNamespace = "::mlir::qc";
}

def QC_RoundingMode : I32EnumAttr<"RoundingMode",
    "rounding of the right shift in a dyadic rescale", [
    I32EnumAttrCase<"HalfUp", 0, "half_up">,
    I32EnumAttrCase<"HalfEven", 1, "half_even">
  ]> {
  let cppNamespace = "::mlir::qc";
  let genSpecializedAttr = 0;
}
def QC_RoundingModeAttr : EnumAttr<QC_Dialect, QC_RoundingMode, "rounding">;

//===----------------------------------------------------------------------===//
// Attributes
//===----------------------------------------------------------------------===//

def QC_RequantAttr : AttrDef<QC_Dialect, "Requant"> {
  let mnemonic = "requant";
  let summary = "a dyadic (integer multiply and shift) requantization";
  let description = [{
    Maps a 32-bit accumulator `x` to an output code (docs/quantization.md):

        t = (x - input_zp) * m          (m = multiplier[c], or neg_multiplier[c]
                                          when x - input_zp < 0 and present)
          + (r - residual_zp) * residual_multiplier    (ops with a residual r)
        y = clamp(output_zp + ((t + 2^(shift-1)) >> shift), min, max)

    computed in 64 bits. `multiplier` has one entry (per tensor) or one per
    output channel (per position for average pooling).

    ```mlir
    #qc.requant<multiplier = array<i32: 1518500250>, shift = 38,
                output_zp = 0, min = 0, max = 255>
    ```
  }];
  let parameters = (ins
    "::mlir::DenseI32ArrayAttr":$multiplier,
    OptionalParameter<"::mlir::DenseI32ArrayAttr">:$neg_multiplier,
    "int64_t":$shift,
    DefaultValuedParameter<"int64_t", "0">:$input_zp,
    "int64_t":$output_zp,
    "int64_t":$min,
    "int64_t":$max,
    DefaultValuedParameter<"int64_t", "0">:$residual_multiplier,
    DefaultValuedParameter<"int64_t", "0">:$residual_zp
  );
  let assemblyFormat = "`<` struct(params) `>`";
}

/// An IEEE double, printed so that it parses back to the same bits (an
/// APFloat: the storage uniquer hashes it).
class QC_F64Parameter<string desc = ""> : APFloatParameter<desc> {
  let parser = [{ [&]() -> ::mlir::FailureOr<::llvm::APFloat> {
    ::llvm::APFloat value(0.0);
    if ($_parser.parseFloat(::llvm::APFloat::IEEEdouble(), value))
      return ::mlir::failure();
    return value;
  }() }];
}

def QC_CalibAttr : AttrDef<QC_Dialect, "Calib"> {
  let mnemonic = "calib";
  let summary = "the calibration statistics of one activation";
  let description = [{
    Attached by quantc-calibrate (and, for imported quantized models,
    quantc-fold-fake-quant) as `qc.calib` to a float entry argument or to
    the op defining a float activation. `min`/`max` are the observed
    extremes, `lo`/`hi` the range the calibration method chose (what
    quantc-quantize maps onto the u8 grid). `channel_axis` and
    `channel_mean` (together) are the per-channel means of a contraction's
    input (quantc-bias-correct). `fixed` marks a range set by the model's
    own quantization parameters (calibration leaves it), `bound` a range
    bound derived from the weights of a 32-bit output.

    ```mlir
    #qc.calib<min = -1.5, max = 3.0, lo = -1.0, hi = 2.5>
    #qc.calib<min = 0.0, max = 8.0, lo = 0.0, hi = 8.0, channel_axis = 1,
              channel_mean = array<f64: 4.0, 1.0>>
    ```
  }];
  let parameters = (ins
    QC_F64Parameter<"observed minimum">:$min,
    QC_F64Parameter<"observed maximum">:$max,
    QC_F64Parameter<"lower end of the chosen range">:$lo,
    QC_F64Parameter<"upper end of the chosen range">:$hi,
    OptionalParameter<"std::optional<int64_t>">:$channel_axis,
    OptionalParameter<"::mlir::DenseF64ArrayAttr">:$channel_mean,
    DefaultValuedParameter<"bool", "false">:$fixed,
    DefaultValuedParameter<"bool", "false">:$bound
  );
  let builders = [
    AttrBuilder<(ins "double":$min, "double":$max, "double":$lo,
                     "double":$hi, "std::optional<int64_t>":$channel_axis,
                     "::mlir::DenseF64ArrayAttr":$channel_mean), [{
      return $_get($_ctxt, ::llvm::APFloat(min), ::llvm::APFloat(max),
                   ::llvm::APFloat(lo), ::llvm::APFloat(hi), channel_axis,
                   channel_mean, false, false);
    }]>,
    // A range that is both observed and chosen ([lo, hi]).
    AttrBuilder<(ins "double":$lo, "double":$hi,
                     CArg<"bool", "false">:$fixed,
                     CArg<"bool", "false">:$bound), [{
      ::llvm::APFloat l(lo), h(hi);
      return $_get($_ctxt, l, h, l, h, std::nullopt,
                   ::mlir::DenseF64ArrayAttr(), fixed, bound);
    }]>
  ];
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The `qc.calib` of `v` (of its defining op, or of the entry argument).
    static CalibAttr of(::mlir::Value v);
    /// Attaches this as `v`'s `qc.calib`.
    void attachTo(::mlir::Value v) const;
  }];
}

def QC_QParamsAttr : AttrDef<QC_Dialect, "QParams"> {
  let mnemonic = "qparams";
  let summary = "the fixed u8 quantization parameters of one activation";
  let description = [{
    Attached as `qc.qparams` by quantc-fold-fake-quant to a tensor whose
    grid an imported quantized model fixes: real = scale * (q - zero_point)
    for q in [0, 255]. quantc-quantize takes them exactly.

    ```mlir
    #qc.qparams<scale = 0.015625, zero_point = 100>
    ```
  }];
  let parameters = (ins QC_F64Parameter<"step of the grid">:$scale,
                        "int64_t":$zero_point);
  let builders = [
    AttrBuilder<(ins "double":$scale, "int64_t":$zero_point), [{
      return $_get($_ctxt, ::llvm::APFloat(scale), zero_point);
    }]>
  ];
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The `qc.qparams` of `v` (of its defining op, or of the entry
    /// argument).
    static QParamsAttr of(::mlir::Value v);
    /// Attaches this as `v`'s `qc.qparams`.
    void attachTo(::mlir::Value v) const;
  }];
}

//===----------------------------------------------------------------------===//
// Base classes
//===----------------------------------------------------------------------===//

class QC_Op<string mnemonic, list<Trait> traits = []>
    : Op<QC_Dialect, mnemonic, traits>;

#endif // QUANTC_DIALECT_QC_IR_QCBASE_TD
