//===- QCKOps.td - quantc CPU kernel ops ------------------*- tablegen -*-===//
//
// Part of the quantc project.
//
// Destination-style kernel ops in the layouts the CPU kernels want (NHWC
// activations, weights packed in blocks of `nr` output channels). They work
// on tensors before bufferization and on memrefs after it, where
// quantc-cpu-expand-kernels turns them into register-tiled vector code.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_DIALECT_QCK_IR_QCKOPS_TD
#define QUANTC_DIALECT_QCK_IR_QCKOPS_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"
include "mlir/Interfaces/DestinationStyleOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def QCK_Dialect : Dialect {
  let name = "qck";
  let useDefaultAttributePrinterParser = 1;
  let cppNamespace = "::mlir::qck";
  let summary = "quantc's CPU kernel ops (destination style)";
  let dependentDialects = ["::mlir::qc::QCDialect"];
  let description = [{
    The operations the CPU backend generates register-tiled vector code
    for. Each is destination-passing style: `outs` is fully overwritten
    (never read), so a `tensor.empty` init bufferizes to a fresh buffer.
    Spatial padding is materialized before (inputs are already padded).

    Epilogue, applied in registers before the only store:
    `y = clamp(leaky(acc + bias + residual), clamp_min, clamp_max)`.

    Integer form (docs/quantization.md): activations (input, residual and an
    8-bit output) are unsigned 8-bit codes, `ui8` on tensors and signless
    `i8` after type conversion; filters are signed i8 (or i16 for the
    pmaddwd dot product); accumulation and bias are i32. The epilogue is
    `y = requant(acc + bias, residual)` with the `#qc.requant` attribute;
    per-channel multipliers come from the `multipliers` operand (i32 [P],
    or [2, P] whose second row holds the multipliers of negative values),
    P the padded channel count. Integer convolutions pad with code 0 (the
    input zero point is folded into the bias).
  }];
}

def QCK_PoolKind : I32EnumAttr<"PoolKind", "pooling reduction", [
    I32EnumAttrCase<"Max", 0, "max">,
    I32EnumAttrCase<"Avg", 1, "avg">
  ]> {
  let cppNamespace = "::mlir::qck";
  let genSpecializedAttr = 0;
}
def QCK_PoolKindAttr : EnumAttr<QCK_Dialect, QCK_PoolKind, "pool_kind">;

def QCK_Shaped : AnyTypeOf<[AnyRankedTensor, AnyMemRef]>;

// #qc.requant, referenced without including the qc dialect's definitions.
def QCK_RequantAttr : Attr<CPred<"::llvm::isa<::mlir::qc::RequantAttr>($_self)">,
                           "dyadic requantization (#qc.requant)"> {
  let storageType = "::mlir::qc::RequantAttr";
  let returnType = "::mlir::qc::RequantAttr";
  let convertFromStorage = "$_self";
}

class QCK_Op<string mnemonic, list<Trait> traits = []>
    : Op<QCK_Dialect, mnemonic, !listconcat(traits, [
        DestinationStyleOpInterface,
        DeclareOpInterfaceMethods<MemoryEffectsOpInterface>])> {
  let results = (outs Optional<AnyRankedTensor>:$result);
  let hasVerifier = 1;
  code extraBaseClassDeclaration = [{
    ::mlir::MutableOperandRange getDpsInitsMutable() {
      return getInitMutable();
    }
    bool hasPureTensorSemantics() { return (bool)getResult(); }
  }];
  // Every kernel reads its memref operands and writes its init.
  let extraClassDefinition = [{
    void $cppClass::getEffects(
        ::llvm::SmallVectorImpl<::mlir::SideEffects::EffectInstance<
            ::mlir::MemoryEffects::Effect>> &effects) {
      kernelEffects(*this, getInit(), effects);
    }
  }];
}

defvar QCK_Epilogue = (ins Optional<QCK_Shaped>:$bias,
                           Optional<QCK_Shaped>:$residual,
                           Optional<QCK_Shaped>:$multipliers,
                           OptionalAttr<F32Attr>:$clamp_min,
                           OptionalAttr<F32Attr>:$clamp_max,
                           OptionalAttr<F32Attr>:$leaky_alpha,
                           OptionalAttr<QCK_RequantAttr>:$requant);

def QCK_Conv2DOp : QCK_Op<"conv2d", [AttrSizedOperandSegments]> {
  let summary = "NHWC convolution, filter packed in blocks of output channels";
  let description = [{
    `input` [N, Hp, Wp, C] (padded), `filter` [OB, KH, KW, C, NR] with
    output channel `ob * NR + j` in block `ob`, lane `j` (zero padded past
    OC), `bias` [OB * NR], `init`/`residual` [N, OH, OW, OC]:

    out[n, y, x, o] = sum_{kh, kw, c} input[n, y*sh + kh*dh, x*sw + kw*dw, c]
                                    * filter[o / NR, kh, kw, c, o % NR]

    ```mlir
    %y = qck.conv2d ins(%x, %w : tensor<1x10x10x8xf32>, tensor<1x3x3x8x16xf32>)
        bias(%b : tensor<16xf32>) outs(%init : tensor<1x8x8x16xf32>)
        {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>}
        -> tensor<1x8x8x16xf32>
    ```

    Integer form: `filter` [OB, KH, G, NR, P] groups the reduction in runs
    of P (4 i8 for vpdpbusd, 2 i16 for pmaddwd) and `kernel` = [KH, KW].
    With unit horizontal dilation the (kw, c) run of a filter row is one
    contiguous sequence of KW * C values and G = ceil(KW * C / P); else
    C % P == 0 and G = KW * C / P. Missing values are zero.
  }];
  let arguments = !con((ins QCK_Shaped:$input, QCK_Shaped:$filter),
      QCK_Epilogue,
      (ins QCK_Shaped:$init, DenseI64ArrayAttr:$strides,
           DenseI64ArrayAttr:$dilations,
           OptionalAttr<DenseI64ArrayAttr>:$kernel));
  let assemblyFormat = [{
    `ins` `(` $input `,` $filter `:` type($input) `,` type($filter) `)`
    (`bias` `(` $bias^ `:` type($bias) `)`)?
    (`residual` `(` $residual^ `:` type($residual) `)`)?
    (`multipliers` `(` $multipliers^ `:` type($multipliers) `)`)?
    `outs` `(` $init `:` type($init) `)` attr-dict (`->` type($result)^)?
  }];
  let extraClassDeclaration = extraBaseClassDeclaration;
}

