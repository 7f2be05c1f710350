//===- Common.h - Shared pieces of the qc-to-linalg lowering ----*- C++ -*-===//
//
// Part of the quantc project.
//
// The reference lowering of every qc op to linalg on tensors is split by op
// family, as upstream's TosaToLinalg is: Elementwise.cpp (elementwise float
// and integer ops), NamedOps.cpp (contractions, normalization, pooling,
// reductions), DataMovement.cpp (constants, reshapes, transposes, slices,
// pads, gathers) and QCToLinalgPass.cpp (the type conversion and the pass).
// This header holds what they share: tensor and generic builders, the
// table of scalar ops, and the epilogues of contractions.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_LIB_CONVERSION_QCTOLINALG_COMMON_H
#define QUANTC_LIB_CONVERSION_QCTOLINALG_COMMON_H

#include "quantc/Dialect/QC/IR/QCOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

#include <optional>
#include <type_traits>

namespace mlir {
namespace qc {
namespace qc_to_linalg {

using BodyFn = function_ref<Value(OpBuilder &, Location, ValueRange)>;
using utils::IteratorType;

//===----------------------------------------------------------------------===//
// The scalar op of each qc op
//===----------------------------------------------------------------------===//

/// The arith/math op computing qc op `OpTy` on one element: `FOp` on floats,
/// `IOp` on (signed or signless) integers, `UIOp` on unsigned codes. Ops
/// without a row are built by their lowering.
template <typename OpTy> struct ScalarOp {};
template <typename F, typename I, typename UI = I> struct ScalarOps {
  using FOp = F;
  using IOp = I;
  using UIOp = UI;
};
/// The `IOp` of an op with no integer form (the integer graph computes it
/// as a table).
struct NoIntegerOp {};
template <typename F> using FloatOnly = ScalarOps<F, NoIntegerOp>;

/// True when `OpTy` has a row in the table.
template <typename OpTy, typename = void> constexpr bool hasScalarOp = false;
template <typename OpTy>
constexpr bool hasScalarOp<OpTy, std::void_t<typename ScalarOp<OpTy>::FOp>> =
    true;
// clang-format off
template <> struct ScalarOp<AddOp> : ScalarOps<arith::AddFOp, arith::AddIOp> {};
template <> struct ScalarOp<SubOp> : ScalarOps<arith::SubFOp, arith::SubIOp> {};
template <> struct ScalarOp<MulOp> : ScalarOps<arith::MulFOp, arith::MulIOp> {};
template <> struct ScalarOp<DivOp>
    : ScalarOps<arith::DivFOp, arith::DivSIOp, arith::DivUIOp> {};
/// As ONNX Max/Min: NaN propagates.
template <> struct ScalarOp<MaxOp>
    : ScalarOps<arith::MaximumFOp, arith::MaxSIOp, arith::MaxUIOp> {};
template <> struct ScalarOp<MinOp>
    : ScalarOps<arith::MinimumFOp, arith::MinSIOp, arith::MinUIOp> {};
template <> struct ScalarOp<PowOp> : ScalarOps<math::PowFOp, math::IPowIOp> {};
template <> struct ScalarOp<AbsOp> : ScalarOps<math::AbsFOp, math::AbsIOp> {};
template <> struct ScalarOp<TanhOp> : FloatOnly<math::TanhOp> {};
template <> struct ScalarOp<ExpOp> : FloatOnly<math::ExpOp> {};
template <> struct ScalarOp<LogOp> : FloatOnly<math::LogOp> {};
template <> struct ScalarOp<SqrtOp> : FloatOnly<math::SqrtOp> {};
template <> struct ScalarOp<FloorOp> : FloatOnly<math::FloorOp> {};
template <> struct ScalarOp<CeilOp> : FloatOnly<math::CeilOp> {};
template <> struct ScalarOp<ErfOp> : FloatOnly<math::ErfOp> {};
// clang-format on

/// Binary `OpTy` on the scalars `x` and `y` (of one type), with the float,
/// integer or unsigned op of ScalarOp<OpTy>.
template <typename OpTy>
Value createScalarOp(OpBuilder &b, Location loc, Value x, Value y,
                     bool isUnsigned = false) {
  using Ops = ScalarOp<OpTy>;
  if (isa<FloatType>(x.getType()))
    return Ops::FOp::create(b, loc, x, y);
  if (isUnsigned)
    return Ops::UIOp::create(b, loc, x, y);
  return Ops::IOp::create(b, loc, x, y);
}

/// Unary `OpTy` on the scalar `x`.
template <typename OpTy>
Value createScalarOp(OpBuilder &b, Location loc, Value x) {
  using Ops = ScalarOp<OpTy>;
  if constexpr (std::is_same_v<typename Ops::IOp, NoIntegerOp>) {
    assert(isa<FloatType>(x.getType()) && "a float-only op on integers");
    return Ops::FOp::create(b, loc, x);
  } else {
    if (isa<FloatType>(x.getType()))
      return Ops::FOp::create(b, loc, x);
    return Ops::IOp::create(b, loc, x);
  }
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

/// The rewriter every lowering builds with.
using Rewriter = ConversionPatternRewriter;

/// The op a lowering function lowers. A lowering is a function
/// `FailureOr<Value>(OpTy op, OpTy::Adaptor adaptor, RankedTensorType type,
/// Rewriter &rewriter)`: it builds the value replacing `op` from its
/// converted operands and its converted result type (integers signless),
/// or returns the match failure.
template <typename Fn> struct LoweredOp;
template <typename OpTy>
struct LoweredOp<FailureOr<Value> (*)(OpTy, typename OpTy::Adaptor,
                                      RankedTensorType, Rewriter &)> {
  using type = OpTy;
};

/// The pattern of the lowering function `Lower`: it converts the op's
/// result type and replaces the op with the value `Lower` builds. Patterns
/// are registered as `patterns.add<QCLowering<lowerSlice>, ...>`.
template <auto Lower>
struct QCLowering
    : OpConversionPattern<typename LoweredOp<decltype(Lower)>::type> {
  using OpTy = typename LoweredOp<decltype(Lower)>::type;
  using OpConversionPattern<OpTy>::OpConversionPattern;
  LogicalResult matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                                Rewriter &rewriter) const final {
    auto type = dyn_cast_if_present<RankedTensorType>(
        this->getTypeConverter()->convertType(op->getResult(0).getType()));
    if (!type)
      return rewriter.notifyMatchFailure(op, "result type does not convert");
    FailureOr<Value> result = Lower(op, adaptor, type, rewriter);
    if (failed(result))
      return failure();
    rewriter.replaceOp(op, *result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Types, constants and generics
//===----------------------------------------------------------------------===//

Value emptyTensor(OpBuilder &b, Location loc, RankedTensorType type);

/// quantc's integer IR uses ui8 for activation codes; linalg and arith work
/// on signless integers, so types are converted (ui8 -> i8) and each
/// lowering picks zero- or sign-extension from the original qc types.
Type signless(Type t);
RankedTensorType signlessTensor(Type t);
bool isUnsignedInt(Type t);

/// A scalar constant of `type` (float or integer) with value `v`.
Value scalar(OpBuilder &b, Location loc, Type type, double v);
/// A tensor of `type` filled with `v`.
Value filled(OpBuilder &b, Location loc, RankedTensorType type, double v);

/// Indexing map reading an operand of `shape` broadcast (numpy, aligned
/// right) to a result of `resultShape`.
AffineMap broadcastMap(MLIRContext *ctx, ArrayRef<int64_t> shape,
                       ArrayRef<int64_t> resultShape);

/// A parallel linalg.generic over `resultType` reading `inputs` through
/// `inputMaps`; `body` computes the element from the input elements.
Value parallelGeneric(OpBuilder &b, Location loc, RankedTensorType resultType,
                      ValueRange inputs, ArrayRef<AffineMap> inputMaps,
                      BodyFn body);

/// A parallel linalg.generic over `resultType` reading broadcast `inputs`.
Value elementwise(OpBuilder &b, Location loc, RankedTensorType resultType,
                  ValueRange inputs, BodyFn body);

/// tensor.pad with a constant.
Value padConstant(OpBuilder &b, Location loc, Value v, ArrayRef<int64_t> lo,
                  ArrayRef<int64_t> hi, Value padValue);

/// Reshape through collapse-to-1-d and expand (metadata only once
/// bufferized).
Value reshapeTensor(OpBuilder &b, Location loc, Value v,
                    RankedTensorType target);

//===----------------------------------------------------------------------===//
// Scalar math shared by elementwise ops and epilogues
//===----------------------------------------------------------------------===//

/// min(max(x, lo), hi); an absent bound is unbounded.
Value clampScalar(OpBuilder &b, Location loc, Value x,
                  std::optional<APFloat> lo, std::optional<APFloat> hi,
                  bool isUnsigned = false);
/// x >= 0 ? x : alpha * x.
Value leakyScalar(OpBuilder &b, Location loc, Value x, double alpha);
/// Extends (or truncates) an integer to `to` (zero-extension for unsigned
/// codes).
Value extendInt(OpBuilder &b, Location loc, Value v, Type to, bool isUnsigned);
/// acc + x * w, integers extended to the accumulator (`xUnsigned` for u8
/// activation codes).
Value macScalar(OpBuilder &b, Location loc, Value x, Value w, Value acc,
                bool xUnsigned = false);

//===----------------------------------------------------------------------===//
// Epilogues of contractions
//===----------------------------------------------------------------------===//

/// The float epilogue of `op`: acc (+ bias[c]) (+ residual) -> leaky ->
/// clamp, one elementwise generic.
Value applyEpilogue(OpBuilder &b, Location loc, ContractionOpInterface op,
                    Value acc, Value bias, Value residual, int64_t channelDim);

/// A constant i32 tensor of multipliers.
Value multiplierTensor(OpBuilder &b, Location loc, ArrayRef<int32_t> values,
                       ArrayRef<int64_t> shape);

/// Requantizes the i32 tensor `acc` (+ bias along `channelDim`, + residual)
/// into `resultType` (signless). Multipliers are per `channelDim` when
/// there are several, or per position with `positionDims` (average pools:
/// the [H, W] dims of a per-position table).
Value requantEpilogue(OpBuilder &b, Location loc, Value acc, Value bias,
                      Value residual, bool residualUnsigned, RequantAttr rq,
                      int64_t channelDim, RankedTensorType resultType,
                      ArrayRef<int64_t> positionDims = {});

//===----------------------------------------------------------------------===//
// Patterns, by op family
//===----------------------------------------------------------------------===//

void populateElementwisePatterns(RewritePatternSet &patterns,
                                 const TypeConverter &converter);
void populateNamedOpPatterns(RewritePatternSet &patterns,
                             const TypeConverter &converter);
void populateDataMovementPatterns(RewritePatternSet &patterns,
                                  const TypeConverter &converter);

} // namespace qc_to_linalg
} // namespace qc
} // namespace mlir

#endif // QUANTC_LIB_CONVERSION_QCTOLINALG_COMMON_H
