//===- AutodiffTest.cpp - vector-Jacobian products vs finite differences --===//
//
// Part of the quantc project.
//
// Each case is a small float64 function y = f(args). quantc-differentiate
// builds its VJP, which is compiled and run with a random cotangent dy; every
// element of every argument's gradient must equal the central difference
// (L(x + h e_i) - L(x - h e_i)) / 2h of L = <dy, f(x)>, f run through the
// same compiler. Inputs sit on a grid of distinct magnitudes >= 0.1 so that
// no difference straddles a kink (relu at 0, clamp bounds, max ties).
//
//===----------------------------------------------------------------------===//

#include "quantc/Compiler/Compiler.h"
#include "quantc/Dialect/QC/Transforms/Passes.h"
#include "quantc/Support/LoadedModel.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/StringExtras.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

using namespace mlir;

namespace {

struct VJPCase {
  const char *name;
  /// The function `@main`, with `E` for the element type.
  const char *ir;
  /// Arguments take positive values only (log, sqrt, pow).
  bool positive = false;
};

std::string withElementType(std::string text, const std::string &type) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    // `xE>` and `<E>` in tensor types.
    if (text[i] == 'E' && i > 0 && (text[i - 1] == 'x' || text[i - 1] == '<') &&
        i + 1 < text.size() && text[i + 1] == '>')
      out += type;
    else
      out += text[i];
  }
  return out;
}