def QCK_DepthwiseConv2DOp : QCK_Op<"depthwise_conv2d", [AttrSizedOperandSegments]> {
  let summary = "NHWC depthwise convolution (channel multiplier 1)";
  let description = [{
    `input` [N, Hp, Wp, C] (padded), `filter` [KH, KW, C], `bias` [C]:

    out[n, y, x, c] = sum_{kh, kw} input[n, y*sh + kh*dh, x*sw + kw*dw, c]
                                  * filter[kh, kw, c]

    ```mlir
    %y = qck.depthwise_conv2d ins(%x, %w : tensor<1x10x10x32xf32>, tensor<3x3x32xf32>)
        outs(%init : tensor<1x8x8x32xf32>)
        {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>}
        -> tensor<1x8x8x32xf32>
    ```
  }];
  let arguments = !con((ins QCK_Shaped:$input, QCK_Shaped:$filter),
      QCK_Epilogue,
      (ins QCK_Shaped:$init, DenseI64ArrayAttr:$strides,
           DenseI64ArrayAttr:$dilations));
  let assemblyFormat = [{
    `ins` `(` $input `,` $filter `:` type($input) `,` type($filter) `)`
    (`bias` `(` $bias^ `:` type($bias) `)`)?
    (`residual` `(` $residual^ `:` type($residual) `)`)?
    (`multipliers` `(` $multipliers^ `:` type($multipliers) `)`)?
    `outs` `(` $init `:` type($init) `)` attr-dict (`->` type($result)^)?
  }];
  let extraClassDeclaration = extraBaseClassDeclaration;
}

def QCK_MatMulOp : QCK_Op<"matmul", [AttrSizedOperandSegments]> {
  let summary = "matrix product with the right operand packed in column blocks";
  let description = [{
    `lhs` [M, K], `rhs` [NB, K, NR] with column `nb * NR + j` in block `nb`
    (zero padded past N), `bias` [NB * NR], `init`/`residual` [M, N]:

    out[m, n] = sum_k lhs[m, k] * rhs[n / NR, k, n % NR]

    ```mlir
    %y = qck.matmul ins(%a, %b : tensor<4x64xf32>, tensor<2x64x16xf32>)
        outs(%init : tensor<4x20xf32>) -> tensor<4x20xf32>
    ```

    Integer form: `rhs` [NB, G, NR, P] with G = ceil(K / P) runs of P
    (4 i8 for vpdpbusd, 2 i16 for pmaddwd), zero past K.
  }];
  let arguments = !con((ins QCK_Shaped:$lhs, QCK_Shaped:$rhs), QCK_Epilogue,
                       (ins QCK_Shaped:$init));
  let assemblyFormat = [{
    `ins` `(` $lhs `,` $rhs `:` type($lhs) `,` type($rhs) `)`
    (`bias` `(` $bias^ `:` type($bias) `)`)?
    (`residual` `(` $residual^ `:` type($residual) `)`)?
    (`multipliers` `(` $multipliers^ `:` type($multipliers) `)`)?
    `outs` `(` $init `:` type($init) `)` attr-dict (`->` type($result)^)?
  }];
  let extraClassDeclaration = extraBaseClassDeclaration;
}

def QCK_Pool2DOp : QCK_Op<"pool2d"> {
  let summary = "NHWC max or average pooling over a padded input";
  let description = [{
    `input` [N, Hp, Wp, C] (padded with -inf for max, 0 for average).
    For `avg`, each window sum is multiplied by `divisors` [OH, OW] (the
    reciprocal window sizes, which differ at the borders) when given, else
    by 1 / (KH * KW).

    Integer form (unsigned 8-bit codes): `max` pads with code 0; `avg` pads
    with the input zero point and carries `requant`: the window sum minus
    KH * KW * input_zp is requantized with `divisors` (i32 [OH, OW], the
    per-position multipliers) or the attribute's single multiplier.

    ```mlir
    %y = qck.pool2d max ins(%x : tensor<1x8x8x32xf32>)
        outs(%init : tensor<1x4x4x32xf32>)
        {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>,
         dilations = array<i64: 1, 1>} -> tensor<1x4x4x32xf32>
    ```
  }];
  let arguments = (ins QCK_PoolKindAttr:$kind, QCK_Shaped:$input,
                   Optional<QCK_Shaped>:$divisors, QCK_Shaped:$init,
                   DenseI64ArrayAttr:$kernel, DenseI64ArrayAttr:$strides,
                   DenseI64ArrayAttr:$dilations,
                   OptionalAttr<QCK_RequantAttr>:$requant);
  let assemblyFormat = [{
    $kind `ins` `(` $input `:` type($input) `)`
    (`divisors` `(` $divisors^ `:` type($divisors) `)`)?
    `outs` `(` $init `:` type($init) `)` attr-dict (`->` type($result)^)?
  }];
  let extraClassDeclaration = extraBaseClassDeclaration;
}

#endif // QUANTC_DIALECT_QCK_IR_QCKOPS_TD
