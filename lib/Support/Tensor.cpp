//===- Tensor.cpp - Host tensors and their file formats -------------------===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#include "quantc/Support/Tensor.h"

#include "onnx/onnx_pb.h"

#include <zlib.h>

#include <cstring>
#include <fstream>
#include <sstream>

using namespace quantc;

namespace {
struct DTypeInfo {
  DType dtype;
  const char *name;
  size_t size;
};
/// Every supported element type: its numpy name and its size in bytes.
constexpr DTypeInfo kDTypes[] = {
    {DType::F32, "float32", 4},   {DType::U8, "uint8", 1},
    {DType::I8, "int8", 1},       {DType::U16, "uint16", 2},
    {DType::I16, "int16", 2},     {DType::I32, "int32", 4},
    {DType::I64, "int64", 8},     {DType::Bool, "bool", 1},
    {DType::F16, "float16", 2},   {DType::F64, "float64", 8},
    {DType::U32, "uint32", 4},    {DType::U64, "uint64", 8},
    {DType::BF16, "bfloat16", 2},
};

const DTypeInfo *infoOf(DType dtype) {
  for (const DTypeInfo &info : kDTypes)
    if (info.dtype == dtype)
      return &info;
  return nullptr;
}
} // namespace

size_t quantc::dtypeSize(DType dtype) {
  const DTypeInfo *info = infoOf(dtype);
  return info ? info->size : 0;
}

const char *quantc::dtypeName(DType dtype) {
  const DTypeInfo *info = infoOf(dtype);
  return info ? info->name : "invalid";
}

DType quantc::dtypeFromONNX(int32_t code) {
  DType d = static_cast<DType>(code);
  return dtypeSize(d) ? d : DType::Invalid;
}

int64_t HostTensor::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

HostTensor HostTensor::zeros(DType dtype, std::vector<int64_t> shape) {
  HostTensor t;
  t.dtype = dtype;
  t.shape = std::move(shape);
  t.data.assign(t.byteSize(), 0);
  return t;
}

std::string HostTensor::describe() const {
  std::string s = dtypeName(dtype);
  s += "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? "x" : "") + std::to_string(shape[i]);
  return s + "]";
}

static bool readFile(const std::string &path, std::vector<uint8_t> &bytes,
                     std::string &error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot open file";
    return false;
  }
  bytes.assign(std::istreambuf_iterator<char>(in),
               std::istreambuf_iterator<char>());
  return true;
}

//===----------------------------------------------------------------------===//
// .npy
//===----------------------------------------------------------------------===//

static DType dtypeFromDescr(const std::string &descr) {
  if (descr.size() < 3)
    return DType::Invalid;
  char order = descr[0];
  // Big-endian data would need swapping; refuse rather than misread it.
  if (order == '>')
    return DType::Invalid;
  std::string code = descr.substr(1);
  if (code == "f4")
    return DType::F32;
  if (code == "f8")
    return DType::F64;
  if (code == "f2")
    return DType::F16;
  if (code == "u1")
    return DType::U8;
  if (code == "i1")
    return DType::I8;
  if (code == "b1")
    return DType::Bool;
  if (code == "i2")
    return DType::I16;
  if (code == "u2")
    return DType::U16;
  if (code == "i4")
    return DType::I32;
  if (code == "u4")
    return DType::U32;
  if (code == "i8")
    return DType::I64;
  if (code == "u8")
    return DType::U64;
  return DType::Invalid;
}

static const char *descrFromDType(DType d) {
  switch (d) {
  case DType::F32:
    return "<f4";
  case DType::F64:
    return "<f8";
  case DType::F16:
    return "<f2";
  case DType::U8:
    return "|u1";
  case DType::I8:
    return "|i1";
  case DType::Bool:
    return "|b1";
  case DType::I16:
    return "<i2";
  case DType::U16:
    return "<u2";
  case DType::I32:
    return "<i4";
  case DType::U32:
    return "<u4";
  case DType::I64:
    return "<i8";
  case DType::U64:
    return "<u8";
  default:
    return nullptr;
  }
}

/// Finds the value text after 'key': in a numpy header dict.
static bool headerField(const std::string &header, const std::string &key,
                        std::string &value) {
  size_t k = header.find("'" + key + "'");
  if (k == std::string::npos)
    return false;
  size_t colon = header.find(':', k);
  if (colon == std::string::npos)
    return false;
  size_t start = header.find_first_not_of(' ', colon + 1);
  if (start == std::string::npos)
    return false;
  if (header[start] == '(') {
    size_t end = header.find(')', start);
    if (end == std::string::npos)
      return false;
    value = header.substr(start + 1, end - start - 1);
  } else if (header[start] == '\'') {
    size_t end = header.find('\'', start + 1);
    if (end == std::string::npos)
      return false;
    value = header.substr(start + 1, end - start - 1);
  } else {
    size_t end = header.find_first_of(",}", start);
    value = header.substr(start, end - start);
  }
  return true;
}

