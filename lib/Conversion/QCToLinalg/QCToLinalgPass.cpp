//===- QCToLinalgPass.cpp - The qc-to-linalg conversion pass --------------===//
//
// Part of the quantc project.
//
// The reference lowering: every qc op, any static shape, to linalg on
// tensors (named ops, linalg.generic) and tensor ops. Performance-critical
// forms are taken earlier by the CPU kernel generator; what reaches this
// pass is made fast by elementwise fusion and generic tiling/vectorization.
// The patterns live by op family in Elementwise.cpp, NamedOps.cpp and
// DataMovement.cpp (Common.h).
//
//===----------------------------------------------------------------------===//

#include "Common.h"

#include "quantc/Conversion/Passes.h"

#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/IR/BuiltinDialect.h"

namespace mlir::qc {
#define GEN_PASS_DEF_CONVERTQCTOLINALG
#include "quantc/Conversion/Passes.h.inc"

namespace {
using namespace qc_to_linalg;

/// Kernel ops (qck) chosen before this pass carry ui8 codes on tensors;
/// they are rebuilt unchanged on the signless types.
struct KernelOpTypeConversion : ConversionPattern {
  KernelOpTypeConversion(const TypeConverter &converter, MLIRContext *ctx)
      : ConversionPattern(converter, MatchAnyOpTypeTag(), /*benefit=*/1, ctx) {}

  LogicalResult
  matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    if (!isKernelOp(op))
      return failure();
    SmallVector<Type> types;
    if (failed(getTypeConverter()->convertTypes(op->getResultTypes(), types)))
      return failure();
    OperationState state(op->getLoc(), op->getName(), operands, types,
                         op->getAttrs());
    Operation *converted = rewriter.create(state);
    rewriter.replaceOp(op, converted->getResults());
    return success();
  }

  static bool isKernelOp(Operation *op) {
    return op->getDialect() && op->getDialect()->getNamespace() == "qck";
  }
};

struct ConvertQCToLinalgPass
    : public impl::ConvertQCToLinalgBase<ConvertQCToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    // ui8 activation codes become signless i8.
    TypeConverter converter;
    converter.addConversion([](Type t) { return signless(t); });
    auto cast = [](OpBuilder &b, Type to, ValueRange in,
                   Location loc) -> Value {
      return UnrealizedConversionCastOp::create(b, loc, to, in).getResult(0);
    };
    converter.addSourceMaterialization(cast);
    converter.addTargetMaterialization(cast);

    ConversionTarget target(*ctx);
    target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect,
                           math::MathDialect, tensor::TensorDialect>();
    target.markUnknownOpDynamicallyLegal([&](Operation *op) {
      return !KernelOpTypeConversion::isKernelOp(op) || converter.isLegal(op);
    });
    target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp f) {
      return converter.isSignatureLegal(f.getFunctionType()) &&
             converter.isLegal(&f.getBody());
    });
    target.addDynamicallyLegalOp<func::ReturnOp, func::CallOp>(
        [&](Operation *op) { return converter.isLegal(op); });
    target.addIllegalDialect<QCDialect>();
    RewritePatternSet patterns(ctx);
    populateQCToLinalgConversionPatterns(patterns, converter);
    patterns.add<KernelOpTypeConversion>(converter, ctx);
    populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                   converter);
    populateReturnOpTypeConversionPattern(patterns, converter);
    populateCallOpTypeConversionPattern(patterns, converter);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void populateQCToLinalgConversionPatterns(RewritePatternSet &patterns,
                                          const TypeConverter &converter) {
  qc_to_linalg::populateElementwisePatterns(patterns, converter);
  qc_to_linalg::populateNamedOpPatterns(patterns, converter);
  qc_to_linalg::populateDataMovementPatterns(patterns, converter);
}

} // namespace mlir::qc
