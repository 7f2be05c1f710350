//===- ExpandKernels.cpp - qck ops to register-tiled vector code ----------===//
//
// Part of the quantc project.
//
// Each qck op (on memrefs) becomes one `scf.forall` per tile shape over its
// output tiles. A tile keeps MR x NV vector accumulators in registers
// (`scf.for` iter_args), so the reduction loop is pure loads, broadcasts
// and FMAs; the fused epilogue (bias, residual, activation) runs on the
// accumulators and each output element is stored exactly once. Tiles at the
// right/bottom edges get their own, statically specialized loops (fewer
// rows, masked channel vectors), so no tile ever branches on its position.
//
// The foralls are later outlined into functions run by the runtime's
// thread pool (quantc-outline-parallel-loops).
//
//===----------------------------------------------------------------------===//

#include "quantc/Target/CPU/Passes.h"

#include "quantc/Dialect/QC/Utils/Requant.h"
#include "quantc/Dialect/QCK/IR/QCKOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Builders.h"

#include <limits>

namespace mlir::qc {
#define GEN_PASS_DEF_EXPANDCPUKERNELS
#include "quantc/Target/CPU/Passes.h.inc"
} // namespace mlir::qc

using namespace mlir;

namespace {

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

ArrayRef<int64_t> shapeOf(Value v) {
  return cast<MemRefType>(v.getType()).getShape();
}

/// Small vector-code builder over one insertion point. `vecType` is the
/// default vector (`lanes` x f32 unless another element type is given).
struct Emitter {
  OpBuilder &b;
  Location loc;
  int64_t lanes;
  VectorType vecType;

  Emitter(OpBuilder &b, Location loc, int64_t lanes, Type elem = Type())
      : b(b), loc(loc), lanes(lanes),
        vecType(VectorType::get({lanes}, elem ? elem : b.getF32Type())) {}

  Value idx(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  Value add(Value a, Value c) { return arith::AddIOp::create(b, loc, a, c); }
  Value add(Value a, int64_t c) { return c ? add(a, idx(c)) : a; }
  Value mul(Value a, int64_t c) {
    return c == 1 ? a : (Value)arith::MulIOp::create(b, loc, a, idx(c));
  }
  Value f32(float v) {
    return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(v));
  }
  Value splat(float v) {
    return arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(vecType, b.getF32FloatAttr(v)));
  }
  /// An integer splat of any vector type.
  Value splatInt(VectorType type, int64_t v) {
    return arith::ConstantOp::create(
        b, loc,
        DenseElementsAttr::get(type, b.getIntegerAttr(type.getElementType(), v)));
  }
  /// Zeros of `type` (float or integer).
  Value zeros(VectorType type) {
    Type e = type.getElementType();
    return arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(type, isa<FloatType>(e)
                                                 ? (Attribute)b.getFloatAttr(e, 0)
                                                 : b.getIntegerAttr(e, 0)));
  }
  Value mask(int64_t n, int64_t valid) {
    return vector::ConstantMaskOp::create(
        b, loc, VectorType::get({n}, b.getI1Type()), ArrayRef<int64_t>{valid});
  }
  Value mask(int64_t valid) { return mask(lanes, valid); }
  /// Loads `valid` (<= size) contiguous elements as `type`; missing lanes
  /// read 0.
  Value load(VectorType type, Value mem, ValueRange indices, int64_t valid) {
    if (valid >= type.getNumElements())
      return vector::LoadOp::create(b, loc, type, mem, indices);
    return vector::MaskedLoadOp::create(b, loc, type, mem, indices,
                                        mask(type.getNumElements(), valid),
                                        zeros(type));
  }
  Value load(Value mem, ValueRange indices, int64_t valid) {
    return load(vecType, mem, indices, valid);
  }
  void store(Value v, Value mem, ValueRange indices, int64_t valid) {
    int64_t n = cast<VectorType>(v.getType()).getNumElements();
    if (valid >= n)
      vector::StoreOp::create(b, loc, v, mem, indices);
    else
      vector::MaskedStoreOp::create(b, loc, mem, indices, mask(n, valid), v);
  }
  Value broadcast(Value mem, ValueRange indices) {
    Value s = memref::LoadOp::create(b, loc, mem, indices);
    return vector::BroadcastOp::create(
        b, loc, VectorType::get({lanes}, s.getType()), s);
  }
  Value fma(Value a, Value x, Value acc) {
    return vector::FMAOp::create(b, loc, a, x, acc);
  }

  /// Splits a linear tile index into coordinates (last = fastest).
  SmallVector<Value> delinearize(Value t, ArrayRef<int64_t> sizes) {
    SmallVector<Value> coords(sizes.size());
    for (int64_t i = (int64_t)sizes.size() - 1; i >= 0; --i) {
      if (i == 0) {
        coords[i] = t;
        break;
      }
      coords[i] = arith::RemUIOp::create(b, loc, t, idx(sizes[i]));
      t = arith::DivUIOp::create(b, loc, t, idx(sizes[i]));
    }
    return coords;
  }
};

//===----------------------------------------------------------------------===//
// Integer building blocks: exact u8 x s8 dot products and requantization
//===----------------------------------------------------------------------===//

/// The target's exact u8 x s8 -> i32 dot product over runs of `p` values:
/// vpdpbusd (p = 4, i8 weights) or pmaddwd (p = 2, i16 weights; u8 codes
/// widened to i16). Neither saturates: vpdpbusd adds four 16-bit products
/// into 32 bits, pmaddwd two.
struct IntDot {
  int64_t p;
  int64_t lanes; // i32 accumulator lanes
  int64_t vectorBits;

  VectorType accType(OpBuilder &b) const {
    return VectorType::get({lanes}, b.getI32Type());
  }
  /// Weight vectors: `lanes` runs of p values.
  VectorType weightType(OpBuilder &b) const {
    return VectorType::get({lanes * p},
                           p == 4 ? b.getIntegerType(8) : b.getIntegerType(16));
  }

