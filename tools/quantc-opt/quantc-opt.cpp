//===- quantc-opt.cpp - quantc's mlir-opt ---------------------------------===//
//
// Part of the quantc project.
//
// Runs any quantc or upstream pass (and quantc's named pipelines) on .mlir
// files; lit tests drive it.
//
//===----------------------------------------------------------------------===//

#include "quantc/Compiler/Compiler.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  quantc::registerAllQuantc(registry);
  mlir::registerTransformsPasses();
  quantc::registerAllQuantcPasses();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "quantc optimizer driver\n", registry));
}
