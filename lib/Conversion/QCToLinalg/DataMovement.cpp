//===- DataMovement.cpp - Constants and data movement to tensor/linalg ----===//
//
// Part of the quantc project.
//
// qc.constant, reshape, transpose, concat, slice, pad and gather: tensor
// ops (collapse/expand, insert/extract_slice, pad) where they exist, a
// linalg.transpose, or a generic that computes source indices.
//
//===----------------------------------------------------------------------===//

#include "Common.h"

#include "mlir/IR/BuiltinDialect.h"
#include "mlir/IR/DialectResourceBlobManager.h"

using namespace mlir;
using namespace mlir::qc;
using namespace mlir::qc::qc_to_linalg;

namespace {

struct ConstantLowering : QCLowering<qc::ConstantOp> {
  using QCLowering::QCLowering;
  FailureOr<Value> lower(qc::ConstantOp op, OpAdaptor,
                         ConversionPatternRewriter &rewriter) const override {
    auto value = dyn_cast<TypedAttr>(op.getValue());
    if (!value)
      return rewriter.notifyMatchFailure(op, "constant is not typed");
    // arith is signless: unsigned codes (a qc.table's entries, a quantized
    // constant operand of a rescale) keep their bits.
    Type converted = getTypeConverter()->convertType(op.getType());
    if (converted && converted != value.getType()) {
      auto shaped = cast<ShapedType>(converted);
      if (auto dense = dyn_cast<DenseIntElementsAttr>(value))
        value = dense.bitcast(shaped.getElementType());
      else if (auto res = dyn_cast<DenseResourceElementsAttr>(value))
        value = DenseResourceElementsAttr::get(shaped, res.getRawHandle());
      else
        return rewriter.notifyMatchFailure(op, "constant of an unconvertible "
                                               "type");
    }
    return arith::ConstantOp::create(rewriter, op.getLoc(), value).getResult();
  }
};

struct ReshapeLowering : QCLowering<ReshapeOp> {
  using QCLowering::QCLowering;
  FailureOr<Value> lower(ReshapeOp op, OpAdaptor adaptor,
                         ConversionPatternRewriter &rewriter) const override {
    return reshapeTensor(rewriter, op.getLoc(), adaptor.getInput(),
                         signlessTensor(op.getType()));
  }
};

struct TransposeLowering : QCLowering<TransposeOp> {
  using QCLowering::QCLowering;
  FailureOr<Value> lower(TransposeOp op, OpAdaptor adaptor,
                         ConversionPatternRewriter &rewriter) const override {
    auto type = signlessTensor(op.getType());
    Value init = emptyTensor(rewriter, op.getLoc(), type);
    auto t = linalg::TransposeOp::create(
        rewriter, op.getLoc(), adaptor.getInput(), init, op.getPerm());
    return t.getResult()[0];
  }
};

struct ConcatLowering : QCLowering<ConcatOp> {
  using QCLowering::QCLowering;
  FailureOr<Value> lower(ConcatOp op, OpAdaptor adaptor,
                         ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = signlessTensor(op.getType());
    Value result = emptyTensor(rewriter, loc, type);
    int64_t offset = 0, axis = op.getAxis();
    for (Value in : adaptor.getInputs()) {
      auto t = cast<RankedTensorType>(in.getType());
      SmallVector<OpFoldResult> offsets(type.getRank(),
                                        rewriter.getIndexAttr(0));
      SmallVector<OpFoldResult> sizes,
          strides(type.getRank(), rewriter.getIndexAttr(1));
      for (int64_t d : t.getShape())
        sizes.push_back(rewriter.getIndexAttr(d));
      offsets[axis] = rewriter.getIndexAttr(offset);
      offset += t.getDimSize(axis);
      result = tensor::InsertSliceOp::create(rewriter, loc, in, result, offsets,
                                             sizes, strides);
    }
    return result;
  }
};

struct SliceLowering : QCLowering<SliceOp> {
  using QCLowering::QCLowering;
  FailureOr<Value> lower(SliceOp op, OpAdaptor adaptor,
                         ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = op.getContext();
    auto type = signlessTensor(op.getType());
    ArrayRef<int64_t> starts = op.getStarts(), steps = op.getSteps();
    if (llvm::all_of(steps, [](int64_t s) { return s > 0; })) {
      SmallVector<OpFoldResult> offsets, sizes, strides;
      for (int64_t i = 0; i < type.getRank(); ++i) {
        offsets.push_back(rewriter.getIndexAttr(starts[i]));
        sizes.push_back(rewriter.getIndexAttr(type.getDimSize(i)));
        strides.push_back(rewriter.getIndexAttr(steps[i]));
      }
      return tensor::ExtractSliceOp::create(rewriter, op.getLoc(), type,
                                            adaptor.getInput(), offsets, sizes,
                                            strides)
          .getResult();
    }
    // Negative steps: a generic reading input[start + step * i].
    SmallVector<AffineExpr> exprs;
    for (int64_t i = 0; i < type.getRank(); ++i)
      exprs.push_back(getAffineConstantExpr(starts[i], ctx) +
                      getAffineDimExpr(i, ctx) * steps[i]);
    int64_t rank = type.getRank();
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{adaptor.getInput()},
        ValueRange{emptyTensor(rewriter, loc, type)},
        ArrayRef<AffineMap>{AffineMap::get(rank, 0, exprs, ctx),
                            AffineMap::getMultiDimIdentityMap(rank, ctx)},
        SmallVector<IteratorType>(rank, IteratorType::parallel),
        [](OpBuilder &b, Location l, ValueRange a) {
          linalg::YieldOp::create(b, l, a[0]);
        });
    return generic.getResult(0);
  }
};