  /// One run of `valid` (<= p) activation codes at `indices` of an i8
  /// memref, broadcast to every lane (missing codes read 0).
  Value broadcastRun(Emitter &e, Value mem, ValueRange indices,
                     int64_t valid) const {
    OpBuilder &b = e.b;
    Type i8 = b.getIntegerType(8), i32 = b.getI32Type();
    Value run = e.load(VectorType::get({p}, i8), mem, indices, valid);
    if (p == 2)
      run = arith::ExtUIOp::create(
          b, e.loc, VectorType::get({2}, b.getIntegerType(16)), run);
    Value word = vector::BitCastOp::create(
        b, e.loc, VectorType::get({1}, i32), run);
    Value scalar = vector::ExtractOp::create(b, e.loc, word, ArrayRef<int64_t>{0});
    Value splat = vector::BroadcastOp::create(b, e.loc, accType(b), scalar);
    return vector::BitCastOp::create(b, e.loc, weightType(b), splat);
  }

  Value loadWeights(Emitter &e, Value mem, ValueRange indices) const {
    return vector::LoadOp::create(e.b, e.loc, weightType(e.b), mem, indices);
  }

  /// acc + dot(a, w) per lane.
  Value accumulate(Emitter &e, Value acc, Value a, Value w) const {
    OpBuilder &b = e.b;
    std::string suffix = vectorBits >= 512 ? "512" : "256";
    if (p == 4)
      return LLVM::CallIntrinsicOp::create(
                 b, e.loc, accType(b),
                 b.getStringAttr("llvm.x86.avx512.vpdpbusd." + suffix),
                 ValueRange{acc, a, w})
          .getResult(0);
    StringRef name = vectorBits >= 512 ? "llvm.x86.avx512.pmaddw.d.512"
                                       : "llvm.x86.avx2.pmadd.wd";
    Value prod = LLVM::CallIntrinsicOp::create(b, e.loc, accType(b),
                                               b.getStringAttr(name),
                                               ValueRange{a, w})
                     .getResult(0);
    return arith::AddIOp::create(b, e.loc, acc, prod);
  }
};

/// The integer epilogue of conv2d / depthwise_conv2d / matmul: bias,
/// per-channel (or uniform) multipliers, residual, requantization.
struct IntEpilogue {
  Value bias, residual, multipliers;
  qc::RequantAttr rq;
  Type outElem;

  template <typename OpTy>
  static IntEpilogue of(OpTy op) {
    return {op.getBias(), op.getResidual(), op.getMultipliers(),
            op.getRequantAttr(),
            cast<MemRefType>(op.getInit().getType()).getElementType()};
  }

  /// Multiplier vectors of channels [ch, ch + lanes) (`valid` of them).
  std::pair<Value, Value> multipliersAt(Emitter &e, Value ch,
                                        int64_t valid) const {
    auto type = VectorType::get({e.lanes}, e.b.getI32Type());
    if (!multipliers) {
      Value m = e.splatInt(type, rq.getMultiplier()[0]);
      Value mneg = rq.getNegMultiplier()
                       ? e.splatInt(type, rq.getNegMultiplier()[0])
                       : Value();
      return {m, mneg};
    }
    if (!rq.getNegMultiplier())
      return {e.load(type, multipliers, {ch}, valid), Value()};
    return {e.load(type, multipliers, {e.idx(0), ch}, valid),
            e.load(type, multipliers, {e.idx(1), ch}, valid)};
  }

  Value biasAt(Emitter &e, Value ch, int64_t valid) const {
    return bias ? e.load(VectorType::get({e.lanes}, e.b.getI32Type()), bias,
                         {ch}, valid)
                : Value();
  }

  /// Requantizes `acc` (+ bias) for output position `outIdx` (whose last
  /// index is the channel) and stores it.
  void store(Emitter &e, Value acc, Value biasVec, Value m, Value mneg,
             Value out, ArrayRef<Value> outIdx, int64_t valid) const {
    if (biasVec)
      acc = arith::AddIOp::create(e.b, e.loc, acc, biasVec);
    Value r = residual
                  ? e.load(VectorType::get({e.lanes}, e.b.getIntegerType(8)),
                           residual, outIdx, valid)
                  : Value();
    // Residuals are activations: ui8 codes.
    e.store(qc::buildRequant(e.b, e.loc, rq, acc, m, mneg, r,
                             /*residualUnsigned=*/true, outElem),
            out, outIdx, valid);
  }

  /// The per-channel-vector operands of `store`: bias and multipliers.
  struct VectorParams {
    Value bias, m, mneg;
  };
  VectorParams paramsAt(Emitter &e, Value ch, int64_t valid) const {
    Value biasVec = biasAt(e, ch, valid);
    auto [m, mneg] = multipliersAt(e, ch, valid);
    return {biasVec, m, mneg};
  }
  void storeAt(Emitter &e, Value acc, const VectorParams &p, Value out,
               ArrayRef<Value> outIdx, int64_t valid) const {
    store(e, acc, p.bias, p.m, p.mneg, out, outIdx, valid);
  }
};

/// The fused epilogue of a kernel op.
struct Epilogue {
  Value bias, residual;
  std::optional<float> lo, hi, alpha;

  template <typename OpTy>
  static Epilogue of(OpTy op) {
    Epilogue e;
    e.bias = op.getBias();
    e.residual = op.getResidual();
    if (auto a = op.getClampMin())
      e.lo = a->convertToFloat();
    if (auto a = op.getClampMax())
      e.hi = a->convertToFloat();
    if (auto a = op.getLeakyAlpha())
      e.alpha = a->convertToFloat();
    return e;
  }

  /// The per-channel-vector operand of `apply`: the bias.
  struct VectorParams {
    Value bias;
  };
  VectorParams paramsAt(Emitter &e, Value ch, int64_t valid) const {
    return {bias ? e.load(bias, {ch}, valid) : Value()};
  }
  void storeAt(Emitter &e, Value acc, const VectorParams &p, Value out,
               ArrayRef<Value> outIdx, int64_t valid) const {
    Value res = residual ? e.load(residual, outIdx, valid) : Value();
    e.store(apply(e, acc, p.bias, res), out, outIdx, valid);
  }