const VJPCase kCases[] = {
    {"Add", R"(
func.func @main(%a: tensor<2x3xE>, %b: tensor<3xE>) -> tensor<2x3xE> {
  %0 = qc.add %a, %b : (tensor<2x3xE>, tensor<3xE>) -> tensor<2x3xE>
  return %0 : tensor<2x3xE>
})"},
    {"SubBroadcastBoth", R"(
func.func @main(%a: tensor<2x1xE>, %b: tensor<1x3xE>) -> tensor<2x3xE> {
  %0 = qc.sub %a, %b : (tensor<2x1xE>, tensor<1x3xE>) -> tensor<2x3xE>
  return %0 : tensor<2x3xE>
})"},
    {"Mul", R"(
func.func @main(%a: tensor<2x3xE>, %b: tensor<2x1xE>) -> tensor<2x3xE> {
  %0 = qc.mul %a, %b : (tensor<2x3xE>, tensor<2x1xE>) -> tensor<2x3xE>
  return %0 : tensor<2x3xE>
})"},
    {"MulSelf", R"(
func.func @main(%a: tensor<4xE>) -> tensor<4xE> {
  %0 = qc.mul %a, %a : (tensor<4xE>, tensor<4xE>) -> tensor<4xE>
  return %0 : tensor<4xE>
})"},
    {"Div", R"(
func.func @main(%a: tensor<2x3xE>, %b: tensor<3xE>) -> tensor<2x3xE> {
  %0 = qc.div %a, %b : (tensor<2x3xE>, tensor<3xE>) -> tensor<2x3xE>
  return %0 : tensor<2x3xE>
})"},
    {"MaxMin", R"(
func.func @main(%a: tensor<2x3xE>, %b: tensor<2x3xE>) -> tensor<2x3xE> {
  %0 = qc.max %a, %b : (tensor<2x3xE>, tensor<2x3xE>) -> tensor<2x3xE>
  %1 = qc.min %a, %b : (tensor<2x3xE>, tensor<2x3xE>) -> tensor<2x3xE>
  %2 = qc.mul %0, %1 : (tensor<2x3xE>, tensor<2x3xE>) -> tensor<2x3xE>
  %3 = qc.add %2, %0 : (tensor<2x3xE>, tensor<2x3xE>) -> tensor<2x3xE>
  return %3 : tensor<2x3xE>
})"},
    {"Pow", R"(
func.func @main(%a: tensor<5xE>, %b: tensor<5xE>) -> tensor<5xE> {
  %0 = qc.pow %a, %b : (tensor<5xE>, tensor<5xE>) -> tensor<5xE>
  return %0 : tensor<5xE>
})",
     true},
    {"PRelu", R"(
func.func @main(%a: tensor<2x3xE>, %s: tensor<3xE>) -> tensor<2x3xE> {
  %0 = qc.prelu %a, %s : (tensor<2x3xE>, tensor<3xE>) -> tensor<2x3xE>
  return %0 : tensor<2x3xE>
})"},
    {"Smooth", R"(
func.func @main(%a: tensor<8xE>) -> tensor<8xE> {
  %0 = qc.tanh %a : (tensor<8xE>) -> tensor<8xE>
  %1 = qc.sigmoid %a : (tensor<8xE>) -> tensor<8xE>
  %2 = qc.exp %a : (tensor<8xE>) -> tensor<8xE>
  %3 = qc.softplus %a : (tensor<8xE>) -> tensor<8xE>
  %4 = qc.erf %a : (tensor<8xE>) -> tensor<8xE>
  %5 = qc.neg %a : (tensor<8xE>) -> tensor<8xE>
  %6 = qc.mul %0, %1 : (tensor<8xE>, tensor<8xE>) -> tensor<8xE>
  %7 = qc.add %6, %2 : (tensor<8xE>, tensor<8xE>) -> tensor<8xE>
  %8 = qc.mul %7, %3 : (tensor<8xE>, tensor<8xE>) -> tensor<8xE>
  %9 = qc.sub %8, %4 : (tensor<8xE>, tensor<8xE>) -> tensor<8xE>
  %10 = qc.mul %9, %5 : (tensor<8xE>, tensor<8xE>) -> tensor<8xE>
  return %10 : tensor<8xE>
})"},
    {"PositiveDomain", R"(
func.func @main(%a: tensor<6xE>) -> tensor<6xE> {
  %0 = qc.log %a : (tensor<6xE>) -> tensor<6xE>
  %1 = qc.sqrt %a : (tensor<6xE>) -> tensor<6xE>
  %2 = qc.reciprocal %a : (tensor<6xE>) -> tensor<6xE>
  %3 = qc.add %0, %1 : (tensor<6xE>, tensor<6xE>) -> tensor<6xE>
  %4 = qc.mul %3, %2 : (tensor<6xE>, tensor<6xE>) -> tensor<6xE>
  return %4 : tensor<6xE>
})",
     true},
    {"Piecewise", R"(
func.func @main(%a: tensor<12xE>) -> tensor<12xE> {
  %0 = qc.clamp %a {min = 0.0 : f32} : (tensor<12xE>) -> tensor<12xE>
  %1 = qc.clamp %a {min = -0.55 : f32, max = 0.75 : f32} : (tensor<12xE>) -> tensor<12xE>
  %2 = qc.leaky_relu %a {alpha = 0.1 : f32} : (tensor<12xE>) -> tensor<12xE>
  %3 = qc.elu %a {alpha = 1.0 : f32} : (tensor<12xE>) -> tensor<12xE>
  %4 = qc.hard_sigmoid %a {alpha = 0.2 : f32, beta = 0.5 : f32} : (tensor<12xE>) -> tensor<12xE>
  %5 = qc.abs %a : (tensor<12xE>) -> tensor<12xE>
  %6 = qc.mul %0, %1 : (tensor<12xE>, tensor<12xE>) -> tensor<12xE>
  %7 = qc.add %6, %2 : (tensor<12xE>, tensor<12xE>) -> tensor<12xE>
  %8 = qc.mul %7, %3 : (tensor<12xE>, tensor<12xE>) -> tensor<12xE>
  %9 = qc.add %8, %4 : (tensor<12xE>, tensor<12xE>) -> tensor<12xE>
  %10 = qc.mul %9, %5 : (tensor<12xE>, tensor<12xE>) -> tensor<12xE>
  %11 = qc.floor %a : (tensor<12xE>) -> tensor<12xE>
  %12 = qc.add %10, %11 : (tensor<12xE>, tensor<12xE>) -> tensor<12xE>
  return %12 : tensor<12xE>
})"},
    {"Softmax", R"(
func.func @main(%a: tensor<2x5xE>) -> tensor<2x5xE> {
  %0 = qc.softmax %a {axis = 1 : i64} : (tensor<2x5xE>) -> tensor<2x5xE>
  return %0 : tensor<2x5xE>
})"},
    {"LogSoftmax", R"(
func.func @main(%a: tensor<3x4xE>) -> tensor<3x4xE> {
  %0 = qc.log_softmax %a {axis = 0 : i64} : (tensor<3x4xE>) -> tensor<3x4xE>
  return %0 : tensor<3x4xE>
})"},
    {"Reductions", R"(
func.func @main(%a: tensor<2x3x4xE>) -> tensor<2x4xE> {
  %0 = qc.reduce_sum %a {axes = array<i64: 1>, keepdims = false} : (tensor<2x3x4xE>) -> tensor<2x4xE>
  %1 = qc.reduce_mean %a {axes = array<i64: 1>, keepdims = false} : (tensor<2x3x4xE>) -> tensor<2x4xE>
  %2 = qc.reduce_max %a {axes = array<i64: 1>, keepdims = false} : (tensor<2x3x4xE>) -> tensor<2x4xE>
  %3 = qc.reduce_min %a {axes = array<i64: 1>, keepdims = true} : (tensor<2x3x4xE>) -> tensor<2x1x4xE>
  %4 = qc.reshape %3 : (tensor<2x1x4xE>) -> tensor<2x4xE>
  %5 = qc.mul %0, %1 : (tensor<2x4xE>, tensor<2x4xE>) -> tensor<2x4xE>
  %6 = qc.add %5, %2 : (tensor<2x4xE>, tensor<2x4xE>) -> tensor<2x4xE>
  %7 = qc.mul %6, %4 : (tensor<2x4xE>, tensor<2x4xE>) -> tensor<2x4xE>
  return %7 : tensor<2x4xE>
})"},
    {"DataMovement", R"(
func.func @main(%a: tensor<2x3x4xE>, %b: tensor<2x1x4xE>) -> tensor<3x2x3xE> {
  %0 = qc.concat %a, %b {axis = 1 : i64} : (tensor<2x3x4xE>, tensor<2x1x4xE>) -> tensor<2x4x4xE>
  %1 = qc.transpose %0 {perm = array<i64: 2, 0, 1>} : (tensor<2x4x4xE>) -> tensor<4x2x4xE>
  %2 = qc.pad %1 {pads = array<i64: 0, 1, 0, 1, 0, 2>} : (tensor<4x2x4xE>) -> tensor<5x3x6xE>
  %3 = qc.slice %2 {starts = array<i64: 4, 0, 1>, steps = array<i64: -2, 1, 2>} : (tensor<5x3x6xE>) -> tensor<3x3x3xE>
  %4 = qc.reshape %3 : (tensor<3x3x3xE>) -> tensor<27xE>
  %5 = qc.slice %4 {starts = array<i64: 1>, steps = array<i64: 3>} : (tensor<27xE>) -> tensor<9xE>
  %6 = qc.reshape %5 : (tensor<9xE>) -> tensor<3x1x3xE>
  %7 = qc.mul %3, %6 : (tensor<3x3x3xE>, tensor<3x1x3xE>) -> tensor<3x3x3xE>
  %8 = qc.slice %7 {starts = array<i64: 0, 1, 0>, steps = array<i64: 1, 1, 1>} : (tensor<3x3x3xE>) -> tensor<3x2x3xE>
  return %8 : tensor<3x2x3xE>
})"},
    {"MatMulEpilogue", R"(
func.func @main(%x: tensor<2x3x5xE>, %w: tensor<5x4xE>, %b: tensor<4xE>, %r: tensor<2x3x4xE>) -> tensor<2x3x4xE> {
  %0 = qc.matmul %x, %w, %b residual(%r) {clamp_min = 0.0 : f32, clamp_max = 1.25 : f32} : (tensor<2x3x5xE>, tensor<5x4xE>, tensor<4xE>, tensor<2x3x4xE>) -> tensor<2x3x4xE>
  return %0 : tensor<2x3x4xE>
})"},
    {"MatMulVector", R"(
func.func @main(%x: tensor<5xE>, %w: tensor<5x3xE>, %v: tensor<3xE>) -> tensor<E> {
  %0 = qc.matmul %x, %w {leaky_alpha = 0.2 : f32} : (tensor<5xE>, tensor<5x3xE>) -> tensor<3xE>
  %1 = qc.matmul %0, %v : (tensor<3xE>, tensor<3xE>) -> tensor<E>
  return %1 : tensor<E>
})"},
    {"MatMulBatched", R"(
func.func @main(%a: tensor<2x3x4xE>, %b: tensor<1x4x2xE>) -> tensor<2x3x2xE> {
  %0 = qc.matmul %a, %b : (tensor<2x3x4xE>, tensor<1x4x2xE>) -> tensor<2x3x2xE>
  return %0 : tensor<2x3x2xE>
})"},
    {"BatchNorm", R"(
func.func @main(%x: tensor<2x3x2x2xE>, %s: tensor<3xE>, %b: tensor<3xE>, %m: tensor<3xE>, %v: tensor<3xE>) -> tensor<2x3x2x2xE> {
  %0 = qc.batch_norm %x, %s, %b, %m, %v {epsilon = 1.0e-3 : f32} : (tensor<2x3x2x2xE>, tensor<3xE>, tensor<3xE>, tensor<3xE>, tensor<3xE>) -> tensor<2x3x2x2xE>
  return %0 : tensor<2x3x2x2xE>
})",
     true},
    {"ConvStridedPadded", R"(
func.func @main(%x: tensor<2x3x7x6xE>, %w: tensor<4x3x3x3xE>, %b: tensor<4xE>) -> tensor<2x4x3x3xE> {
  %0 = qc.conv2d %x, %w, %b {dilations = array<i64: 1, 1>, pads = array<i64: 0, 1, 1, 1>, strides = array<i64: 2, 2>, clamp_min = 0.0 : f32} : (tensor<2x3x7x6xE>, tensor<4x3x3x3xE>, tensor<4xE>) -> tensor<2x4x3x3xE>
  return %0 : tensor<2x4x3x3xE>
})"},
    {"ConvDilatedResidual", R"(
func.func @main(%x: tensor<1x2x7x7xE>, %w: tensor<3x2x3x2xE>, %r: tensor<1x3x4x6xE>) -> tensor<1x3x4x6xE> {
  %0 = qc.conv2d %x, %w residual(%r) {dilations = array<i64: 2, 1>, pads = array<i64: 1, 0, 0, 0>, strides = array<i64: 1, 1>, leaky_alpha = 0.1 : f32} : (tensor<1x2x7x7xE>, tensor<3x2x3x2xE>, tensor<1x3x4x6xE>) -> tensor<1x3x4x6xE>
  return %0 : tensor<1x3x4x6xE>
})"},
    {"ConvGrouped", R"(
func.func @main(%x: tensor<2x4x5x5xE>, %w: tensor<6x2x3x3xE>) -> tensor<2x6x3x3xE> {
  %0 = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 2 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<2x4x5x5xE>, tensor<6x2x3x3xE>) -> tensor<2x6x3x3xE>
  return %0 : tensor<2x6x3x3xE>
})"},
    {"ConvDepthwise", R"(
func.func @main(%x: tensor<2x3x6x6xE>, %w: tensor<3x1x3x3xE>, %b: tensor<3xE>) -> tensor<2x3x3x3xE> {
  %0 = qc.conv2d %x, %w, %b {dilations = array<i64: 1, 1>, groups = 3 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>, clamp_min = 0.0 : f32, clamp_max = 6.0 : f32} : (tensor<2x3x6x6xE>, tensor<3x1x3x3xE>, tensor<3xE>) -> tensor<2x3x3x3xE>
  return %0 : tensor<2x3x3x3xE>
})"},
    {"ConvPointwise", R"(
func.func @main(%x: tensor<1x5x3x3xE>, %w: tensor<2x5x1x1xE>) -> tensor<1x2x3x3xE> {
  %0 = qc.conv2d %x, %w {dilations = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x5x3x3xE>, tensor<2x5x1x1xE>) -> tensor<1x2x3x3xE>
  return %0 : tensor<1x2x3x3xE>
})"},
    {"MaxPoolOverlapping", R"(
func.func @main(%x: tensor<2x2x7x6xE>) -> tensor<2x2x4x3xE> {
  %0 = qc.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 0>} : (tensor<2x2x7x6xE>) -> tensor<2x2x4x3xE>
  return %0 : tensor<2x2x4x3xE>
})"},
    {"MaxPoolCeilDilated", R"(
func.func @main(%x: tensor<1x2x6x6xE>) -> tensor<1x2x3x3xE> {
  %0 = qc.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, ceil_mode = true, dilations = array<i64: 1, 2>} : (tensor<1x2x6x6xE>) -> tensor<1x2x3x3xE>
  return %0 : tensor<1x2x3x3xE>
})"},
    {"AvgPoolExcludePad", R"(
func.func @main(%x: tensor<2x3x5x5xE>) -> tensor<2x3x3x3xE> {
  %0 = qc.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>} : (tensor<2x3x5x5xE>) -> tensor<2x3x3x3xE>
  return %0 : tensor<2x3x3x3xE>
})"},
    {"AvgPoolCeilIncludePad", R"(
func.func @main(%x: tensor<1x2x6x5xE>) -> tensor<1x2x3x3xE> {
  %0 = qc.avg_pool2d %x {kernel = array<i64: 3, 2>, strides = array<i64: 2, 2>, pads = array<i64: 1, 0, 0, 0>, ceil_mode = true, count_include_pad = true} : (tensor<1x2x6x5xE>) -> tensor<1x2x3x3xE>
  return %0 : tensor<1x2x3x3xE>
})"},
};

