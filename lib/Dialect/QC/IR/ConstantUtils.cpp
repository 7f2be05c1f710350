//===- ConstantUtils.cpp - Reading and making constant tensors ------------===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#include "quantc/Dialect/QC/IR/ConstantUtils.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/APFloat.h"

#include <cstring>

using namespace mlir;

int64_t qc::getElementByteWidth(Type elementType) {
  if (elementType.isInteger(1))
    return 1;
  if (elementType.isIntOrFloat())
    return (elementType.getIntOrFloatBitWidth() + 7) / 8;
  return 0;
}

std::optional<std::vector<char>> qc::getRawBytes(ElementsAttr attr) {
  auto type = cast<ShapedType>(attr.getType());
  Type elementType = type.getElementType();
  int64_t width = getElementByteWidth(elementType);
  if (width == 0 || !type.hasStaticShape())
    return std::nullopt;
  int64_t n = type.getNumElements();
  std::vector<char> bytes(n * width);
  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    if (elementType.isInteger(1)) {
      int64_t i = 0;
      for (bool b : dense.getValues<bool>())
        bytes[i++] = b ? 1 : 0;
      return bytes;
    }
    ArrayRef<char> raw = dense.getRawData();
    if (dense.isSplat()) {
      for (int64_t i = 0; i < n; ++i)
        std::memcpy(bytes.data() + i * width, raw.data(), width);
    } else {
      if ((int64_t)raw.size() != n * width)
        return std::nullopt;
      std::memcpy(bytes.data(), raw.data(), raw.size());
    }
    return bytes;
  }
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr)) {
    const AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return std::nullopt;
    ArrayRef<char> data = blob->getData();
    if ((int64_t)data.size() != n * width)
      return std::nullopt;
    std::memcpy(bytes.data(), data.data(), data.size());
    return bytes;
  }
  return std::nullopt;
}

static double decodeFloat(Type elementType, const char *p) {
  if (elementType.isF32()) {
    float v;
    std::memcpy(&v, p, 4);
    return v;
  }
  if (elementType.isF64()) {
    double v;
    std::memcpy(&v, p, 8);
    return v;
  }
  auto floatType = cast<FloatType>(elementType);
  unsigned bits = floatType.getWidth();
  uint64_t raw = 0;
  std::memcpy(&raw, p, (bits + 7) / 8);
  APFloat value(floatType.getFloatSemantics(), APInt(bits, raw));
  bool lost;
  value.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &lost);
  return value.convertToDouble();
}

static int64_t decodeInt(Type elementType, const char *p) {
  unsigned bits = elementType.getIntOrFloatBitWidth();
  bool isUnsigned = elementType.isUnsignedInteger() || bits == 1;
  switch ((bits + 7) / 8) {
  case 1: {
    uint8_t v = *(const uint8_t *)p;
    return isUnsigned ? (int64_t)v : (int64_t)(int8_t)v;
  }
  case 2: {
    uint16_t v;
    std::memcpy(&v, p, 2);
    return isUnsigned ? (int64_t)v : (int64_t)(int16_t)v;
  }
  case 4: {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return isUnsigned ? (int64_t)v : (int64_t)(int32_t)v;
  }
  default: {
    int64_t v;
    std::memcpy(&v, p, 8);
    return v;
  }
  }
}

/// Every element of `attr`, decoded by `decode(elementType, bytes)`.
template <typename T, typename Decode>
static std::optional<std::vector<T>> decodeElements(ElementsAttr attr,
                                                    Decode decode) {
  auto type = cast<ShapedType>(attr.getType());
  Type elementType = type.getElementType();
  std::optional<std::vector<char>> bytes = qc::getRawBytes(attr);
  if (!bytes)
    return std::nullopt;
  int64_t width = qc::getElementByteWidth(elementType);
  std::vector<T> values(type.getNumElements());
  for (int64_t i = 0, n = values.size(); i < n; ++i)
    values[i] = decode(elementType, bytes->data() + i * width);
  return values;
}

std::optional<std::vector<double>> qc::getValuesAsDouble(ElementsAttr attr) {
  Type elementType = cast<ShapedType>(attr.getType()).getElementType();
  if (isa<FloatType>(elementType))
    return decodeElements<double>(attr, decodeFloat);
  if (isa<IntegerType>(elementType))
    return decodeElements<double>(
        attr, [](Type t, const char *p) { return (double)decodeInt(t, p); });
  return std::nullopt;
}

std::optional<std::vector<int64_t>> qc::getValuesAsInt(ElementsAttr attr) {
  Type elementType = cast<ShapedType>(attr.getType()).getElementType();
  if (isa<FloatType>(elementType)) {
    std::optional<std::vector<double>> d = getValuesAsDouble(attr);
    if (!d)
      return std::nullopt;
    return std::vector<int64_t>(d->begin(), d->end());
  }
  if (!isa<IntegerType>(elementType))
    return std::nullopt;
  return decodeElements<int64_t>(attr, decodeInt);
}