  Value apply(Emitter &e, Value v, Value biasVec, Value residualVec) const {
    OpBuilder &b = e.b;
    if (biasVec)
      v = arith::AddFOp::create(b, e.loc, v, biasVec);
    if (residualVec)
      v = arith::AddFOp::create(b, e.loc, v, residualVec);
    if (alpha) {
      Value scaled = arith::MulFOp::create(b, e.loc, v, e.splat(*alpha));
      // leaky(x) = max(x, a*x) for 0 <= a <= 1; a select otherwise.
      if (*alpha >= 0.0f && *alpha <= 1.0f) {
        v = arith::MaximumFOp::create(b, e.loc, v, scaled);
      } else {
        Value pos = arith::CmpFOp::create(b, e.loc, arith::CmpFPredicate::OGE,
                                          v, e.splat(0.0f));
        v = arith::SelectOp::create(b, e.loc, pos, v, scaled);
      }
    }
    if (lo)
      v = arith::MaximumFOp::create(b, e.loc, v, e.splat(*lo));
    if (hi)
      v = arith::MinimumFOp::create(b, e.loc, v, e.splat(*hi));
    return v;
  }
};

/// Applies epilogue `ep` (Epilogue or IntEpilogue) to a tile's accumulators
/// `accs[r * nv + j]` and stores them: mr output rows, nv channel vectors
/// from channel `col0`, `validCols` of them real, row r at `outIdx(r, ch)`.
/// Per-channel operands are read `padded` to whole vectors, or only their
/// valid lanes.
template <typename EpilogueT>
void storeTile(const EpilogueT &ep, Emitter &e, ArrayRef<Value> accs,
               Value col0, int64_t mr, int64_t nv, int64_t validCols,
               bool padded, Value out,
               function_ref<SmallVector<Value>(int64_t, Value)> outIdx) {
  int64_t lanes = e.lanes;
  for (int64_t j = 0; j < nv; ++j) {
    int64_t valid = std::min(lanes, validCols - j * lanes);
    Value ch = e.add(col0, j * lanes);
    typename EpilogueT::VectorParams p =
        ep.paramsAt(e, ch, padded ? lanes : valid);
    for (int64_t r = 0; r < mr; ++r)
      ep.storeAt(e, accs[r * nv + j], p, out, outIdx(r, ch), valid);
  }
}

/// One of the four regions of a rows x columns tiling by rowTile x colTile:
/// full tiles, the row tail, the column tail, and both tails.
struct TileRegion {
  int64_t rowCount, rowBase, rows; ///< tiles along rows, first row, rows/tile
  int64_t colCount, colBase, cols; ///< tiles along columns, first tile, cols/tile
};

/// The non-empty regions of a `rows` x `cols` iteration space tiled by
/// `rowTile` x `colTile` (colBase counts tiles, not columns).
SmallVector<TileRegion> tileRegions(int64_t rows, int64_t rowTile,
                                    int64_t cols, int64_t colTile) {
  int64_t rowFull = rows / rowTile, rowTail = rows % rowTile;
  int64_t colFull = cols / colTile, colTail = cols % colTile;
  SmallVector<TileRegion> all{
      {rowFull, 0, rowTile, colFull, 0, colTile},
      {rowTail ? 1 : 0, rowFull * rowTile, rowTail, colFull, 0, colTile},
      {rowFull, 0, rowTile, colTail ? 1 : 0, colFull, colTail},
      {rowTail ? 1 : 0, rowFull * rowTile, rowTail, colTail ? 1 : 0, colFull,
       colTail}};
  SmallVector<TileRegion> regions;
  for (const TileRegion &r : all)
    if (r.rowCount && r.colCount)
      regions.push_back(r);
  return regions;
}

/// Emits `scf.forall (%t) in (count)` whose body builds one tile.
void parallelTiles(OpBuilder &b, Location loc, int64_t count,
                   function_ref<void(OpBuilder &, Value)> body) {
  if (count <= 0)
    return;
  scf::ForallOp::create(
      b, loc, ArrayRef<OpFoldResult>{b.getIndexAttr(count)}, ValueRange{},
      std::nullopt, [&](OpBuilder &nb, Location l, ValueRange ivs) {
        body(nb, ivs[0]);
        scf::InParallelOp::create(nb, l);
      });
}

/// Builds `scf.for iv in [0, ub)` carrying `accs`; `body` returns the new
/// accumulators.
SmallVector<Value>
reductionLoop(Emitter &e, int64_t ub, ValueRange accs,
              function_ref<SmallVector<Value>(Value, ValueRange)> body) {
  auto loop = scf::ForOp::create(
      e.b, e.loc, e.idx(0), e.idx(ub), e.idx(1), accs,
      [&](OpBuilder &nb, Location l, Value iv, ValueRange iter) {
        OpBuilder::InsertionGuard g(e.b);
        e.b.setInsertionPointToEnd(nb.getInsertionBlock());
        SmallVector<Value> next = body(iv, iter);
        scf::YieldOp::create(e.b, l, next);
      });
  return SmallVector<Value>(loop.getResults());
}

/// Register-tile geometry: rows (pixels) per tile for `nv` vectors of
/// output channels, within the target's vector register budget.
int64_t tileRows(int64_t vectorBits, int64_t nv) {
  int64_t budget = vectorBits >= 512 ? 24 : 12;
  int64_t rows = budget / nv;
  return std::min<int64_t>(rows, vectorBits >= 512 ? 12 : 8);
}

//===----------------------------------------------------------------------===//
// matmul: out[M, N] = lhs[M, K] * rhs[NB, K, NR]
//===----------------------------------------------------------------------===//

struct MatMulExpander {
  qck::MatMulOp op;
  int64_t lanes, vectorBits;
  /// Integer form: the dot product and rhs [NB, G, NR * P].
  std::optional<IntDot> dot;
  Value rhsFlat;

