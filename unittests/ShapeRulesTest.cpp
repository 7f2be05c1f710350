//===- ShapeRulesTest.cpp - qc shape rules --------------------------------===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#include "quantc/Dialect/QC/IR/QCOps.h"
#include "quantc/Dialect/QC/Utils/ShapeRules.h"

#include "gtest/gtest.h"

using namespace mlir;
using namespace mlir::qc;

TEST(ShapeRules, Broadcast) {
  auto r = broadcastShapes({1, 8, 4, 4}, {8, 1, 1});
  ASSERT_TRUE(succeeded(r));
  EXPECT_EQ(*r, (SmallVector<int64_t>{1, 8, 4, 4}));
  r = broadcastShapes({3, 1}, {1, 5});
  ASSERT_TRUE(succeeded(r));
  EXPECT_EQ(*r, (SmallVector<int64_t>{3, 5}));
  EXPECT_TRUE(failed(broadcastShapes({3}, {4})));
  r = broadcastShapes({}, {2, 2});
  ASSERT_TRUE(succeeded(r));
  EXPECT_EQ(*r, (SmallVector<int64_t>{2, 2}));
}

TEST(ShapeRules, SlidingWindow) {
  // floor((H + pads - d*(k-1) - 1) / s) + 1
  EXPECT_EQ(slidingWindowOutputSize(224, 3, 2, 1, 1, 1, false), 112);
  EXPECT_EQ(slidingWindowOutputSize(5, 2, 2, 0, 0, 1, false), 2);
  // ceil_mode adds a window that starts inside the input...
  EXPECT_EQ(slidingWindowOutputSize(5, 2, 2, 0, 0, 1, true), 3);
  // ...but not one that would start in the right padding only.
  EXPECT_EQ(slidingWindowOutputSize(4, 2, 2, 0, 1, 1, true), 2);
  EXPECT_EQ(slidingWindowOutputSize(7, 3, 1, 0, 0, 2, false), 3);
  EXPECT_LT(slidingWindowOutputSize(2, 5, 1, 0, 0, 1, false), 1);
}

TEST(ShapeRules, Conv2D) {
  std::string why;
  auto r = inferConv2DShape({1, 3, 224, 224}, {32, 3, 3, 3}, {2, 2}, {1, 1},
                            {1, 1, 1, 1}, 1, Layout::NCHW, why);
  ASSERT_TRUE(succeeded(r)) << why;
  EXPECT_EQ(*r, (SmallVector<int64_t>{1, 32, 112, 112}));
  // Depthwise NHWC: filter OHWI with I = C / groups = 1.
  r = inferConv2DShape({1, 112, 112, 32}, {32, 3, 3, 1}, {1, 1}, {1, 1},
                       {1, 1, 1, 1}, 32, Layout::NHWC, why);
  ASSERT_TRUE(succeeded(r)) << why;
  EXPECT_EQ(*r, (SmallVector<int64_t>{1, 112, 112, 32}));
  EXPECT_TRUE(failed(inferConv2DShape({1, 3, 8, 8}, {4, 2, 3, 3}, {1, 1},
                                      {1, 1}, {0, 0, 0, 0}, 1, Layout::NCHW,
                                      why)));
  EXPECT_NE(why.find("filter input channels"), std::string::npos);
}

TEST(ShapeRules, MatMul) {
  std::string why;
  auto r = inferMatMulShape({2, 1, 3, 4}, {5, 4, 6}, why);
  ASSERT_TRUE(succeeded(r)) << why;
  EXPECT_EQ(*r, (SmallVector<int64_t>{2, 5, 3, 6}));
  r = inferMatMulShape({4}, {4, 6}, why);
  ASSERT_TRUE(succeeded(r));
  EXPECT_EQ(*r, (SmallVector<int64_t>{6}));
  r = inferMatMulShape({3, 4}, {4}, why);
  ASSERT_TRUE(succeeded(r));
  EXPECT_EQ(*r, (SmallVector<int64_t>{3}));
  EXPECT_TRUE(failed(inferMatMulShape({3, 4}, {5, 6}, why)));
}
