//===- Tensor.h - Host tensors and their file formats -----------*- C++ -*-===//
//
// Part of the quantc project.
//
// A host tensor (element type, shape, bytes) and readers/writers for the
// formats quantc's tools exchange: numpy .npy and .npz, and ONNX
// TensorProto .pb files. Plain C++ with no LLVM dependency, so quantc-run
// and the tests link it without the compiler.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_SUPPORT_TENSOR_H
#define QUANTC_SUPPORT_TENSOR_H

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace onnx {
class TensorProto;
} // namespace onnx

namespace quantc {

/// Element types, numbered as ONNX's TensorProto.DataType (and the artifact
/// ABI, quantc_runtime.h).
enum class DType : int32_t {
  Invalid = 0,
  F32 = 1,
  U8 = 2,
  I8 = 3,
  U16 = 4,
  I16 = 5,
  I32 = 6,
  I64 = 7,
  Bool = 9,
  F16 = 10,
  F64 = 11,
  U32 = 12,
  U64 = 13,
  BF16 = 16,
};

/// Size in bytes of one element; 0 for Invalid or unsupported codes.
size_t dtypeSize(DType dtype);
/// numpy-style name ("float32", "uint8", ...).
const char *dtypeName(DType dtype);
/// DType from an ONNX TensorProto.DataType code (Invalid when unsupported).
DType dtypeFromONNX(int32_t code);

/// A dense, row-major tensor in host memory.
struct HostTensor {
  DType dtype = DType::Invalid;
  std::vector<int64_t> shape;
  std::vector<uint8_t> data;

  int64_t numElements() const;
  size_t byteSize() const { return numElements() * dtypeSize(dtype); }
  /// Allocates zeroed storage for `shape`.
  static HostTensor zeros(DType dtype, std::vector<int64_t> shape);
  template <typename T> T *as() { return reinterpret_cast<T *>(data.data()); }
  template <typename T> const T *as() const {
    return reinterpret_cast<const T *>(data.data());
  }
  /// "float32[1x3x224x224]".
  std::string describe() const;
};

/// Readers return false and set `error` (one line, naming the file) on
/// malformed input; they never abort.
bool readNpy(const std::string &path, HostTensor &out, std::string &error);
bool parseNpy(const uint8_t *bytes, size_t size, const std::string &what,
              HostTensor &out, std::string &error);
bool writeNpy(const std::string &path, const HostTensor &tensor,
              std::string &error);

/// Reads every array of an .npz archive (stored or deflated members), in
/// archive order, with their names (without the ".npy" suffix).
bool readNpz(const std::string &path,
             std::vector<std::pair<std::string, HostTensor>> &out,
             std::string &error);

/// Converts a TensorProto (raw_data, typed fields or external data relative
/// to `baseDir`).
bool tensorFromProto(const onnx::TensorProto &proto, const std::string &baseDir,
                     HostTensor &out, std::string &error);
/// Reads a serialized TensorProto file; `name` receives the proto's name.
bool readTensorProtoFile(const std::string &path, HostTensor &out,
                         std::string &error, std::string *name = nullptr);

/// Reads .npy or .pb (by extension; anything else is tried as .npy).
bool readTensorFile(const std::string &path, HostTensor &out,
                    std::string &error);

} // namespace quantc

#endif // QUANTC_SUPPORT_TENSOR_H
