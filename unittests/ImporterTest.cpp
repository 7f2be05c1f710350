//===- ImporterTest.cpp - ONNX protobuf import ----------------------------===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#include "quantc/Compiler/Compiler.h"
#include "quantc/Dialect/QC/IR/QCOps.h"
#include "quantc/Import/ONNXImporter.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

#include "onnx/onnx_pb.h"

#include "gtest/gtest.h"

using namespace mlir;
using namespace quantc;

namespace {

/// Y = Relu(X + B) with X [batch, 4] (batch symbolic) and B an initializer.
onnx::ModelProto tinyModel(bool withInitializer = true) {
  onnx::ModelProto m;
  m.set_ir_version(7);
  m.add_opset_import()->set_version(13);
  onnx::GraphProto *g = m.mutable_graph();
  g->set_name("tiny");
  auto *x = g->add_input();
  x->set_name("X");
  auto *xt = x->mutable_type()->mutable_tensor_type();
  xt->set_elem_type(onnx::TensorProto::FLOAT);
  xt->mutable_shape()->add_dim()->set_dim_param("batch");
  xt->mutable_shape()->add_dim()->set_dim_value(4);
  if (withInitializer) {
    auto *b = g->add_initializer();
    b->set_name("B");
    b->set_data_type(onnx::TensorProto::FLOAT);
    b->add_dims(4);
    for (int i = 0; i < 4; ++i)
      b->add_float_data(i);
  }
  auto *add = g->add_node();
  add->set_op_type("Add");
  add->set_name("add0");
  add->add_input("X");
  add->add_input("B");
  add->add_output("T");
  auto *relu = g->add_node();
  relu->set_op_type("Relu");
  relu->set_name("relu0");
  relu->add_input("T");
  relu->add_output("Y");
  auto *y = g->add_output();
  y->set_name("Y");
  auto *yt = y->mutable_type()->mutable_tensor_type();
  yt->set_elem_type(onnx::TensorProto::FLOAT);
  yt->mutable_shape()->add_dim()->set_dim_param("batch");
  yt->mutable_shape()->add_dim()->set_dim_value(4);
  return m;
}

struct Captured {
  std::vector<std::string> errors, notes;
};

OwningOpRef<ModuleOp> importModel(MLIRContext &ctx, const onnx::ModelProto &m,
                                  Captured &diags,
                                  const ONNXImportOptions &opts = {}) {
  ScopedDiagnosticHandler handler(&ctx, [&](Diagnostic &d) {
    (d.getSeverity() == DiagnosticSeverity::Error ? diags.errors : diags.notes)
        .push_back(d.str());
    return success();
  });
  std::string bytes = m.SerializeAsString();
  return importONNXBytes(ctx, bytes, "tiny.onnx", "", opts);
}

} // namespace

TEST(Importer, ImportsNodesAndInitializers) {
  DialectRegistry registry;
  registerAllQuantc(registry);
  MLIRContext ctx(registry);
  Captured diags;
  OwningOpRef<ModuleOp> module = importModel(ctx, tinyModel(), diags);
  ASSERT_TRUE(module) << (diags.errors.empty() ? "" : diags.errors[0]);
  auto main = module->lookupSymbol<func::FuncOp>("main");
  ASSERT_TRUE(main);
  // The symbolic batch defaults to 1, with a note saying so.
  auto in = cast<RankedTensorType>(main.getArgumentTypes()[0]);
  EXPECT_EQ(in.getShape(), (ArrayRef<int64_t>{1, 4}));
  ASSERT_EQ(diags.notes.size(), 1u);
  EXPECT_NE(diags.notes[0].find("'batch'"), std::string::npos);
  EXPECT_EQ(main.getArgAttrOfType<StringAttr>(0, kONNXNameAttr).str(), "X");
  int onnxOps = 0, constants = 0;
  main.walk([&](Operation *op) {
    if (auto o = dyn_cast<qc::OnnxOp>(op)) {
      ++onnxOps;
      // Node names become locations.
      auto loc = dyn_cast<NameLoc>(o.getLoc());
      ASSERT_TRUE(loc);
      EXPECT_TRUE(loc.getName() == "add0" || loc.getName() == "relu0");
    }
    constants += isa<qc::ConstantOp>(op);
  });
  EXPECT_EQ(onnxOps, 2);
  EXPECT_EQ(constants, 1);
}

TEST(Importer, InputShapeOverride) {
  DialectRegistry registry;
  registerAllQuantc(registry);
  MLIRContext ctx(registry);
  Captured diags;
  ONNXImportOptions opts;
  opts.inputShapes["X"] = {8, 4};
  OwningOpRef<ModuleOp> module = importModel(ctx, tinyModel(), diags, opts);
  ASSERT_TRUE(module);
  auto main = module->lookupSymbol<func::FuncOp>("main");
  EXPECT_EQ(cast<RankedTensorType>(main.getArgumentTypes()[0]).getShape(),
            (ArrayRef<int64_t>{8, 4}));
  EXPECT_TRUE(diags.notes.empty());

  opts.inputShapes.clear();
  opts.inputShapes["nope"] = {1, 4};
  EXPECT_FALSE(importModel(ctx, tinyModel(), diags, opts));
  EXPECT_NE(diags.errors.back().find("'nope', which is not an input"),
            std::string::npos)
      << diags.errors.back();
}

TEST(Importer, MissingInitializer) {
  MLIRContext ctx;
  Captured diags;
  EXPECT_FALSE(importModel(ctx, tinyModel(/*withInitializer=*/false), diags));
  ASSERT_FALSE(diags.errors.empty());
  EXPECT_NE(diags.errors[0].find("input 'B'"), std::string::npos)
      << diags.errors[0];
  EXPECT_NE(diags.errors[0].find("missing initializer"), std::string::npos);
}

TEST(Importer, TruncatedAndNonONNXBytes) {
  MLIRContext ctx;
  Captured diags;
  ScopedDiagnosticHandler handler(&ctx, [&](Diagnostic &d) {
    diags.errors.push_back(d.str());
    return success();
  });
  std::string bytes = tinyModel().SerializeAsString();
  EXPECT_FALSE(importONNXBytes(ctx, bytes.substr(0, bytes.size() / 2), "t.onnx",
                               "", {}));
  EXPECT_FALSE(importONNXBytes(ctx, "this is not a model", "t.onnx", "", {}));
  EXPECT_FALSE(importONNXBytes(ctx, "", "t.onnx", "", {}));
  ASSERT_EQ(diags.errors.size(), 3u);
  for (const std::string &e : diags.errors)
    EXPECT_NE(e.find("not a valid ONNX model"), std::string::npos) << e;
}

TEST(Importer, InputShapeSpec) {
  std::string name;
  std::vector<int64_t> dims;
  ASSERT_TRUE(parseInputShapeSpec("input=1x3x224x224", name, dims));
  EXPECT_EQ(name, "input");
  EXPECT_EQ(dims, (std::vector<int64_t>{1, 3, 224, 224}));
  ASSERT_TRUE(parseInputShapeSpec("a=b=2x2", name, dims));
  EXPECT_EQ(name, "a=b");
  EXPECT_FALSE(parseInputShapeSpec("input", name, dims));
  EXPECT_FALSE(parseInputShapeSpec("input=1xx3", name, dims));
  EXPECT_FALSE(parseInputShapeSpec("input=-1x3", name, dims));
  EXPECT_FALSE(parseInputShapeSpec("=1x3", name, dims));
}
