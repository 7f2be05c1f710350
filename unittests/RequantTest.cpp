//===- RequantTest.cpp - qc::buildRequant against the integer reference ---===//
//
// Part of the quantc project.
//
// Bit-exactness of every artifact rests on one builder of the #qc.requant
// arithmetic (quantc/Dialect/QC/Utils/Requant.h) agreeing with quantc-ref
// (lib/Reference). This test compiles requantizations over edge values
// through both of its forms and runs them next to the reference:
//
//   * scalar: qc.rescale, lowered by the reference linalg lowering;
//   * vector: integer qc.matmul, taken by the CPU kernels (their vector
//     epilogue), at the host's width and at AVX2's (pmaddwd, ymm), and by the
//     reference lowering at -O0.
//
// Edge values: the largest and smallest multipliers (+-2^31, 2^30, 1, 0,
// -1), shifts 0, 1, 2, 31, 38 and 62, accumulators at the ends of int32,
// residual codes 0 and 255 with +-2^31 residual multipliers, negative
// multipliers of leaky ReLU, input and output zero points, clamps that
// saturate on both sides, and round-half-up ties.
//
//===----------------------------------------------------------------------===//

#include "quantc/Compiler/Compiler.h"
#include "quantc/Reference/Interpreter.h"
#include "quantc/Support/LoadedModel.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

using namespace mlir;