struct PadLowering : QCLowering<PadOp> {
  using QCLowering::QCLowering;
  FailureOr<Value> lower(PadOp op, OpAdaptor adaptor,
                         ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = signlessTensor(op.getType());
    auto inType = cast<RankedTensorType>(op.getInput().getType());
    int64_t rank = type.getRank();
    ArrayRef<int64_t> pads = op.getPads();
    Type elem = type.getElementType();
    if (op.getMode() == PadMode::Constant) {
      Value v = scalar(rewriter, loc, elem, op.getValue().convertToDouble());
      return padConstant(rewriter, loc, adaptor.getInput(),
                         pads.take_front(rank), pads.drop_front(rank), v);
    }
    // Reflect / edge: each output index maps to a source index.
    bool reflect = op.getMode() == PadMode::Reflect;
    Value input = adaptor.getInput();
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{},
        ValueRange{emptyTensor(rewriter, loc, type)},
        ArrayRef<AffineMap>{
            AffineMap::getMultiDimIdentityMap(rank, getContext())},
        SmallVector<IteratorType>(rank, IteratorType::parallel),
        [&](OpBuilder &b, Location l, ValueRange) {
          SmallVector<Value> idx;
          for (int64_t i = 0; i < rank; ++i) {
            int64_t dim = inType.getDimSize(i);
            Value o = linalg::IndexOp::create(b, l, i);
            Value p = arith::ConstantIndexOp::create(b, l, pads[i]);
            Value src = arith::SubIOp::create(b, l, o, p); // may be < 0
            Value zero = arith::ConstantIndexOp::create(b, l, 0);
            Value last = arith::ConstantIndexOp::create(b, l, dim - 1);
            if (reflect) {
              // |src| then mirror at the end: last - |last - |src||.
              Value neg = arith::SubIOp::create(b, l, zero, src);
              Value a = arith::MaxSIOp::create(b, l, src, neg);
              Value t = arith::SubIOp::create(b, l, last, a);
              Value tn = arith::SubIOp::create(b, l, zero, t);
              Value ta = arith::MaxSIOp::create(b, l, t, tn);
              src = arith::SubIOp::create(b, l, last, ta);
            } else {
              src = arith::MaxSIOp::create(b, l, src, zero);
              src = arith::MinSIOp::create(b, l, src, last);
            }
            idx.push_back(src);
          }
          Value v = tensor::ExtractOp::create(b, l, input, idx);
          linalg::YieldOp::create(b, l, v);
        });
    return generic.getResult(0);
  }
};

struct GatherLowering : QCLowering<GatherOp> {
  using QCLowering::QCLowering;
  FailureOr<Value> lower(GatherOp op, OpAdaptor adaptor,
                         ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = op.getContext();
    auto type = signlessTensor(op.getType());
    auto dataType = cast<RankedTensorType>(op.getData().getType());
    auto idxType = cast<RankedTensorType>(op.getIndices().getType());
    int64_t rank = type.getRank(), axis = op.getAxis();
    int64_t ir = idxType.getRank(), dim = dataType.getDimSize(axis);
    SmallVector<AffineExpr> idxExprs;
    for (int64_t i = 0; i < ir; ++i)
      idxExprs.push_back(getAffineDimExpr(axis + i, ctx));
    Value data = adaptor.getData();
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{adaptor.getIndices()},
        ValueRange{emptyTensor(rewriter, loc, type)},
        ArrayRef<AffineMap>{AffineMap::get(rank, 0, idxExprs, ctx),
                            AffineMap::getMultiDimIdentityMap(rank, ctx)},
        SmallVector<IteratorType>(rank, IteratorType::parallel),
        [&](OpBuilder &b, Location l, ValueRange a) {
          Value i = arith::IndexCastOp::create(b, l, b.getIndexType(), a[0]);
          // Negative indices count from the end.
          Value zero = arith::ConstantIndexOp::create(b, l, 0);
          Value neg =
              arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, i, zero);
          Value wrapped = arith::AddIOp::create(
              b, l, i, arith::ConstantIndexOp::create(b, l, dim));
          i = arith::SelectOp::create(b, l, neg, wrapped, i);
          SmallVector<Value> idx;
          for (int64_t d = 0; d < axis; ++d)
            idx.push_back(linalg::IndexOp::create(b, l, d));
          idx.push_back(i);
          for (int64_t d = axis + 1; d < dataType.getRank(); ++d)
            idx.push_back(linalg::IndexOp::create(b, l, d - 1 + ir));
          Value v = tensor::ExtractOp::create(b, l, data, idx);
          linalg::YieldOp::create(b, l, v);
        });
    return generic.getResult(0);
  }
};

} // namespace

void qc_to_linalg::populateDataMovementPatterns(
    RewritePatternSet &patterns, const TypeConverter &converter) {
  patterns.add<ConstantLowering, ReshapeLowering, TransposeLowering,
               ConcatLowering, SliceLowering, PadLowering, GatherLowering>(
      converter, patterns.getContext());
}