bool quantc::parseNpy(const uint8_t *bytes, size_t size,
                      const std::string &what, HostTensor &out,
                      std::string &error) {
  static const char magic[] = "\x93NUMPY";
  if (size < 10 || std::memcmp(bytes, magic, 6) != 0) {
    error = what + ": not a .npy file (bad magic)";
    return false;
  }
  uint8_t major = bytes[6];
  size_t headerLen, offset;
  if (major == 1) {
    headerLen = bytes[8] | (bytes[9] << 8);
    offset = 10;
  } else if (major == 2 || major == 3) {
    if (size < 12) {
      error = what + ": truncated .npy header";
      return false;
    }
    headerLen = bytes[8] | (bytes[9] << 8) | (bytes[10] << 16) |
                ((size_t)bytes[11] << 24);
    offset = 12;
  } else {
    error = what + ": unsupported .npy version " + std::to_string(major);
    return false;
  }
  if (offset + headerLen > size) {
    error = what + ": truncated .npy header";
    return false;
  }
  std::string header((const char *)bytes + offset, headerLen);
  std::string descr, fortran, shapeText;
  if (!headerField(header, "descr", descr) ||
      !headerField(header, "fortran_order", fortran) ||
      !headerField(header, "shape", shapeText)) {
    error = what + ": malformed .npy header";
    return false;
  }
  DType dtype = dtypeFromDescr(descr);
  if (dtype == DType::Invalid) {
    error = what + ": unsupported .npy dtype '" + descr + "'";
    return false;
  }
  if (fortran.find("True") != std::string::npos) {
    error = what + ": Fortran-order arrays are not supported (save with "
                   "numpy.ascontiguousarray)";
    return false;
  }
  std::vector<int64_t> shape;
  std::stringstream ss(shapeText);
  std::string item;
  while (std::getline(ss, item, ',')) {
    size_t b = item.find_first_not_of(' ');
    if (b == std::string::npos)
      continue;
    char *end = nullptr;
    long long v = std::strtoll(item.c_str() + b, &end, 10);
    if (v < 0) {
      error = what + ": malformed .npy shape";
      return false;
    }
    shape.push_back(v);
  }
  out.dtype = dtype;
  out.shape = shape;
  size_t dataOffset = offset + headerLen;
  size_t need = out.byteSize();
  if (size - dataOffset < need) {
    error = what + ": truncated .npy data (expected " + std::to_string(need) +
            " bytes for " + out.describe() + ", found " +
            std::to_string(size - dataOffset) + ")";
    return false;
  }
  out.data.assign(bytes + dataOffset, bytes + dataOffset + need);
  return true;
}

bool quantc::readNpy(const std::string &path, HostTensor &out,
                     std::string &error) {
  std::vector<uint8_t> bytes;
  if (!readFile(path, bytes, error))
    return false;
  return parseNpy(bytes.data(), bytes.size(), path, out, error);
}

bool quantc::writeNpy(const std::string &path, const HostTensor &tensor,
                      std::string &error) {
  const char *descr = descrFromDType(tensor.dtype);
  if (!descr) {
    error = path + ": cannot write dtype " + dtypeName(tensor.dtype);
    return false;
  }
  std::string shape;
  for (size_t i = 0; i < tensor.shape.size(); ++i)
    shape += (i ? ", " : "") + std::to_string(tensor.shape[i]);
  if (tensor.shape.size() == 1)
    shape += ",";
  std::string header = "{'descr': '" + std::string(descr) +
                       "', 'fortran_order': False, 'shape': (" + shape +
                       "), }";
  // Pad so the data starts at a multiple of 64 bytes, ending in '\n'.
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::ofstream os(path, std::ios::binary);
  if (!os) {
    error = path + ": cannot open for writing";
    return false;
  }
  os.write("\x93NUMPY\x01\x00", 8);
  uint16_t len = header.size();
  os.put(len & 0xff);
  os.put(len >> 8);
  os.write(header.data(), header.size());
  os.write((const char *)tensor.data.data(), tensor.data.size());
  if (!os) {
    error = path + ": write failed";
    return false;
  }
  return true;
}

//===----------------------------------------------------------------------===//
// .npz
//===----------------------------------------------------------------------===//