std::optional<std::vector<float>> qc::getF32Values(ElementsAttr attr) {
  auto type = cast<ShapedType>(attr.getType());
  if (!type.getElementType().isF32())
    return std::nullopt;
  std::optional<std::vector<char>> bytes = getRawBytes(attr);
  if (!bytes)
    return std::nullopt;
  std::vector<float> values(type.getNumElements());
  std::memcpy(values.data(), bytes->data(), bytes->size());
  return values;
}

ElementsAttr qc::makeElementsAttr(ShapedType type, ArrayRef<char> bytes,
                                  StringRef nameHint) {
  Type elementType = type.getElementType();
  if (elementType.isInteger(1)) {
    SmallVector<bool> bools(bytes.size());
    for (size_t i = 0; i < bytes.size(); ++i)
      bools[i] = bytes[i] != 0;
    return DenseElementsAttr::get(type, bools);
  }
  if (type.getNumElements() <= kMaxInlineElements)
    return DenseElementsAttr::getFromRawBuffer(type, bytes);
  // Splats stay literal however large: they cost nothing to print.
  int64_t width = getElementByteWidth(elementType);
  bool splat = true;
  for (size_t i = width; i < bytes.size() && splat; i += width)
    splat = std::memcmp(bytes.data(), bytes.data() + i, width) == 0;
  if (splat)
    return DenseElementsAttr::getFromRawBuffer(type, bytes.take_front(width));
  return DenseResourceElementsAttr::get(
      type, nameHint.empty() ? "qc_constant" : nameHint,
      HeapAsmResourceBlob::allocateAndCopyWithAlign(bytes, /*align=*/64));
}

ElementsAttr qc::makeElementsAttrFromDoubles(ShapedType type,
                                             ArrayRef<double> values,
                                             StringRef nameHint) {
  Type elementType = type.getElementType();
  int64_t width = getElementByteWidth(elementType);
  std::vector<char> bytes(values.size() * width);
  for (size_t i = 0; i < values.size(); ++i) {
    char *p = bytes.data() + i * width;
    if (elementType.isF32()) {
      float v = (float)values[i];
      std::memcpy(p, &v, 4);
    } else if (elementType.isF64()) {
      std::memcpy(p, &values[i], 8);
    } else if (auto floatType = dyn_cast<FloatType>(elementType)) {
      APFloat v(values[i]);
      bool lost;
      v.convert(floatType.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                &lost);
      uint64_t raw = v.bitcastToAPInt().getZExtValue();
      std::memcpy(p, &raw, width);
    } else {
      int64_t v = (int64_t)values[i];
      if (elementType.isInteger(1))
        v = v != 0;
      std::memcpy(p, &v, width); // little endian: low bytes first
    }
  }
  return makeElementsAttr(type, bytes, nameHint);
}

ElementsAttr qc::makeElementsAttrFromInts(ShapedType type,
                                          ArrayRef<int64_t> values,
                                          StringRef nameHint) {
  Type elementType = type.getElementType();
  if (isa<FloatType>(elementType)) {
    std::vector<double> d(values.begin(), values.end());
    return makeElementsAttrFromDoubles(type, d, nameHint);
  }
  int64_t width = getElementByteWidth(elementType);
  std::vector<char> bytes(values.size() * width);
  for (size_t i = 0; i < values.size(); ++i) {
    int64_t v = elementType.isInteger(1) ? (values[i] != 0) : values[i];
    std::memcpy(bytes.data() + i * width, &v, width);
  }
  return makeElementsAttr(type, bytes, nameHint);
}

ElementsAttr qc::makeF32ElementsAttr(ShapedType type, ArrayRef<float> values,
                                     StringRef nameHint) {
  return makeElementsAttr(
      type,
      ArrayRef<char>((const char *)values.data(), values.size() * sizeof(float)),
      nameHint);
}

ElementsAttr qc::getConstantTensor(Value value) {
  if (!value)
    return nullptr;
  ElementsAttr attr;
  if (matchPattern(value, m_Constant(&attr)))
    return attr;
  return nullptr;
}

std::optional<std::vector<double>>
qc::getPerChannelValues(Value k, RankedTensorType resultType,
                        int64_t channelDim) {
  ElementsAttr attr = getConstantTensor(k);
  if (!attr)
    return std::nullopt;
  auto type = cast<RankedTensorType>(attr.getType());
  int64_t rank = resultType.getRank(), kr = type.getRank();
  if (kr > rank)
    return std::nullopt;
  int64_t channels = resultType.getDimSize(channelDim);
  // Every dimension but the channel one must be 1 (broadcast).
  for (int64_t i = 0; i < kr; ++i) {
    int64_t d = i + rank - kr;
    if (d != channelDim && type.getDimSize(i) != 1)
      return std::nullopt;
  }
  std::optional<std::vector<double>> values = getValuesAsDouble(attr);
  if (!values)
    return std::nullopt;
  int64_t ci = channelDim - (rank - kr);
  if (ci < 0 || type.getDimSize(ci) == 1)
    return std::vector<double>(channels, (*values)[0]);
  if (type.getDimSize(ci) != channels)
    return std::nullopt;
  return values;
}

bool qc::isSplatOf(ElementsAttr attr, double v) {
  std::optional<std::vector<double>> values = getValuesAsDouble(attr);
  if (!values)
    return false;
  for (double x : *values)
    if (x != v)
      return false;
  return true;
}