class VJPTest : public ::testing::TestWithParam<VJPCase> {
protected:
  VJPTest() {
    DialectRegistry registry;
    quantc::registerAllQuantc(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
  }

  std::unique_ptr<quantc::LoadedModel> compile(ModuleOp module) {
    std::string error;
    quantc::CompileOptions options;
    auto model = quantc::compileToLoadedModel(module, options, 1, error);
    EXPECT_TRUE(model) << error;
    return model;
  }

  MLIRContext context;
};

/// Distinct grid magnitudes 0.1 + 0.02 k (k a permutation), random signs;
/// argument j is offset by 0.007 j so no two arguments tie.
quantc::HostTensor gridTensor(RankedTensorType type, int j, bool positive,
                              std::mt19937 &rng) {
  std::vector<int64_t> shape(type.getShape());
  quantc::HostTensor t = quantc::HostTensor::zeros(quantc::DType::F64, shape);
  int64_t n = t.numElements();
  std::vector<int64_t> k(n);
  for (int64_t i = 0; i < n; ++i)
    k[i] = i;
  std::shuffle(k.begin(), k.end(), rng);
  for (int64_t i = 0; i < n; ++i) {
    double v = 0.1 + 0.02 * (double)k[i] + 0.007 * j;
    if (!positive && (rng() & 1))
      v = -v;
    t.as<double>()[i] = v;
  }
  return t;
}

TEST_P(VJPTest, MatchesCentralDifferences) {
  const VJPCase &c = GetParam();
  std::string source = withElementType(c.ir, "f64");
  OwningOpRef<ModuleOp> forward = parseSourceString<ModuleOp>(source, &context);
  ASSERT_TRUE(forward) << source;
  auto mainFn = forward->lookupSymbol<func::FuncOp>("main");
  auto resultType = cast<RankedTensorType>(mainFn.getResultTypes()[0]);
  SmallVector<unsigned> wrt;
  for (unsigned i = 0; i < mainFn.getNumArguments(); ++i)
    wrt.push_back(i);

  // The VJP function as the module's entry.
  OwningOpRef<ModuleOp> backward = forward->clone();
  auto f = backward->lookupSymbol<func::FuncOp>("main");
  FailureOr<func::FuncOp> grad = qc::buildGradientFunction(f, wrt, "main_grad");
  ASSERT_TRUE(succeeded(grad));
  f.erase();
  grad->setName("main");
  grad->setPublic();
  bool seeded = resultType.getNumElements() == 1;

  std::mt19937 rng(1234);
  std::vector<quantc::HostTensor> inputs;
  for (auto [j, type] : llvm::enumerate(mainFn.getArgumentTypes()))
    inputs.push_back(
        gridTensor(cast<RankedTensorType>(type), j, c.positive, rng));
  quantc::HostTensor dy = quantc::HostTensor::zeros(
      quantc::DType::F64, std::vector<int64_t>(resultType.getShape()));
  std::uniform_real_distribution<double> uniform(-1.0, 1.0);
  for (int64_t i = 0; i < dy.numElements(); ++i)
    dy.as<double>()[i] = seeded ? 1.0 : uniform(rng);

  std::unique_ptr<quantc::LoadedModel> fModel = compile(*forward);
  std::unique_ptr<quantc::LoadedModel> gModel = compile(*backward);
  ASSERT_TRUE(fModel && gModel);

  std::vector<quantc::HostTensor> gInputs = inputs;
  if (!seeded)
    gInputs.push_back(dy);
  std::vector<quantc::HostTensor> gOut = gModel->makeOutputs();
  std::string error;
  ASSERT_TRUE(gModel->run(gInputs, gOut, error)) << error;
  ASSERT_EQ(gOut.size(), inputs.size() + 1);

  auto loss = [&](const std::vector<quantc::HostTensor> &x) {
    std::vector<quantc::HostTensor> out = fModel->makeOutputs();
    std::string err;
    EXPECT_TRUE(fModel->run(x, out, err)) << err;
    double l = 0;
    for (int64_t i = 0; i < dy.numElements(); ++i)
      l += dy.as<double>()[i] * out[0].as<double>()[i];
    return l;
  };
  // The forward result of the gradient function is the forward's.
  std::vector<quantc::HostTensor> fOut = fModel->makeOutputs();
  ASSERT_TRUE(fModel->run(inputs, fOut, error)) << error;
  for (int64_t i = 0; i < dy.numElements(); ++i)
    EXPECT_NEAR(gOut[0].as<double>()[i], fOut[0].as<double>()[i], 1e-12);

  const double h = 1e-5;
  for (size_t a = 0; a < inputs.size(); ++a) {
    for (int64_t i = 0; i < inputs[a].numElements(); ++i) {
      std::vector<quantc::HostTensor> x = inputs;
      double x0 = inputs[a].as<double>()[i];
      x[a].as<double>()[i] = x0 + h;
      double lp = loss(x);
      x[a].as<double>()[i] = x0 - h;
      double lm = loss(x);
      double expected = (lp - lm) / (2 * h);
      double actual = gOut[a + 1].as<double>()[i];
      EXPECT_NEAR(actual, expected, 1e-6 * std::max(1.0, std::fabs(expected)))
          << "argument " << a << " element " << i;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllRules, VJPTest, ::testing::ValuesIn(kCases),
                         [](const auto &info) {
                           return std::string(info.param.name);
                         });

} // namespace
