//===- quantc-ref.cpp - Run the integer reference on integerized IR -------===//
//
// Part of the quantc project.
//
//   quantc model.onnx --quantize=int8 --calib-data D --emit=qc -o model.qc.mlir
//   quantc-ref model.qc.mlir --input input=codes.npy --output-dir ref/
//
// Runs @main_quantized (integer codes in and out; --entry main for float
// inputs) with the plain C++ integer reference. An input whose leading
// dimension is N times the entry's runs N times and stacks the outputs.
//
//===----------------------------------------------------------------------===//

#include "quantc/Compiler/Compiler.h"
#include "quantc/Import/ONNXImporter.h"
#include "quantc/Reference/Interpreter.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"

#include <sys/stat.h>

using namespace llvm;
using namespace quantc;

static cl::OptionCategory category("quantc-ref options");
static cl::opt<std::string> inputFile(cl::Positional,
                                      cl::desc("<model.qc.mlir>"), cl::Required,
                                      cl::cat(category));
static cl::list<std::string>
    inputs("input", cl::desc("Input codes: NAME=FILE (.npy/.pb)"),
           cl::cat(category));
static cl::opt<std::string> outputDir("output-dir",
                                      cl::desc("Output directory"),
                                      cl::Required, cl::cat(category));
static cl::opt<std::string> entry("entry", cl::desc("Entry function"),
                                  cl::init("main_quantized"),
                                  cl::cat(category));

[[noreturn]] static void fail(const std::string &m) {
  errs() << "quantc-ref: error: " << m << "\n";
  std::exit(1);
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(
      argc, argv,
      "quantc integer reference: runs the integerized qc IR of an INT8 model\n"
      "(quantc --quantize=int8 --emit=qc) on input codes with plain C++\n"
      "integer arithmetic, written from docs/quantization.md, and writes\n"
      "each output as .npy\n");
  mlir::DialectRegistry registry;
  registerAllQuantc(registry);
  mlir::MLIRContext context(registry);
  context.loadAllAvailableDialects();
  llvm::SourceMgr sourceMgr;
  std::string error;
  auto file = mlir::openInputFile(inputFile, &error);
  if (!file)
    fail(error);
  sourceMgr.AddNewSourceBuffer(std::move(file), SMLoc());
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceFile<mlir::ModuleOp>(sourceMgr, &context);
  if (!module)
    fail("cannot parse " + inputFile);
  auto func = module->lookupSymbol<mlir::func::FuncOp>(entry);
  if (!func)
    fail("no function @" + entry + " in " + inputFile);

  // Inputs by name (qc.onnx_name), stacked along dimension 0.
  std::vector<HostTensor> given(func.getNumArguments());
  for (const std::string &spec : inputs) {
    size_t eq = spec.find('=');
    std::string name = eq == std::string::npos ? "" : spec.substr(0, eq);
    std::string path = eq == std::string::npos ? spec : spec.substr(eq + 1);
    int index = func.getNumArguments() == 1 && name.empty() ? 0 : -1;
    for (unsigned i = 0; i < func.getNumArguments(); ++i)
      if (auto n = func.getArgAttrOfType<mlir::StringAttr>(i, kONNXNameAttr))
        if (n.getValue() == name)
          index = i;
    if (index < 0)
      fail("no input named '" + name + "'");
    if (!readTensorFile(path, given[index], error))
      fail(error);
  }
  int64_t runs = -1;
  std::vector<int64_t> perRun;
  for (unsigned i = 0; i < func.getNumArguments(); ++i) {
    auto type = mlir::cast<mlir::RankedTensorType>(func.getArgumentTypes()[i]);
    int64_t n = type.getNumElements();
    if (given[i].data.empty())
      fail("missing input " + std::to_string(i));
    int64_t r = given[i].numElements() / n;
    if (r * n != given[i].numElements() || (runs >= 0 && r != runs))
      fail("input " + std::to_string(i) + " holds " + given[i].describe() +
           ", not a multiple of the entry's shape");
    runs = r;
    perRun.push_back(n);
  }
  std::vector<HostTensor> stacked;
  for (int64_t r = 0; r < runs; ++r) {
    std::vector<HostTensor> ins;
    for (unsigned i = 0; i < func.getNumArguments(); ++i) {
      auto type = mlir::cast<mlir::RankedTensorType>(func.getArgumentTypes()[i]);
      HostTensor t;
      t.dtype = given[i].dtype;
      t.shape.assign(type.getShape().begin(), type.getShape().end());
      size_t bytes = perRun[i] * dtypeSize(t.dtype);
      t.data.assign(given[i].data.begin() + r * bytes,
                    given[i].data.begin() + (r + 1) * bytes);
      ins.push_back(std::move(t));
    }
    std::vector<HostTensor> outs;
    if (!interpret(func, ins, outs, error))
      fail(error);
    if (r == 0) {
      stacked = outs;
      for (HostTensor &t : stacked) {
        if (t.shape.empty())
          t.shape.push_back(1);
        t.shape[0] *= runs;
        t.data.clear();
      }
    }
    for (size_t o = 0; o < outs.size(); ++o)
      stacked[o].data.insert(stacked[o].data.end(), outs[o].data.begin(),
                             outs[o].data.end());
  }
  mkdir(outputDir.c_str(), 0755);
  for (size_t o = 0; o < stacked.size(); ++o) {
    std::string name = "output" + std::to_string(o);
    if (auto n = func.getResultAttrOfType<mlir::StringAttr>(o, kONNXNameAttr))
      name = n.str();
    for (char &c : name)
      if (!isalnum((unsigned char)c) && c != '_' && c != '-' && c != '.')
        c = '_';
    if (!writeNpy(outputDir + "/" + name + ".npy", stacked[o], error))
      fail(error);
  }
  return 0;
}
