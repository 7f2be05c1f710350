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

//===----------------------------------------------------------------------===//
// Base classes
//===----------------------------------------------------------------------===//

class QC_Op<string mnemonic, list<Trait> traits = []>
    : Op<QC_Dialect, mnemonic, traits>;

#endif // QUANTC_DIALECT_QC_IR_QCBASE_TD