  void emitIntTile(Emitter &e, Value m0, Value nb, int64_t mr,
                   int64_t validCols) {
    Value lhs = op.getLhs(), out = op.getInit();
    int64_t k = shapeOf(lhs)[1], nr = shapeOf(op.getRhs())[2];
    int64_t p = dot->p, runs = k / p, tail = k % p;
    int64_t nv = ceilDiv(validCols, lanes);
    SmallVector<Value> init(mr * nv, e.zeros(dot->accType(e.b)));
    SmallVector<Value> rows;
    for (int64_t r = 0; r < mr; ++r)
      rows.push_back(e.add(m0, r));
    auto step = [&](Value g, int64_t valid, ValueRange acc) {
      SmallVector<Value> wv, next(acc.begin(), acc.end());
      for (int64_t j = 0; j < nv; ++j)
        wv.push_back(dot->loadWeights(e, rhsFlat, {nb, g, e.idx(j * lanes * p)}));
      Value kk = e.mul(g, p);
      for (int64_t r = 0; r < mr; ++r) {
        Value a = dot->broadcastRun(e, lhs, {rows[r], kk}, valid);
        for (int64_t j = 0; j < nv; ++j)
          next[r * nv + j] = dot->accumulate(e, next[r * nv + j], a, wv[j]);
      }
      return next;
    };
    SmallVector<Value> accs = reductionLoop(
        e, runs, init, [&](Value g, ValueRange acc) { return step(g, p, acc); });
    if (tail)
      accs = step(e.idx(runs), tail, accs);
    storeTile(IntEpilogue::of(op), e, accs, e.mul(nb, nr), mr, nv, validCols,
              /*padded=*/true, out, [&](int64_t r, Value col) {
                return SmallVector<Value>{rows[r], col};
              });
  }

  void emitTile(Emitter &e, Value m0, Value nb, int64_t mr, int64_t validCols) {
    Value lhs = op.getLhs(), rhs = op.getRhs(), out = op.getInit();
    int64_t k = shapeOf(lhs)[1], nr = shapeOf(rhs)[2];
    int64_t nv = ceilDiv(validCols, lanes);
    SmallVector<Value> init(mr * nv, e.splat(0.0f));
    SmallVector<Value> rows;
    for (int64_t r = 0; r < mr; ++r)
      rows.push_back(e.add(m0, r));
    SmallVector<Value> accs =
        reductionLoop(e, k, init, [&](Value kk, ValueRange acc) {
          SmallVector<Value> bv, next(acc.begin(), acc.end());
          for (int64_t j = 0; j < nv; ++j)
            bv.push_back(e.load(rhs, {nb, kk, e.idx(j * lanes)}, lanes));
          for (int64_t r = 0; r < mr; ++r) {
            Value a = e.broadcast(lhs, {rows[r], kk});
            for (int64_t j = 0; j < nv; ++j)
              next[r * nv + j] = e.fma(a, bv[j], next[r * nv + j]);
          }
          return next;
        });
    storeTile(Epilogue::of(op), e, accs, e.mul(nb, nr), mr, nv, validCols,
              /*padded=*/true, out, [&](int64_t r, Value col) {
                return SmallVector<Value>{rows[r], col};
              });
  }

  void expand(OpBuilder &b) {
    Location loc = op.getLoc();
    int64_t m = shapeOf(op.getInit())[0], n = shapeOf(op.getInit())[1];
    int64_t nr = shapeOf(op.getRhs())[2];
    int64_t mr = tileRows(vectorBits, nr / lanes);
    if (dot)
      rhsFlat = memref::CollapseShapeOp::create(
          b, loc, op.getRhs(),
          ArrayRef<ReassociationIndices>{{0}, {1}, {2, 3}});
    for (const TileRegion &rg : tileRegions(m, mr, n, nr)) {
      // Column blocks slowest: a thread's chunk reuses one rhs block.
      parallelTiles(b, loc, rg.rowCount * rg.colCount, [&](OpBuilder &nb, Value t) {
        Emitter e(nb, loc, lanes);
        SmallVector<Value> c = e.delinearize(t, {rg.colCount, rg.rowCount});
        Value block = e.add(c[0], rg.colBase);
        Value m0 = e.add(e.mul(c[1], rg.rows), rg.rowBase);
        if (dot)
          emitIntTile(e, m0, block, rg.rows, rg.cols);
        else
          emitTile(e, m0, block, rg.rows, rg.cols);
      });
    }
  }
};

//===----------------------------------------------------------------------===//
// conv2d: NHWC input (padded), filter [OB, KH, KW, C, NR]
//===----------------------------------------------------------------------===//

struct ConvExpander {
  qck::Conv2DOp op;
  int64_t lanes, vectorBits;
  std::optional<IntDot> dot;

  /// Integer tile: filterFlat is [OB, KH, G, NR * P]; with `inputFlat`
  /// ([N, Hp, Wp * C], unit horizontal dilation) each filter row is one run
  /// of KW * C codes, else C % P == 0 and runs stay within a pixel.
  void emitIntTile(Emitter &e, Value n, Value oh, Value ow0, Value ob,
                   int64_t mr, int64_t validCols, Value inputFlat,
                   Value filterFlat) {
    int64_t c = shapeOf(op.getInput())[3], nr = shapeOf(op.getFilter())[3];
    int64_t kh = (*op.getKernel())[0], kw = (*op.getKernel())[1];
    int64_t sh = op.getStrides()[0], sw = op.getStrides()[1];
    int64_t dh = op.getDilations()[0], dw = op.getDilations()[1];
    int64_t p = dot->p;
    int64_t nv = ceilDiv(validCols, lanes);
    Value input = op.getInput(), out = op.getInit();
    SmallVector<Value> init(mr * nv, e.zeros(dot->accType(e.b)));
    Value ohs = e.mul(oh, sh);
    // One reduction step over run `g` of the filter row `khv`, reading
    // activations at aIdx(r) (`valid` codes).
    auto step = [&](Value khv, Value g, int64_t valid, ValueRange acc,
                    function_ref<SmallVector<Value>(int64_t)> aIdx) {
      SmallVector<Value> wv, next(acc.begin(), acc.end());
      for (int64_t j = 0; j < nv; ++j)
        wv.push_back(
            dot->loadWeights(e, filterFlat, {ob, khv, g, e.idx(j * lanes * p)}));
      for (int64_t r = 0; r < mr; ++r) {
        Value a = dot->broadcastRun(e, inputFlat ? inputFlat : input, aIdx(r),
                                    valid);
        for (int64_t j = 0; j < nv; ++j)
          next[r * nv + j] = dot->accumulate(e, next[r * nv + j], a, wv[j]);
      }
      return next;
    };
    SmallVector<Value> accs = reductionLoop(
        e, kh, init, [&](Value khv, ValueRange acc0) -> SmallVector<Value> {
          Value ih = e.add(ohs, e.mul(khv, dh));
          if (inputFlat) {
            SmallVector<Value> cols;
            for (int64_t r = 0; r < mr; ++r)
              cols.push_back(e.mul(e.add(ow0, r), sw * c));
            int64_t runs = kw * c / p, tail = kw * c % p;
            auto body = [&](Value g, int64_t valid, ValueRange acc) {
              Value off = e.mul(g, p);
              return step(khv, g, valid, acc, [&](int64_t r) {
                return SmallVector<Value>{n, ih, e.add(cols[r], off)};
              });
            };
            SmallVector<Value> a = reductionLoop(
                e, runs, acc0,
                [&](Value g, ValueRange acc) { return body(g, p, acc); });
            return tail ? body(e.idx(runs), tail, a) : a;
          }
          int64_t runsPerPixel = c / p;
          return reductionLoop(e, kw, acc0, [&](Value kwv, ValueRange acc1) {
            Value g0 = e.mul(kwv, runsPerPixel);
            SmallVector<Value> iw;
            for (int64_t r = 0; r < mr; ++r)
              iw.push_back(e.add(e.mul(e.add(ow0, r), sw), e.mul(kwv, dw)));
            return reductionLoop(
                e, runsPerPixel, acc1, [&](Value g, ValueRange acc) {
                  Value cc = e.mul(g, p);
                  return step(khv, e.add(g0, g), p, acc, [&](int64_t r) {
                    return SmallVector<Value>{n, ih, iw[r], cc};
                  });
                });
          });
        });
    storeTile(IntEpilogue::of(op), e, accs, e.mul(ob, nr), mr, nv, validCols,
              /*padded=*/true, out, [&](int64_t r, Value ch) {
                return SmallVector<Value>{n, oh, e.add(ow0, r), ch};
              });
  }