static uint32_t rd32(const uint8_t *p) {
  return p[0] | (p[1] << 8) | (p[2] << 16) | ((uint32_t)p[3] << 24);
}
static uint16_t rd16(const uint8_t *p) { return p[0] | (p[1] << 8); }
static uint64_t rd64(const uint8_t *p) {
  return (uint64_t)rd32(p) | ((uint64_t)rd32(p + 4) << 32);
}

bool quantc::readNpz(const std::string &path,
                     std::vector<std::pair<std::string, HostTensor>> &out,
                     std::string &error) {
  std::vector<uint8_t> bytes;
  if (!readFile(path, bytes, error))
    return false;
  size_t n = bytes.size();
  // End of central directory: scan back over the (<= 64 KiB) comment.
  size_t eocd = std::string::npos;
  for (size_t i = n >= 22 ? n - 22 : 0; n >= 22; --i) {
    if (rd32(&bytes[i]) == 0x06054b50) {
      eocd = i;
      break;
    }
    if (i == 0 || n - i > 65557)
      break;
  }
  if (eocd == std::string::npos) {
    error = path + ": not an .npz (zip) archive";
    return false;
  }
  uint64_t entries = rd16(&bytes[eocd + 10]);
  uint64_t cdOffset = rd32(&bytes[eocd + 16]);
  // ZIP64 end of central directory locator precedes the EOCD when present.
  if ((entries == 0xffff || cdOffset == 0xffffffff) && eocd >= 20 &&
      rd32(&bytes[eocd - 20]) == 0x07064b50) {
    uint64_t z64 = rd64(&bytes[eocd - 20 + 8]);
    if (z64 + 56 > n || rd32(&bytes[z64]) != 0x06064b50) {
      error = path + ": malformed zip64 directory";
      return false;
    }
    entries = rd64(&bytes[z64 + 32]);
    cdOffset = rd64(&bytes[z64 + 48]);
  }
  size_t p = cdOffset;
  for (uint64_t e = 0; e < entries; ++e) {
    if (p + 46 > n || rd32(&bytes[p]) != 0x02014b50) {
      error = path + ": malformed zip central directory";
      return false;
    }
    uint16_t method = rd16(&bytes[p + 10]);
    uint64_t csize = rd32(&bytes[p + 20]);
    uint64_t usize = rd32(&bytes[p + 24]);
    uint16_t nameLen = rd16(&bytes[p + 28]);
    uint16_t extraLen = rd16(&bytes[p + 30]);
    uint16_t commentLen = rd16(&bytes[p + 32]);
    uint64_t local = rd32(&bytes[p + 42]);
    std::string name((const char *)&bytes[p + 46], nameLen);
    // ZIP64 extended information in the extra field.
    size_t x = p + 46 + nameLen, xend = x + extraLen;
    while (x + 4 <= xend && xend <= n) {
      uint16_t id = rd16(&bytes[x]), len = rd16(&bytes[x + 2]);
      if (id == 0x0001) {
        size_t q = x + 4;
        if (usize == 0xffffffff) {
          usize = rd64(&bytes[q]);
          q += 8;
        }
        if (csize == 0xffffffff) {
          csize = rd64(&bytes[q]);
          q += 8;
        }
        if (local == 0xffffffff)
          local = rd64(&bytes[q]);
      }
      x += 4 + len;
    }
    p += 46 + nameLen + extraLen + commentLen;
    if (local + 30 > n || rd32(&bytes[local]) != 0x04034b50) {
      error = path + ": malformed zip member '" + name + "'";
      return false;
    }
    size_t data = local + 30 + rd16(&bytes[local + 26]) + rd16(&bytes[local + 28]);
    if (data + csize > n) {
      error = path + ": truncated zip member '" + name + "'";
      return false;
    }
    std::vector<uint8_t> member;
    if (method == 0) {
      member.assign(&bytes[data], &bytes[data] + csize);
    } else if (method == 8) {
      member.resize(usize);
      z_stream zs{};
      if (inflateInit2(&zs, -MAX_WBITS) != Z_OK) {
        error = path + ": zlib initialization failed";
        return false;
      }
      zs.next_in = &bytes[data];
      zs.avail_in = csize;
      zs.next_out = member.data();
      zs.avail_out = usize;
      int rc = inflate(&zs, Z_FINISH);
      inflateEnd(&zs);
      if (rc != Z_STREAM_END) {
        error = path + ": corrupt deflate data in member '" + name + "'";
        return false;
      }
    } else {
      error = path + ": unsupported zip compression method " +
              std::to_string(method) + " in member '" + name + "'";
      return false;
    }
    HostTensor t;
    if (!parseNpy(member.data(), member.size(), path + ":" + name, t, error))
      return false;
    if (name.size() > 4 && name.substr(name.size() - 4) == ".npy")
      name.resize(name.size() - 4);
    out.emplace_back(name, std::move(t));
  }
  return true;
}

