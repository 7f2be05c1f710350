//===- ConstantUtils.h - Reading and making constant tensors ----*- C++ -*-===//
//
// Part of the quantc project.
//
// Weights live in `dense_resource` blobs, small constants in `dense`
// literals. These helpers read and write both kinds uniformly, so folders
// and rewrites never care which one they got.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_DIALECT_QC_IR_CONSTANTUTILS_H
#define QUANTC_DIALECT_QC_IR_CONSTANTUTILS_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Value.h"

#include <optional>
#include <vector>

namespace mlir {
namespace qc {

/// Tensors with more elements than this become `dense_resource` blobs.
constexpr int64_t kMaxInlineElements = 32;

/// The element values of `attr` widened to double (float element types) or
/// int64 (integer element types, sign- or zero-extended by signedness).
/// std::nullopt when the attribute's data cannot be read (e.g. a resource
/// blob that was never loaded) or the element type is not int/float.
std::optional<std::vector<double>> getValuesAsDouble(ElementsAttr attr);
std::optional<std::vector<int64_t>> getValuesAsInt(ElementsAttr attr);

/// Float32 data of an f32 tensor attribute.
std::optional<std::vector<float>> getF32Values(ElementsAttr attr);

/// The raw, row-major bytes of every element (splats expanded).
std::optional<std::vector<char>> getRawBytes(ElementsAttr attr);

/// Makes an attribute of `type` from raw row-major bytes: a `dense` literal
/// for small tensors, a `dense_resource` blob named after `nameHint`
/// otherwise.
ElementsAttr makeElementsAttr(ShapedType type, ArrayRef<char> bytes,
                              StringRef nameHint);

/// Typed conveniences over makeElementsAttr. `values` are converted to the
/// element type of `type` (float or integer).
ElementsAttr makeElementsAttrFromDoubles(ShapedType type,
                                         ArrayRef<double> values,
                                         StringRef nameHint);
ElementsAttr makeElementsAttrFromInts(ShapedType type, ArrayRef<int64_t> values,
                                      StringRef nameHint);
ElementsAttr makeF32ElementsAttr(ShapedType type, ArrayRef<float> values,
                                 StringRef nameHint);

/// The constant tensor attribute that defines `value` (qc.constant or
/// anything ConstantLike that folds to an ElementsAttr), or null.
ElementsAttr getConstantTensor(Value value);

/// If `k` is a constant whose broadcast to `resultType` varies only along
/// `channelDim`, its values per channel of that dimension (a splat gives
/// the same value for each); std::nullopt otherwise.
std::optional<std::vector<double>>
getPerChannelValues(Value k, RankedTensorType resultType, int64_t channelDim);

/// True when `attr` has every element equal to `v`.
bool isSplatOf(ElementsAttr attr, double v);

/// Byte width of an int or float element type (i1 counts as one byte).
int64_t getElementByteWidth(Type elementType);

} // namespace qc
} // namespace mlir

#endif // QUANTC_DIALECT_QC_IR_CONSTANTUTILS_H
