//===- ShapeRules.cpp - qc result shapes ----------------------------------===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#include "quantc/Dialect/QC/Utils/ShapeRules.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::qc;

FailureOr<SmallVector<int64_t>> qc::broadcastShapes(ArrayRef<int64_t> lhs,
                                                    ArrayRef<int64_t> rhs) {
  size_t rank = std::max(lhs.size(), rhs.size());
  SmallVector<int64_t> result(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t a = i < rank - lhs.size() ? 1 : lhs[i - (rank - lhs.size())];
    int64_t b = i < rank - rhs.size() ? 1 : rhs[i - (rank - rhs.size())];
    if (a == b || b == 1)
      result[i] = a;
    else if (a == 1)
      result[i] = b;
    else
      return failure();
  }
  return result;
}

int64_t qc::slidingWindowOutputSize(int64_t size, int64_t kernel,
                                    int64_t stride, int64_t padLo,
                                    int64_t padHi, int64_t dilation,
                                    bool ceilMode) {
  int64_t effective = dilation * (kernel - 1) + 1;
  int64_t span = size + padLo + padHi - effective;
  if (span < 0)
    return 0;
  int64_t out = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1;
  // With ceil_mode the last window must start inside the input or left pad.
  if (ceilMode && (out - 1) * stride >= size + padLo)
    --out;
  return out;
}

LayoutDims qc::getLayoutDims(Layout layout) {
  if (layout == Layout::NCHW)
    return {0, 1, 2, 3};
  return {0, 3, 1, 2};
}

int64_t qc::transposedWindowOutputSize(int64_t size, int64_t kernel,
                                       int64_t stride, int64_t padLo,
                                       int64_t padHi, int64_t dilation,
                                       int64_t outputPadding) {
  return (size - 1) * stride - padLo - padHi + dilation * (kernel - 1) +
         outputPadding + 1;
}

FailureOr<SmallVector<int64_t>>
qc::inferConv2DShape(ArrayRef<int64_t> input, ArrayRef<int64_t> filter,
                     ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations,
                     ArrayRef<int64_t> pads, int64_t groups, Layout layout,
                     std::string &why) {
  if (input.size() != 4 || filter.size() != 4) {
    why = "expected 4-d input and filter";
    return failure();
  }
  LayoutDims d = getLayoutDims(layout);
  // Filter dims: NCHW -> OIHW, NHWC -> OHWI.
  int64_t fO = filter[0];
  int64_t fI = layout == Layout::NCHW ? filter[1] : filter[3];
  int64_t kh = layout == Layout::NCHW ? filter[2] : filter[1];
  int64_t kw = layout == Layout::NCHW ? filter[3] : filter[2];
  int64_t c = input[d.c];
  if (groups < 1 || c % groups != 0 || fO % groups != 0) {
    why = "expected groups (" + std::to_string(groups) +
          ") to divide input channels (" + std::to_string(c) +
          ") and output channels (" + std::to_string(fO) + ")";
    return failure();
  }
  if (fI * groups != c) {
    why = "expected filter input channels (" + std::to_string(fI) +
          ") * groups (" + std::to_string(groups) +
          ") to equal input channels (" + std::to_string(c) + ")";
    return failure();
  }
  int64_t oh = slidingWindowOutputSize(input[d.h], kh, strides[0], pads[0],
                                       pads[2], dilations[0], false);
  int64_t ow = slidingWindowOutputSize(input[d.w], kw, strides[1], pads[1],
                                       pads[3], dilations[1], false);
  if (oh < 1 || ow < 1) {
    why = "expected the (dilated) kernel to fit in the padded input";
    return failure();
  }
  SmallVector<int64_t> result(4);
  result[d.n] = input[d.n];
  result[d.c] = fO;
  result[d.h] = oh;
  result[d.w] = ow;
  return result;
}

