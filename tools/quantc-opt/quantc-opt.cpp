//===- quantc-opt.cpp - quantc's mlir-opt ---------------------------------===//
//
// Part of the quantc project.
//
// Runs any quantc or upstream pass on .mlir files; lit tests drive it.
//
//===----------------------------------------------------------------------===//

#include "quantc/Conversion/Passes.h"
#include "quantc/Dialect/QC/IR/QCOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  registry.insert<mlir::qc::QCDialect, mlir::func::FuncDialect,
                  mlir::arith::ArithDialect>();
  mlir::registerTransformsPasses();
  mlir::qc::registerQuantcConversionPasses();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "quantc optimizer driver\n", registry));
}