  void emitTile(Emitter &e, Value n, Value oh, Value ow0, Value ob, int64_t mr,
                int64_t validCols, Value inputFlat, Value filterFlat) {
    ArrayRef<int64_t> fs = shapeOf(op.getFilter());
    int64_t kh = fs[1], kw = fs[2], c = fs[3], nr = fs[4];
    int64_t sh = op.getStrides()[0], sw = op.getStrides()[1];
    int64_t dh = op.getDilations()[0], dw = op.getDilations()[1];
    int64_t nv = ceilDiv(validCols, lanes);
    Value input = op.getInput(), filter = op.getFilter(), out = op.getInit();
    SmallVector<Value> init(mr * nv, e.splat(0.0f));
    // Input column (times C when flattened) of each tile row.
    SmallVector<Value> cols;
    for (int64_t r = 0; r < mr; ++r)
      cols.push_back(e.mul(e.add(ow0, r), sw * (inputFlat ? c : 1)));
    Value ohs = e.mul(oh, sh);
    SmallVector<Value> accs = reductionLoop(
        e, kh, init, [&](Value khv, ValueRange acc0) {
          Value ih = e.add(ohs, e.mul(khv, dh));
          auto step = [&](ValueRange acc, ArrayRef<Value> aIdx,
                          function_ref<SmallVector<Value>(int64_t)> bIdx) {
            SmallVector<Value> bv, next(acc.begin(), acc.end());
            for (int64_t j = 0; j < nv; ++j)
              bv.push_back(e.load(filterFlat ? filterFlat : filter, bIdx(j),
                                  lanes));
            for (int64_t r = 0; r < mr; ++r) {
              Value a = e.broadcast(inputFlat ? inputFlat : input,
                                    aIdx.slice(r * 4, 4).take_front(
                                        inputFlat ? 3 : 4));
              for (int64_t j = 0; j < nv; ++j)
                next[r * nv + j] = e.fma(a, bv[j], next[r * nv + j]);
            }
            return next;
          };
          if (inputFlat) {
            // dw == 1: (kw, c) is one contiguous run of KW * C.
            return reductionLoop(e, kw * c, acc0, [&](Value q, ValueRange acc) {
              SmallVector<Value> aIdx;
              for (int64_t r = 0; r < mr; ++r)
                aIdx.append({n, ih, e.add(cols[r], q), Value()});
              return step(acc, aIdx, [&](int64_t j) {
                return SmallVector<Value>{ob, khv, q, e.idx(j * lanes)};
              });
            });
          }
          return reductionLoop(e, kw, acc0, [&](Value kwv, ValueRange acc1) {
            Value off = e.mul(kwv, dw);
            return reductionLoop(e, c, acc1, [&](Value cc, ValueRange acc) {
              SmallVector<Value> aIdx;
              for (int64_t r = 0; r < mr; ++r)
                aIdx.append({n, ih, e.add(cols[r], off), cc});
              return step(acc, aIdx, [&](int64_t j) {
                return SmallVector<Value>{ob, khv, kwv, cc, e.idx(j * lanes)};
              });
            });
          });
        });
    storeTile(Epilogue::of(op), e, accs, e.mul(ob, nr), mr, nv, validCols,
              /*padded=*/true, out, [&](int64_t r, Value ch) {
                return SmallVector<Value>{n, oh, e.add(ow0, r), ch};
              });
  }

