//===- ConstantUtilsTest.cpp - Reading and making constants ---------------===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#include "quantc/Dialect/QC/IR/ConstantUtils.h"
#include "quantc/Dialect/QC/IR/QCOps.h"

#include "mlir/IR/MLIRContext.h"

#include "gtest/gtest.h"

using namespace mlir;
using namespace mlir::qc;

TEST(ConstantUtils, SmallTensorsStayLiteral) {
  MLIRContext ctx;
  Builder b(&ctx);
  auto type = RankedTensorType::get({4}, b.getF32Type());
  ElementsAttr a = makeF32ElementsAttr(type, {1, 2, 3, 4}, "x");
  EXPECT_TRUE(isa<DenseElementsAttr>(a));
  auto v = getF32Values(a);
  ASSERT_TRUE(v);
  EXPECT_EQ(*v, (std::vector<float>{1, 2, 3, 4}));
}

TEST(ConstantUtils, LargeTensorsBecomeResources) {
  MLIRContext ctx;
  Builder b(&ctx);
  std::vector<float> values(100);
  for (int i = 0; i < 100; ++i)
    values[i] = i * 0.5f;
  auto type = RankedTensorType::get({10, 10}, b.getF32Type());
  ElementsAttr a = makeF32ElementsAttr(type, values, "w");
  EXPECT_TRUE(isa<DenseResourceElementsAttr>(a));
  auto d = getValuesAsDouble(a);
  ASSERT_TRUE(d);
  EXPECT_DOUBLE_EQ((*d)[99], 49.5);
  // A large splat stays a (cheap) literal.
  ElementsAttr s =
      makeF32ElementsAttr(type, std::vector<float>(100, 1.0f), "splat");
  EXPECT_TRUE(isa<DenseElementsAttr>(s));
  EXPECT_TRUE(isSplatOf(s, 1.0));
}

TEST(ConstantUtils, IntegerSignedness) {
  MLIRContext ctx;
  Builder b(&ctx);
  auto i8 = RankedTensorType::get({3}, b.getIntegerType(8));
  auto u8 = RankedTensorType::get({3}, b.getIntegerType(8, false));
  ElementsAttr s = makeElementsAttrFromInts(i8, {-1, 0, 127}, "s");
  ElementsAttr u = makeElementsAttrFromInts(u8, {255, 0, 128}, "u");
  EXPECT_EQ(*getValuesAsInt(s), (std::vector<int64_t>{-1, 0, 127}));
  EXPECT_EQ(*getValuesAsInt(u), (std::vector<int64_t>{255, 0, 128}));
  auto i1 = RankedTensorType::get({2}, b.getI1Type());
  EXPECT_EQ(*getValuesAsInt(makeElementsAttrFromInts(i1, {1, 0}, "b")),
            (std::vector<int64_t>{1, 0}));
}