FailureOr<SmallVector<int64_t>> qc::inferMatMulShape(ArrayRef<int64_t> lhs,
                                                     ArrayRef<int64_t> rhs,
                                                     std::string &why) {
  if (lhs.empty() || rhs.empty()) {
    why = "expected operands of rank >= 1";
    return failure();
  }
  SmallVector<int64_t> a(lhs), b(rhs);
  bool lhsVector = a.size() == 1, rhsVector = b.size() == 1;
  if (lhsVector)
    a.insert(a.begin(), 1);
  if (rhsVector)
    b.push_back(1);
  int64_t k1 = a.back(), k2 = b[b.size() - 2];
  if (k1 != k2) {
    why = "expected contracted dimensions to match (" + std::to_string(k1) +
          " vs " + std::to_string(k2) + ")";
    return failure();
  }
  FailureOr<SmallVector<int64_t>> batch = broadcastShapes(
      ArrayRef<int64_t>(a).drop_back(2), ArrayRef<int64_t>(b).drop_back(2));
  if (failed(batch)) {
    why = "expected broadcastable batch dimensions";
    return failure();
  }
  SmallVector<int64_t> result(*batch);
  if (!lhsVector)
    result.push_back(a[a.size() - 2]);
  if (!rhsVector)
    result.push_back(b.back());
  return result;
}

FailureOr<SmallVector<int64_t>>
qc::inferPool2DShape(ArrayRef<int64_t> input, ArrayRef<int64_t> kernel,
                     ArrayRef<int64_t> strides, ArrayRef<int64_t> pads,
                     ArrayRef<int64_t> dilations, bool ceilMode, Layout layout,
                     std::string &why) {
  if (input.size() != 4) {
    why = "expected a 4-d input";
    return failure();
  }
  LayoutDims d = getLayoutDims(layout);
  int64_t oh =
      slidingWindowOutputSize(input[d.h], kernel[0], strides[0], pads[0],
                              pads[2], dilations[0], ceilMode);
  int64_t ow =
      slidingWindowOutputSize(input[d.w], kernel[1], strides[1], pads[1],
                              pads[3], dilations[1], ceilMode);
  if (oh < 1 || ow < 1) {
    why = "expected the (dilated) window to fit in the padded input";
    return failure();
  }
  SmallVector<int64_t> result(input);
  result[d.h] = oh;
  result[d.w] = ow;
  return result;
}

SmallVector<int64_t> qc::inferReduceShape(ArrayRef<int64_t> input,
                                          ArrayRef<int64_t> axes,
                                          bool keepdims) {
  SmallVector<int64_t> result;
  for (auto [i, dim] : llvm::enumerate(input)) {
    if (llvm::is_contained(axes, (int64_t)i)) {
      if (keepdims)
        result.push_back(1);
    } else {
      result.push_back(dim);
    }
  }
  return result;
}

std::vector<int64_t> qc::poolWindowCounts(int64_t h, int64_t w, int64_t oh,
                                          int64_t ow, ArrayRef<int64_t> k,
                                          ArrayRef<int64_t> s,
                                          ArrayRef<int64_t> pads,
                                          bool countPad) {
  std::vector<int64_t> counts(oh * ow);
  for (int64_t y = 0; y < oh; ++y)
    for (int64_t x = 0; x < ow; ++x) {
      int64_t y0 = y * s[0] - pads[0], x0 = x * s[1] - pads[1];
      int64_t y1 = y0 + k[0], x1 = x0 + k[1];
      int64_t ylo = std::max<int64_t>(y0, countPad ? -pads[0] : 0);
      int64_t yhi = std::min<int64_t>(y1, countPad ? h + pads[2] : h);
      int64_t xlo = std::max<int64_t>(x0, countPad ? -pads[1] : 0);
      int64_t xhi = std::min<int64_t>(x1, countPad ? w + pads[3] : w);
      counts[y * ow + x] =
          std::max<int64_t>(0, yhi - ylo) * std::max<int64_t>(0, xhi - xlo);
    }
  return counts;
}