  void expand(OpBuilder &b) {
    Location loc = op.getLoc();
    ArrayRef<int64_t> os = shapeOf(op.getInit()), fs = shapeOf(op.getFilter());
    int64_t batch = os[0], oh = os[1], ow = os[2], oc = os[3];
    int64_t nr = dot ? fs[3] : fs[4];
    int64_t mr = tileRows(vectorBits, nr / lanes);
    // With unit horizontal dilation, (kw, c) is contiguous in both the
    // input row and the filter: one flat reduction loop.
    Value inputFlat, filterFlat;
    auto inType = cast<MemRefType>(op.getInput().getType());
    auto fType = cast<MemRefType>(op.getFilter().getType());
    SmallVector<ReassociationIndices> inRe{{0}, {1}, {2, 3}};
    SmallVector<ReassociationIndices> fRe{{0}, {1}, {2, 3}, {4}};
    if (dot)
      fRe = {{0}, {1}, {2}, {3, 4}};
    if (op.getDilations()[1] == 1 &&
        memref::CollapseShapeOp::isGuaranteedCollapsible(inType, inRe))
      inputFlat = memref::CollapseShapeOp::create(b, loc, op.getInput(), inRe);
    if ((dot || inputFlat) &&
        memref::CollapseShapeOp::isGuaranteedCollapsible(fType, fRe))
      filterFlat = memref::CollapseShapeOp::create(b, loc, op.getFilter(), fRe);
    if (!dot && !filterFlat)
      inputFlat = Value();
    for (const TileRegion &rg : tileRegions(ow, mr, oc, nr)) {
      int64_t count = rg.colCount * batch * oh * rg.rowCount;
      parallelTiles(b, loc, count, [&](OpBuilder &nb, Value t) {
        Emitter e(nb, loc, lanes);
        SmallVector<Value> c =
            e.delinearize(t, {rg.colCount, batch, oh, rg.rowCount});
        Value ob = e.add(c[0], rg.colBase);
        Value ow0 = e.add(e.mul(c[3], rg.rows), rg.rowBase);
        if (dot)
          emitIntTile(e, c[1], c[2], ow0, ob, rg.rows, rg.cols, inputFlat,
                      filterFlat);
        else
          emitTile(e, c[1], c[2], ow0, ob, rg.rows, rg.cols, inputFlat,
                   filterFlat);
      });
    }
  }
};

//===----------------------------------------------------------------------===//
// depthwise conv2d and pooling: vectorized along channels
//===----------------------------------------------------------------------===//

/// Shared driver for the channel-vectorized window ops: tiles of MR output
/// pixels x CB channels; `window` accumulates one tap.
struct ChannelWindowExpander {
  Operation *op;
  Value input, out;
  int64_t kh, kw, sh, sw, dh, dw;
  int64_t lanes;
  Type elem; ///< accumulator element type (null: f32)

  /// The expander of a window op with the window `kernel` ([KH, KW]).
  template <typename OpTy>
  static ChannelWindowExpander of(OpTy op, ArrayRef<int64_t> kernel,
                                  int64_t lanes, Type elem) {
    ArrayRef<int64_t> s = op.getStrides(), d = op.getDilations();
    return {op,   op.getInput(), op.getInit(), kernel[0], kernel[1], s[0],
            s[1], d[0],          d[1],         lanes,     elem};
  }
  /// The expander of a depthwise convolution (filter [KH, KW, C]).
  static ChannelWindowExpander depthwise(qck::DepthwiseConv2DOp op,
                                         int64_t lanes, Type elem) {
    return of(op, shapeOf(op.getFilter()), lanes, elem);
  }
  /// The expander of a pooling window.
  static ChannelWindowExpander pool(qck::Pool2DOp op, int64_t lanes,
                                    Type elem) {
    return of(op, op.getKernel(), lanes, elem);
  }

  /// Channel vector j of a tile whose channels start at `c0`, `validC` of
  /// them real: its first channel and how many of its lanes are real.
  std::pair<Value, int64_t> channelVector(Emitter &e, Value c0, int64_t j,
                                          int64_t validC) const {
    return {e.add(c0, j * lanes), std::min(lanes, validC - j * lanes)};
  }

  /// The NHWC input position of output pixel r of a tap (`rowsIdx` holds
  /// n, ih, iw per pixel) at channel `ch`.
  static SmallVector<Value, 4> pixel(ArrayRef<Value> rowsIdx, int64_t r,
                                     Value ch) {
    return {rowsIdx[3 * r], rowsIdx[3 * r + 1], rowsIdx[3 * r + 2], ch};
  }

  using TapFn = function_ref<SmallVector<Value>(
      Emitter &, Value /*khv*/, Value /*kwv*/, ArrayRef<Value> /*inIdxRows*/,
      Value /*c0*/, int64_t /*nv*/, int64_t /*validC*/, ValueRange /*acc*/)>;
  using FinishFn = function_ref<void(
      Emitter &, Value n, Value oh, Value ow0, Value c0, int64_t mr, int64_t nv,
      int64_t validC, ArrayRef<Value> accs)>;

  void expand(OpBuilder &b, function_ref<Value(Emitter &)> initAcc, TapFn tap,
              FinishFn finish) {
    Location loc = op->getLoc();
    ArrayRef<int64_t> os = shapeOf(out);
    int64_t batch = os[0], oh = os[1], ow = os[2], c = os[3];
    int64_t nvFull = std::min<int64_t>(2, ceilDiv(c, lanes));
    int64_t cb = nvFull * lanes;
    int64_t mr = 4;
    for (const TileRegion &rg : tileRegions(ow, mr, c, cb)) {
      int64_t count = rg.colCount * batch * oh * rg.rowCount;
      parallelTiles(b, loc, count, [&](OpBuilder &nb, Value t) {
        Emitter e(nb, loc, lanes, elem);
        SmallVector<Value> co =
            e.delinearize(t, {rg.colCount, batch, oh, rg.rowCount});
        Value c0 = e.mul(e.add(co[0], rg.colBase), cb);
        Value n = co[1], ohv = co[2];
        Value ow0 = e.add(e.mul(co[3], rg.rows), rg.rowBase);
        int64_t nv = ceilDiv(rg.cols, lanes);
        SmallVector<Value> init(rg.rows * nv, initAcc(e));
        Value ohs = e.mul(ohv, sh);
        SmallVector<Value> cols;
        for (int64_t r = 0; r < rg.rows; ++r)
          cols.push_back(e.mul(e.add(ow0, r), sw));
        SmallVector<Value> accs = reductionLoop(
            e, kh, init, [&](Value khv, ValueRange acc0) {
              Value ih = e.add(ohs, e.mul(khv, dh));
              return reductionLoop(e, kw, acc0, [&](Value kwv, ValueRange acc) {
                Value off = e.mul(kwv, dw);
                SmallVector<Value> rowsIdx;
                for (int64_t r = 0; r < rg.rows; ++r)
                  rowsIdx.append({n, ih, e.add(cols[r], off)});
                return tap(e, khv, kwv, rowsIdx, c0, nv, rg.cols, acc);
              });
            });
        finish(e, n, ohv, ow0, c0, rg.rows, nv, rg.cols, accs);
      });
    }
  }
};

