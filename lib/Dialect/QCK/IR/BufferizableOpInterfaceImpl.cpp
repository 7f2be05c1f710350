//===- BufferizableOpInterfaceImpl.cpp - Bufferizing qck ops --------------===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#include "quantc/Dialect/QCK/IR/QCKOps.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/IR/DstBufferizableOpInterfaceImpl.h"
#include "mlir/IR/DialectRegistry.h"

using namespace mlir;
using namespace mlir::bufferization;

namespace {

/// Kernel ops overwrite their init entirely: it is written, never read,
/// so an empty init needs no copy.
template <typename OpTy>
struct KernelOpInterface
    : public DstBufferizableOpInterfaceExternalModel<KernelOpInterface<OpTy>,
                                                     OpTy> {
  bool bufferizesToMemoryRead(Operation *op, OpOperand &operand,
                              const AnalysisState &) const {
    return !cast<DestinationStyleOpInterface>(op).isDpsInit(&operand);
  }

  LogicalResult bufferize(Operation *op, RewriterBase &rewriter,
                          const BufferizationOptions &options,
                          BufferizationState &state) const {
    SmallVector<Value> operands;
    for (OpOperand &operand : op->getOpOperands()) {
      FailureOr<Value> buffer =
          getBuffer(rewriter, operand.get(), options, state);
      if (failed(buffer))
        return failure();
      operands.push_back(*buffer);
    }
    Value init = operands[cast<DestinationStyleOpInterface>(op)
                              .getDpsInitOperand(0)
                              ->getOperandNumber()];
    rewriter.setInsertionPoint(op);
    OperationState result(op->getLoc(), op->getName(), operands,
                          /*types=*/TypeRange{}, op->getAttrs());
    rewriter.create(result);
    replaceOpWithBufferizedValues(rewriter, op, init);
    return success();
  }
};

} // namespace

void mlir::qck::registerBufferizableOpInterfaceExternalModels(
    DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, qck::QCKDialect *) {
    qck::Conv2DOp::attachInterface<KernelOpInterface<qck::Conv2DOp>>(*ctx);
    qck::DepthwiseConv2DOp::attachInterface<
        KernelOpInterface<qck::DepthwiseConv2DOp>>(*ctx);
    qck::MatMulOp::attachInterface<KernelOpInterface<qck::MatMulOp>>(*ctx);
    qck::Pool2DOp::attachInterface<KernelOpInterface<qck::Pool2DOp>>(*ctx);
  });
}
