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

FailureOr<Value> lowerConstant(qc::ConstantOp op, qc::ConstantOp::Adaptor,
                               RankedTensorType type, Rewriter &rewriter) {
  auto value = dyn_cast<TypedAttr>(op.getValue());
  if (!value)
    return rewriter.notifyMatchFailure(op, "constant is not typed");
  // arith is signless: unsigned codes (a qc.table's entries, a quantized
  // constant operand of a rescale) keep their bits.
  if (type != value.getType()) {
    if (auto dense = dyn_cast<DenseIntElementsAttr>(value))
      value = dense.bitcast(type.getElementType());
    else if (auto res = dyn_cast<DenseResourceElementsAttr>(value))
      value = DenseResourceElementsAttr::get(type, res.getRawHandle());
    else
      return rewriter.notifyMatchFailure(op, "constant of an unconvertible "
                                             "type");
  }
  return arith::ConstantOp::create(rewriter, op.getLoc(), value).getResult();
}

FailureOr<Value> lowerReshape(ReshapeOp op, ReshapeOp::Adaptor adaptor,
                              RankedTensorType type, Rewriter &rewriter) {
  return reshapeTensor(rewriter, op.getLoc(), adaptor.getInput(), type);
}

FailureOr<Value> lowerTranspose(TransposeOp op, TransposeOp::Adaptor adaptor,
                                RankedTensorType type, Rewriter &rewriter) {
  Value init = emptyTensor(rewriter, op.getLoc(), type);
  auto t = linalg::TransposeOp::create(rewriter, op.getLoc(),
                                       adaptor.getInput(), init, op.getPerm());
  return t.getResult()[0];
}

FailureOr<Value> lowerConcat(ConcatOp op, ConcatOp::Adaptor adaptor,
                             RankedTensorType type, Rewriter &rewriter) {
  Location loc = op.getLoc();
  Value result = emptyTensor(rewriter, loc, type);
  int64_t offset = 0, axis = op.getAxis();
  for (Value in : adaptor.getInputs()) {
    auto t = cast<RankedTensorType>(in.getType());
    SmallVector<OpFoldResult> offsets(type.getRank(), rewriter.getIndexAttr(0));
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

FailureOr<Value> lowerSlice(SliceOp op, SliceOp::Adaptor adaptor,
                            RankedTensorType type, Rewriter &rewriter) {
  Location loc = op.getLoc();
  MLIRContext *ctx = op.getContext();
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
  return parallelGeneric(
      rewriter, loc, type, adaptor.getInput(),
      AffineMap::get(type.getRank(), 0, exprs, ctx),
      [](OpBuilder &, Location, ValueRange a) { return a[0]; });
}

FailureOr<Value> lowerPad(PadOp op, PadOp::Adaptor adaptor,
                          RankedTensorType type, Rewriter &rewriter) {
  Location loc = op.getLoc();
  auto inType = cast<RankedTensorType>(op.getInput().getType());
  int64_t rank = type.getRank();
  ArrayRef<int64_t> pads = op.getPads();
  Type elem = type.getElementType();
  if (op.getMode() == PadMode::Constant) {
    Value v = scalar(rewriter, loc, elem, op.getValue().convertToDouble());
    return padConstant(rewriter, loc, adaptor.getInput(), pads.take_front(rank),
                       pads.drop_front(rank), v);
  }
  // Reflect / edge: each output index maps to a source index.
  bool reflect = op.getMode() == PadMode::Reflect;
  Value input = adaptor.getInput();
  return parallelGeneric(
      rewriter, loc, type, ValueRange{}, {},
      [&](OpBuilder &b, Location l, ValueRange) -> Value {
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
        return tensor::ExtractOp::create(b, l, input, idx);
      });
}

FailureOr<Value> lowerGather(GatherOp op, GatherOp::Adaptor adaptor,
                             RankedTensorType type, Rewriter &rewriter) {
  Location loc = op.getLoc();
  MLIRContext *ctx = op.getContext();
  auto dataType = cast<RankedTensorType>(op.getData().getType());
  auto idxType = cast<RankedTensorType>(op.getIndices().getType());
  int64_t rank = type.getRank(), axis = op.getAxis();
  int64_t ir = idxType.getRank(), dim = dataType.getDimSize(axis);
  SmallVector<AffineExpr> idxExprs;
  for (int64_t i = 0; i < ir; ++i)
    idxExprs.push_back(getAffineDimExpr(axis + i, ctx));
  Value data = adaptor.getData();
  return parallelGeneric(
      rewriter, loc, type, adaptor.getIndices(),
      AffineMap::get(rank, 0, idxExprs, ctx),
      [&](OpBuilder &b, Location l, ValueRange a) -> Value {
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
        return tensor::ExtractOp::create(b, l, data, idx);
      });
}

} // namespace

void qc_to_linalg::populateDataMovementPatterns(
    RewritePatternSet &patterns, const TypeConverter &converter) {
  patterns.add<QCLowering<lowerConstant>, QCLowering<lowerReshape>,
               QCLowering<lowerTranspose>, QCLowering<lowerConcat>,
               QCLowering<lowerSlice>, QCLowering<lowerPad>,
               QCLowering<lowerGather>>(converter, patterns.getContext());
}