void expandDepthwise(OpBuilder &b, qck::DepthwiseConv2DOp op, int64_t lanes) {
  ChannelWindowExpander x = ChannelWindowExpander::depthwise(op, lanes, Type());
  Value input = op.getInput(), filter = op.getFilter(), out = op.getInit();
  Epilogue ep = Epilogue::of(op);
  x.expand(
      b, [](Emitter &e) { return e.splat(0.0f); },
      [&](Emitter &e, Value khv, Value kwv, ArrayRef<Value> rowsIdx, Value c0,
          int64_t nv, int64_t validC, ValueRange acc) {
        SmallVector<Value> next(acc.begin(), acc.end());
        int64_t rows = rowsIdx.size() / 3;
        for (int64_t j = 0; j < nv; ++j) {
          auto [ch, valid] = x.channelVector(e, c0, j, validC);
          Value w = e.load(filter, {khv, kwv, ch}, valid);
          for (int64_t r = 0; r < rows; ++r) {
            Value v = e.load(input, x.pixel(rowsIdx, r, ch), valid);
            next[r * nv + j] = e.fma(v, w, next[r * nv + j]);
          }
        }
        return next;
      },
      [&](Emitter &e, Value n, Value oh, Value ow0, Value c0, int64_t mr,
          int64_t nv, int64_t validC, ArrayRef<Value> accs) {
        storeTile(ep, e, accs, c0, mr, nv, validC, /*padded=*/false, out,
                  [&](int64_t r, Value ch) {
                    return SmallVector<Value>{n, oh, e.add(ow0, r), ch};
                  });
      });
}

void expandPool(OpBuilder &b, qck::Pool2DOp op, int64_t lanes) {
  bool isMax = op.getKind() == qck::PoolKind::Max;
  ChannelWindowExpander x = ChannelWindowExpander::pool(op, lanes, Type());
  Value input = op.getInput(), out = op.getInit(), divisors = op.getDivisors();
  float scale = 1.0f / (float)(op.getKernel()[0] * op.getKernel()[1]);
  x.expand(
      b,
      [&](Emitter &e) {
        return e.splat(isMax ? -std::numeric_limits<float>::infinity() : 0.0f);
      },
      [&](Emitter &e, Value, Value, ArrayRef<Value> rowsIdx, Value c0,
          int64_t nv, int64_t validC, ValueRange acc) {
        SmallVector<Value> next(acc.begin(), acc.end());
        int64_t rows = rowsIdx.size() / 3;
        for (int64_t j = 0; j < nv; ++j) {
          auto [ch, valid] = x.channelVector(e, c0, j, validC);
          for (int64_t r = 0; r < rows; ++r) {
            Value v = e.load(input, x.pixel(rowsIdx, r, ch), valid);
            Value &a = next[r * nv + j];
            a = isMax ? (Value)arith::MaximumFOp::create(e.b, e.loc, a, v)
                      : (Value)arith::AddFOp::create(e.b, e.loc, a, v);
          }
        }
        return next;
      },
      [&](Emitter &e, Value n, Value oh, Value ow0, Value c0, int64_t mr,
          int64_t nv, int64_t validC, ArrayRef<Value> accs) {
        for (int64_t r = 0; r < mr; ++r) {
          Value owr = e.add(ow0, r);
          Value factor;
          if (!isMax)
            factor = divisors ? e.broadcast(divisors, {oh, owr})
                              : e.splat(scale);
          for (int64_t j = 0; j < nv; ++j) {
            auto [ch, valid] = x.channelVector(e, c0, j, validC);
            Value v = accs[r * nv + j];
            if (!isMax)
              v = arith::MulFOp::create(e.b, e.loc, v, factor);
            e.store(v, out, {n, oh, owr, ch}, valid);
          }
        }
      });
}

/// Integer depthwise convolution: i32 accumulators of u8 x s8 products
/// (widened to 32 bits, exact), then the integer epilogue.
void expandIntDepthwise(OpBuilder &b, qck::DepthwiseConv2DOp op,
                        int64_t lanes) {
  ChannelWindowExpander x = ChannelWindowExpander::depthwise(op, lanes, b.getI32Type());
  Value input = op.getInput(), filter = op.getFilter(), out = op.getInit();
  IntEpilogue ep = IntEpilogue::of(op);
  auto bytes = VectorType::get({lanes}, b.getIntegerType(8));
  x.expand(
      b, [](Emitter &e) { return e.zeros(e.vecType); },
      [&](Emitter &e, Value khv, Value kwv, ArrayRef<Value> rowsIdx, Value c0,
          int64_t nv, int64_t validC, ValueRange acc) {
        SmallVector<Value> next(acc.begin(), acc.end());
        int64_t rows = rowsIdx.size() / 3;
        for (int64_t j = 0; j < nv; ++j) {
          auto [ch, valid] = x.channelVector(e, c0, j, validC);
          Value w = arith::ExtSIOp::create(
              e.b, e.loc, e.vecType, e.load(bytes, filter, {khv, kwv, ch}, valid));
          for (int64_t r = 0; r < rows; ++r) {
            Value v = arith::ExtUIOp::create(
                e.b, e.loc, e.vecType,
                e.load(bytes, input, x.pixel(rowsIdx, r, ch), valid));
            Value prod = arith::MulIOp::create(e.b, e.loc, v, w);
            next[r * nv + j] =
                arith::AddIOp::create(e.b, e.loc, next[r * nv + j], prod);
          }
        }
        return next;
      },
      [&](Emitter &e, Value n, Value oh, Value ow0, Value c0, int64_t mr,
          int64_t nv, int64_t validC, ArrayRef<Value> accs) {
        storeTile(ep, e, accs, c0, mr, nv, validC, /*padded=*/false, out,
                  [&](int64_t r, Value ch) {
                    return SmallVector<Value>{n, oh, e.add(ow0, r), ch};
                  });
      });
}

