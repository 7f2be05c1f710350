//===- ShapeRules.h - qc result shapes --------------------------*- C++ -*-===//
//
// Part of the quantc project.
//
// The shape rules of docs/dialect.md, shared by the verifiers, the ONNX
// legalizer, the rewrites and the integer reference.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_DIALECT_QC_UTILS_SHAPERULES_H
#define QUANTC_DIALECT_QC_UTILS_SHAPERULES_H

#include "quantc/Dialect/QC/IR/QCEnums.h"

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallVector.h"

#include <string>
#include <vector>

namespace mlir {
namespace qc {

/// Numpy (multidirectional) broadcast of two static shapes; failure when a
/// pair of dimensions is neither equal nor 1.
FailureOr<SmallVector<int64_t>> broadcastShapes(ArrayRef<int64_t> lhs,
                                                ArrayRef<int64_t> rhs);

/// Output extent of a sliding window: input `size`, window `kernel` with
/// `dilation`, `stride`, padding `padLo` + `padHi`; with `ceilMode` windows
/// that start inside the padded input count (PyTorch/ONNX semantics).
/// Returns a value < 1 when no window fits.
int64_t slidingWindowOutputSize(int64_t size, int64_t kernel, int64_t stride,
                                int64_t padLo, int64_t padHi, int64_t dilation,
                                bool ceilMode);

/// Output extent of a transposed window (qc.conv_transpose2d, ONNX
/// ConvTranspose): (size - 1) * stride - padLo - padHi
/// + dilation * (kernel - 1) + outputPadding + 1; < 1 when the pads leave
/// nothing.
int64_t transposedWindowOutputSize(int64_t size, int64_t kernel, int64_t stride,
                                   int64_t padLo, int64_t padHi,
                                   int64_t dilation, int64_t outputPadding);

/// Result shape of qc.conv2d for `layout` (filter OIHW for NCHW, OHWI for
/// NHWC); failure with a message in `why` when the operands disagree.
FailureOr<SmallVector<int64_t>>
inferConv2DShape(ArrayRef<int64_t> input, ArrayRef<int64_t> filter,
                 ArrayRef<int64_t> strides, ArrayRef<int64_t> dilations,
                 ArrayRef<int64_t> pads, int64_t groups, Layout layout,
                 std::string &why);

/// Result shape of numpy.matmul; failure with a message in `why`.
FailureOr<SmallVector<int64_t>> inferMatMulShape(ArrayRef<int64_t> lhs,
                                                 ArrayRef<int64_t> rhs,
                                                 std::string &why);

/// Result shape of a 2-d pooling op; failure with a message in `why`.
FailureOr<SmallVector<int64_t>>
inferPool2DShape(ArrayRef<int64_t> input, ArrayRef<int64_t> kernel,
                 ArrayRef<int64_t> strides, ArrayRef<int64_t> pads,
                 ArrayRef<int64_t> dilations, bool ceilMode, Layout layout,
                 std::string &why);

/// Result shape of a reduction over `axes`.
SmallVector<int64_t> inferReduceShape(ArrayRef<int64_t> input,
                                      ArrayRef<int64_t> axes, bool keepdims);

/// The (spatial) dimension indices of H and W and of the channel for a
/// 4-d activation in `layout`.
struct LayoutDims {
  int64_t n, c, h, w;
};
LayoutDims getLayoutDims(Layout layout);

/// Number of input elements each window of a 2-d average pool averages
/// (row-major [oh][ow]): explicit padding counts only with
/// `countIncludePad`, the extension ceil_mode adds never does.
std::vector<int64_t> poolWindowCounts(int64_t h, int64_t w, int64_t oh,
                                      int64_t ow, ArrayRef<int64_t> kernel,
                                      ArrayRef<int64_t> strides,
                                      ArrayRef<int64_t> pads,
                                      bool countIncludePad);

} // namespace qc
} // namespace mlir

#endif // QUANTC_DIALECT_QC_UTILS_SHAPERULES_H