//===----------------------------------------------------------------------===//
// ONNX TensorProto
//===----------------------------------------------------------------------===//

bool quantc::tensorFromProto(const onnx::TensorProto &proto,
                             const std::string &baseDir, HostTensor &out,
                             std::string &error) {
  const std::string what =
      "tensor '" + (proto.name().empty() ? std::string("<unnamed>")
                                         : proto.name()) + "'";
  DType dtype = dtypeFromONNX(proto.data_type());
  if (dtype == DType::Invalid) {
    error = what + ": unsupported element type (ONNX data type " +
            std::to_string(proto.data_type()) + ")";
    return false;
  }
  out.dtype = dtype;
  out.shape.assign(proto.dims().begin(), proto.dims().end());
  for (int64_t d : out.shape)
    if (d < 0) {
      error = what + ": negative dimension";
      return false;
    }
  int64_t count = out.numElements();
  size_t width = dtypeSize(dtype);
  out.data.assign(count * width, 0);
  auto sizeError = [&](size_t found) {
    error = what + ": expected " + std::to_string(count) +
            " elements for " + out.describe() + ", found " +
            std::to_string(found);
    return false;
  };
  if (proto.data_location() == onnx::TensorProto::EXTERNAL) {
    std::string location;
    int64_t offset = 0, length = -1;
    for (const auto &entry : proto.external_data()) {
      if (entry.key() == "location")
        location = entry.value();
      else if (entry.key() == "offset")
        offset = std::stoll(entry.value());
      else if (entry.key() == "length")
        length = std::stoll(entry.value());
    }
    if (location.empty() || location.find("..") != std::string::npos) {
      error = what + ": invalid external data location '" + location + "'";
      return false;
    }
    std::string file = baseDir.empty() ? location : baseDir + "/" + location;
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      error = what + ": cannot open external data file '" + file + "'";
      return false;
    }
    size_t need = out.data.size();
    if (length >= 0 && (size_t)length != need)
      return sizeError(length / width);
    in.seekg(offset);
    in.read((char *)out.data.data(), need);
    if ((size_t)in.gcount() != need) {
      error = what + ": external data file '" + file + "' is truncated";
      return false;
    }
    return true;
  }
  if (proto.has_raw_data()) {
    const std::string &raw = proto.raw_data();
    if (raw.size() != out.data.size())
      return sizeError(raw.size() / width);
    std::memcpy(out.data.data(), raw.data(), raw.size());
    return true;
  }
  // The typed fields hold one element each; types narrower than the field
  // keep its low bytes.
  auto fromField = [&](const auto &field) {
    if (field.size() != count)
      return sizeError(field.size());
    for (int64_t i = 0; i < count; ++i) {
      auto v = field.Get(i);
      std::memcpy(out.data.data() + i * width, &v, width);
    }
    return true;
  };
  switch (dtype) {
  case DType::F32:
    return fromField(proto.float_data());
  case DType::F64:
    return fromField(proto.double_data());
  case DType::I64:
    return fromField(proto.int64_data());
  case DType::U32:
  case DType::U64:
    return fromField(proto.uint64_data());
  default:
    // int32_data carries every narrower integer type, bool and 16-bit
    // floats (as their bit patterns).
    return fromField(proto.int32_data());
  }
}

bool quantc::readTensorProtoFile(const std::string &path, HostTensor &out,
                                 std::string &error, std::string *name) {
  std::vector<uint8_t> bytes;
  if (!readFile(path, bytes, error))
    return false;
  onnx::TensorProto proto;
  // Protobuf parses most byte strings as *some* message: also require a
  // data type and a name without control characters (an ONNX model, say,
  // parses into garbage fields).
  if (!proto.ParseFromArray(bytes.data(), bytes.size()) ||
      proto.data_type() == onnx::TensorProto::UNDEFINED ||
      !std::all_of(proto.name().begin(), proto.name().end(),
                   [](char c) { return (unsigned char)c >= 32 && c != 127; })) {
    error = path + ": not a serialized ONNX TensorProto";
    return false;
  }
  if (name)
    *name = proto.name();
  std::string dir;
  size_t slash = path.find_last_of('/');
  if (slash != std::string::npos)
    dir = path.substr(0, slash);
  if (!tensorFromProto(proto, dir, out, error)) {
    error = path + ": " + error;
    return false;
  }
  return true;
}

bool quantc::readTensorFile(const std::string &path, HostTensor &out,
                            std::string &error) {
  if (path.size() > 3 && path.substr(path.size() - 3) == ".pb")
    return readTensorProtoFile(path, out, error);
  return readNpy(path, out, error);
}