/// Integer pooling of unsigned codes: max on the bytes themselves (code 0
/// pads), average as an i32 window sum requantized per position.
void expandIntPool(OpBuilder &b, qck::Pool2DOp op, int64_t vectorBits) {
  bool isMax = op.getKind() == qck::PoolKind::Max;
  int64_t lanes = isMax ? vectorBits / 8 : vectorBits / 32;
  Type i8 = b.getIntegerType(8);
  ChannelWindowExpander x =
      ChannelWindowExpander::pool(op, lanes, isMax ? i8 : b.getI32Type());
  Value input = op.getInput(), out = op.getInit(), divisors = op.getDivisors();
  qc::RequantAttr rq = op.getRequantAttr();
  int64_t window = op.getKernel()[0] * op.getKernel()[1];
  auto bytes = VectorType::get({lanes}, i8);
  x.expand(
      b, [](Emitter &e) { return e.zeros(e.vecType); },
      [&](Emitter &e, Value, Value, ArrayRef<Value> rowsIdx, Value c0,
          int64_t nv, int64_t validC, ValueRange acc) {
        SmallVector<Value> next(acc.begin(), acc.end());
        int64_t rows = rowsIdx.size() / 3;
        for (int64_t j = 0; j < nv; ++j) {
          auto [ch, valid] = x.channelVector(e, c0, j, validC);
          for (int64_t r = 0; r < rows; ++r) {
            Value v = e.load(bytes, input, x.pixel(rowsIdx, r, ch), valid);
            Value &a = next[r * nv + j];
            if (isMax) {
              a = arith::MaxUIOp::create(e.b, e.loc, a, v);
            } else {
              v = arith::ExtUIOp::create(e.b, e.loc, e.vecType, v);
              a = arith::AddIOp::create(e.b, e.loc, a, v);
            }
          }
        }
        return next;
      },
      [&](Emitter &e, Value n, Value oh, Value ow0, Value c0, int64_t mr,
          int64_t nv, int64_t validC, ArrayRef<Value> accs) {
        auto i32s = VectorType::get({lanes}, e.b.getI32Type());
        for (int64_t r = 0; r < mr; ++r) {
          Value owr = e.add(ow0, r);
          Value m;
          if (!isMax)
            m = divisors ? e.broadcast(divisors, {oh, owr})
                         : e.splatInt(i32s, rq.getMultiplier()[0]);
          for (int64_t j = 0; j < nv; ++j) {
            auto [ch, valid] = x.channelVector(e, c0, j, validC);
            Value v = accs[r * nv + j];
            if (!isMax) {
              // sum(x - zp) over the window = sum(x) - window * zp; the
              // requantization then has no input zero point of its own.
              if (int64_t izp = rq.getInputZp())
                v = arith::SubIOp::create(e.b, e.loc, v,
                                          e.splatInt(i32s, window * izp));
              auto sumRq = qc::RequantAttr::get(
                  e.b.getContext(), rq.getMultiplier(), rq.getNegMultiplier(),
                  rq.getShift(), 0, rq.getOutputZp(), rq.getMin(), rq.getMax(),
                  0, 0);
              v = qc::buildRequant(e.b, e.loc, sumRq, v, m, Value(), Value(),
                                   false, i8);
            }
            e.store(v, out, {n, oh, owr, ch}, valid);
          }
        }
      });
}

bool isMemRefForm(Operation *op) {
  return llvm::all_of(op->getOperandTypes(),
                      [](Type t) { return isa<MemRefType>(t); });
}

bool isIntegerKernel(Operation *op) {
  auto t = cast<MemRefType>(op->getOperand(0).getType());
  return t.getElementType().isInteger(8);
}

struct ExpandCPUKernelsPass
    : public qc::impl::ExpandCPUKernelsBase<ExpandCPUKernelsPass> {
  using ExpandCPUKernelsBase::ExpandCPUKernelsBase;

  void runOnOperation() override {
    int64_t lanes = vectorBits / 32;
    SmallVector<Operation *> kernels;
    getOperation()->walk([&](Operation *op) {
      if (isa<qck::Conv2DOp, qck::DepthwiseConv2DOp, qck::MatMulOp,
              qck::Pool2DOp>(op))
        kernels.push_back(op);
    });
    for (Operation *op : kernels) {
      if (!isMemRefForm(op)) {
        op->emitOpError("quantc-cpu-expand-kernels expects memref operands "
                        "(run after bufferization)");
        return signalPassFailure();
      }
      bool integer = isIntegerKernel(op);
      // Packed weight blocks must hold whole vectors: SelectKernels packs
      // for the vector width this pass is run with.
      int64_t nr = 0, p = 0;
      if (auto mm = dyn_cast<qck::MatMulOp>(op)) {
        ArrayRef<int64_t> rs = shapeOf(mm.getRhs());
        nr = rs[2];
        p = integer ? rs[3] : 0;
      } else if (auto conv = dyn_cast<qck::Conv2DOp>(op)) {
        ArrayRef<int64_t> fs = shapeOf(conv.getFilter());
        nr = integer ? fs[3] : fs[4];
        p = integer ? fs[4] : 0;
      }
      if (nr && nr % lanes != 0) {
        op->emitOpError() << "packed block width " << nr
                          << " is not a multiple of the " << lanes
                          << "-lane vector width (" << (int64_t)vectorBits
                          << " bits); pack and expand for the same width";
        return signalPassFailure();
      }
      std::optional<IntDot> dot;
      if (p)
        dot = IntDot{p, lanes, vectorBits};
      OpBuilder b(op);
      if (auto mm = dyn_cast<qck::MatMulOp>(op)) {
        MatMulExpander{mm, lanes, vectorBits, dot, Value()}.expand(b);
      } else if (auto conv = dyn_cast<qck::Conv2DOp>(op)) {
        if (dot && conv.getDilations()[1] != 1 &&
            shapeOf(conv.getInput())[3] % dot->p != 0) {
          op->emitOpError("dilated integer convolution needs C to be a "
                          "multiple of the dot product run");
          return signalPassFailure();
        }
        ConvExpander{conv, lanes, vectorBits, dot}.expand(b);
      } else if (auto dw = dyn_cast<qck::DepthwiseConv2DOp>(op)) {
        if (integer)
          expandIntDepthwise(b, dw, lanes);
        else
          expandDepthwise(b, dw, lanes);
      } else if (auto pool = dyn_cast<qck::Pool2DOp>(op)) {
        if (integer)
          expandIntPool(b, pool, vectorBits);
        else
          expandPool(b, pool, lanes);
      }
      op->erase();
    }
  }
};

} // namespace