namespace {

constexpr int64_t kRows = 4, kChannels = 24;
constexpr int64_t kI32Min = INT32_MIN, kI32Max = INT32_MAX;

/// Per-channel multipliers at the edges of int32 (and a few plain ones).
const std::vector<int64_t> kEdgeMultipliers = {
    kI32Max,     kI32Min, 1,           -1,          0,       1 << 30,
    -(1 << 30),  65536,   12345,       -98765,      0x55555555, kI32Max - 1,
    kI32Min + 1, 3,       -3,          1518500250,  7,       -7,
    1 << 20,     -(1 << 20), 1000000007, -1000000007, 2,     -2};

/// Accumulators (rows x channels): the ends of int32, small values around
/// 0 (ties of the low shifts), powers of two and their neighbours.
std::vector<int32_t> accumulators() {
  std::vector<int32_t> v;
  const int64_t row0[] = {kI32Min, kI32Max, 0, 1, -1, 2, -2, 3, -3, 4, -4, 5};
  const int64_t row1[] = {1 << 30,  -(1 << 30), (1 << 30) + 1, -(1 << 30) - 1,
                          kI32Max - 1, kI32Min + 1, 255, -255, 256, -256,
                          127, -128};
  const int64_t row2[] = {6, -6, 7, -7, 10, -10, 1 << 16, -(1 << 16),
                          (1 << 16) + 1, 12345678, -12345678, 99};
  const int64_t row3[] = {kI32Max, kI32Min, kI32Max, kI32Min, 1, -1, 0, 0,
                          1 << 24, -(1 << 24), 3 << 20, -(3 << 20)};
  for (const int64_t *row : {row0, row1, row2, row3})
    for (int64_t c = 0; c < kChannels; ++c)
      v.push_back((int32_t)(c < 12 ? row[c] : -row[23 - c] / 2));
  return v;
}

/// Residual codes: 0 and 255, the middle, and small ones.
std::vector<uint8_t> residualCodes() {
  std::vector<uint8_t> v;
  for (int64_t i = 0; i < kRows * kChannels; ++i) {
    const uint8_t pattern[] = {0, 255, 128, 1, 254, 127, 0, 255, 7};
    v.push_back(pattern[(i * 5 + i / kChannels) % 9]);
  }
  return v;
}

std::string array(const std::vector<int64_t> &values) {
  std::string s = "[";
  for (size_t i = 0; i < values.size(); ++i)
    s += (i ? ", " : "") + std::to_string(values[i]);
  return s + "]";
}

std::vector<int64_t> reversed(std::vector<int64_t> v) {
  return std::vector<int64_t>(v.rbegin(), v.rend());
}

struct Case {
  std::string requant; // the #qc.requant parameters
  std::string result;  // result element type
  bool residual;       // with the residual (addend) term
};

/// The requantizations every form is checked on.
std::vector<Case> cases() {
  auto edge = array(kEdgeMultipliers);
  auto one = array(std::vector<int64_t>(kChannels, 1));
  std::string wide = ", min = -2147483648, max = 2147483647";
  return {
      // Multipliers at the int32 ends, no clamp in reach.
      {"multiplier = " + edge + ", shift = 31, output_zp = 0" + wide, "i32",
       false},
      // The largest shift (2^61 rounding term, |x * m| near 2^62).
      {"multiplier = " + edge + ", shift = 62, output_zp = 0" + wide, "i32",
       false},
      // No shift: every product saturates to the u8 clamp.
      {"multiplier = " + edge + ", shift = 0, output_zp = 128, min = 0, "
       "max = 255",
       "ui8", false},
      // Ties at 1/2 (round half up), an output zero point, the i8 clamp.
      {"multiplier = " + one + ", shift = 1, output_zp = -3, min = -128, "
       "max = 127",
       "i8", false},
      // Ties at 1/4 and 3/4 with an input zero point.
      {"multiplier = " + one + ", shift = 2, input_zp = 1, output_zp = 0" +
           wide,
       "i32", false},
      // Leaky: another multiplier below the input zero point; a clamp
      // inside the u8 range.
      {"multiplier = " + edge + ", neg_multiplier = " +
           array(reversed(kEdgeMultipliers)) +
           ", shift = 31, input_zp = 100, output_zp = 10, min = 5, max = 250",
       "ui8", false},
      // The residual term at its extremes.
      {"multiplier = " + edge + ", shift = 31, output_zp = 0" + wide +
           ", residual_multiplier = 2147483647, residual_zp = 255",
       "i32", true},
      {"multiplier = " + edge + ", shift = 38, output_zp = 3, min = 0, max = "
       "255, residual_multiplier = -2147483648, residual_zp = 0",
       "ui8", true},
      // One multiplier for every channel.
      {"multiplier = [1518500250], shift = 38, output_zp = 0, "
       "min = 0, max = 255, residual_multiplier = 1073741824, residual_zp = 7",
       "ui8", true},
  };
}

std::string tensor(const std::string &element, int64_t rows = kRows) {
  return "tensor<" + std::to_string(rows) + "x" + std::to_string(kChannels) +
         "x" + element + ">";
}

/// @main(acc, residual) returning one qc.rescale per case: the scalar form.
std::string rescaleModule(const std::vector<Case> &all) {
  std::string body, types, results;
  for (size_t i = 0; i < all.size(); ++i) {
    const Case &c = all[i];
    std::string v = "%y" + std::to_string(i);
    body += "  " + v + " = qc.rescale %acc" +
            (c.residual ? ", %r" : std::string()) +
            " {requant = #qc.requant<" + c.requant + ">} : (" +
            tensor("i32") + (c.residual ? ", " + tensor("ui8") : "") +
            ") -> " + tensor(c.result) + "\n";
    types += (i ? ", " : "") + tensor(c.result);
    results += (i ? ", " : "") + v;
  }
  return "func.func @main(%acc: " + tensor("i32") + ", %r: " + tensor("ui8") +
         ") -> (" + types + ") {\n" + body + "  return " + results + " : " +
         types + "\n}\n";
}

/// @main(x, residual) returning one integer qc.matmul per case with an
/// accumulator x * w + bias: the vector form (kernel epilogues). x are the
/// codes {0, 1, 128, 255} of a [4, 1] lhs, w = +-1 per channel, and the
/// biases put the accumulators at the ends of int32.
std::string matmulModule(const std::vector<Case> &all) {
  std::string w, bias;
  const int64_t biases[] = {kI32Min + 255, kI32Max - 255, 0, 1, -1,
                            1 << 30, -(1 << 30), 12345678, -12345678, 2, -2,
                            (1 << 30) - 1};
  for (int64_t c = 0; c < kChannels; ++c) {
    w += (c ? ", " : "") + std::to_string(c % 3 == 2 ? -1 : 1);
    int64_t b = biases[c % 12];
    bias += (c ? ", " : "") + std::to_string(c < 12 ? b : -b / 3);
  }
  std::string body = "  %w = qc.constant dense<[[" + w + "]]> : tensor<1x" +
                     std::to_string(kChannels) + "xi8>\n" +
                     "  %b = qc.constant dense<[" + bias + "]> : tensor<" +
                     std::to_string(kChannels) + "xi32>\n";
  std::string types, results;
  int n = 0;
  for (const Case &c : all) {
    // Kernels requantize to u8 codes or i32 (model outputs); i8 results
    // are not a contraction's.
    if (c.result == "i8")
      continue;
    std::string v = "%y" + std::to_string(n);
    body += "  " + v + " = qc.matmul %x, %w, %b" +
            (c.residual ? " residual(%r)" : std::string()) +
            " {requant = #qc.requant<" + c.requant + ">} : (tensor<" +
            std::to_string(kRows) + "x1xui8>, tensor<1x" +
            std::to_string(kChannels) + "xi8>, tensor<" +
            std::to_string(kChannels) + "xi32>" +
            (c.residual ? ", " + tensor("ui8") : "") + ") -> " +
            tensor(c.result) + "\n";
    types += (n ? ", " : "") + tensor(c.result);
    results += (n ? ", " : "") + v;
    ++n;
  }
  return "func.func @main(%x: tensor<" + std::to_string(kRows) +
         "x1xui8>, %r: " + tensor("ui8") + ") -> (" + types + ") {\n" + body +
         "  return " + results + " : " + types + "\n}\n";
}

quantc::HostTensor hostTensor(quantc::DType dtype, std::vector<int64_t> shape,
                              const void *data) {
  quantc::HostTensor t = quantc::HostTensor::zeros(dtype, std::move(shape));
  std::memcpy(t.data.data(), data, t.byteSize());
  return t;
}

class RequantTest : public ::testing::Test {
protected:
  RequantTest() {
    DialectRegistry registry;
    quantc::registerAllQuantc(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
  }

  /// Compiles `source` with `options` and runs it on `inputs`; every output
  /// must equal quantc-ref's on the same module.
  void expectEqualToReference(const std::string &source,
                              const quantc::CompileOptions &options,
                              const std::vector<quantc::HostTensor> &inputs) {
    OwningOpRef<ModuleOp> module =
        parseSourceString<ModuleOp>(source, &context);
    ASSERT_TRUE(module) << source;
    std::string error;
    std::vector<quantc::HostTensor> expected;
    ASSERT_TRUE(quantc::interpret(module->lookupSymbol<func::FuncOp>("main"),
                                  inputs, expected, error))
        << error;

    OwningOpRef<ModuleOp> copy = module->clone();
    std::unique_ptr<quantc::LoadedModel> model =
        quantc::compileToLoadedModel(*copy, options, 1, error);
    ASSERT_TRUE(model) << error;
    std::vector<quantc::HostTensor> outputs = model->makeOutputs();
    ASSERT_TRUE(model->run(inputs, outputs, error)) << error;
    ASSERT_EQ(outputs.size(), expected.size());
    for (size_t k = 0; k < outputs.size(); ++k) {
      ASSERT_EQ(outputs[k].dtype, expected[k].dtype) << "output " << k;
      ASSERT_EQ(outputs[k].data.size(), expected[k].data.size());
      size_t width = quantc::dtypeSize(outputs[k].dtype);
      for (size_t i = 0; i < outputs[k].data.size(); i += width)
        ASSERT_EQ(std::memcmp(&outputs[k].data[i], &expected[k].data[i],
                              width),
                  0)
            << "output " << k << " element " << i / width << " (-O"
            << options.optLevel << ", " << options.cpu << ")";
    }
  }

  MLIRContext context;
};

TEST_F(RequantTest, ScalarFormMatchesReference) {
  std::vector<int32_t> acc = accumulators();
  std::vector<uint8_t> r = residualCodes();
  quantc::CompileOptions options;
  expectEqualToReference(
      rescaleModule(cases()), options,
      {hostTensor(quantc::DType::I32, {kRows, kChannels}, acc.data()),
       hostTensor(quantc::DType::U8, {kRows, kChannels}, r.data())});
}

TEST_F(RequantTest, VectorFormMatchesReference) {
  const uint8_t x[kRows] = {0, 1, 128, 255};
  std::vector<uint8_t> r = residualCodes();
  std::vector<quantc::HostTensor> inputs = {
      hostTensor(quantc::DType::U8, {kRows, 1}, x),
      hostTensor(quantc::DType::U8, {kRows, kChannels}, r.data())};
  std::string source = matmulModule(cases());
  quantc::CompileOptions host; // the host's vector width and dot product
  expectEqualToReference(source, host, inputs);
  quantc::CompileOptions avx2; // ymm, pmaddwd
  avx2.cpu = "x86-64-v3";
  expectEqualToReference(source, avx2, inputs);
  quantc::CompileOptions reference; // the linalg lowering's epilogue
  reference.optLevel = 0;
  expectEqualToReference(source, reference, inputs);
}

/// The matmuls above do reach the CPU kernels (else the vector form would
/// go untested).
TEST_F(RequantTest, MatmulsTakeTheKernels) {
  OwningOpRef<ModuleOp> module =
      parseSourceString<ModuleOp>(matmulModule(cases()), &context);
  ASSERT_TRUE(module);
  PassManager pm(&context);
  quantc::buildLinalgPipeline(pm, quantc::CompileOptions());
  ASSERT_TRUE(succeeded(pm.run(*module)));
  int kernels = 0;
  module->walk([&](Operation *op) {
    kernels += op->getName().getStringRef() == "qck.matmul";
  });
  EXPECT_EQ(kernels, 8);
}

} // namespace
