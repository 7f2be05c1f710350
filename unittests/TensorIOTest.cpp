//===- TensorIOTest.cpp - .npy / TensorProto readers and writers ----------===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#include "quantc/Support/Tensor.h"

#include "onnx/onnx_pb.h"

#include "gtest/gtest.h"

#include <cstdio>
#include <fstream>
#include <unistd.h>

using namespace quantc;

namespace {
std::string tempPath(const std::string &name) {
  return ::testing::TempDir() + "/quantc_" + std::to_string(getpid()) + "_" +
         name;
}
} // namespace

TEST(TensorIO, NpyRoundTrip) {
  for (DType d : {DType::F32, DType::U8, DType::I8, DType::I32, DType::I64,
                  DType::F64, DType::Bool}) {
    for (std::vector<int64_t> shape :
         std::vector<std::vector<int64_t>>{{}, {5}, {2, 3}, {1, 3, 4, 4}}) {
      HostTensor t = HostTensor::zeros(d, shape);
      for (size_t i = 0; i < t.data.size(); ++i)
        t.data[i] = (uint8_t)(i * 7 + 1);
      std::string path = tempPath("rt.npy"), err;
      ASSERT_TRUE(writeNpy(path, t, err)) << err;
      HostTensor r;
      ASSERT_TRUE(readNpy(path, r, err)) << err;
      EXPECT_EQ(r.dtype, d);
      EXPECT_EQ(r.shape, shape);
      EXPECT_EQ(r.data, t.data);
      std::remove(path.c_str());
    }
  }
}

TEST(TensorIO, NpyErrors) {
  std::string path = tempPath("bad.npy"), err;
  HostTensor r;
  { std::ofstream(path) << "not numpy at all"; }
  EXPECT_FALSE(readNpy(path, r, err));
  EXPECT_NE(err.find("bad magic"), std::string::npos) << err;

  // Truncated data: a valid header promising more than the file holds.
  HostTensor t = HostTensor::zeros(DType::F32, {4, 4});
  ASSERT_TRUE(writeNpy(path, t, err));
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  { std::ofstream(path, std::ios::binary) << bytes.substr(0, bytes.size() - 8); }
  EXPECT_FALSE(readNpy(path, r, err));
  EXPECT_NE(err.find("truncated"), std::string::npos) << err;

  // Big-endian and Fortran-order arrays are refused, not misread.
  std::string header = "{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }";
  std::string be = std::string("\x93NUMPY\x01\x00", 8) + (char)header.size() +
                   '\0' + header + std::string(4, '\0');
  { std::ofstream(path, std::ios::binary) << be; }
  EXPECT_FALSE(readNpy(path, r, err));
  EXPECT_NE(err.find("unsupported .npy dtype"), std::string::npos) << err;
  EXPECT_FALSE(readNpy(tempPath("missing.npy"), r, err));
  EXPECT_NE(err.find("cannot open"), std::string::npos) << err;
  std::remove(path.c_str());
}

TEST(TensorIO, TensorProtoFields) {
  HostTensor t;
  std::string err;
  onnx::TensorProto f;
  f.set_name("f");
  f.set_data_type(onnx::TensorProto::FLOAT);
  f.add_dims(2);
  f.add_float_data(1.5f);
  f.add_float_data(-2.0f);
  ASSERT_TRUE(tensorFromProto(f, "", t, err)) << err;
  EXPECT_EQ(t.as<float>()[1], -2.0f);

  onnx::TensorProto i8;
  i8.set_data_type(onnx::TensorProto::INT8);
  i8.add_dims(3);
  for (int v : {-128, 0, 127})
    i8.add_int32_data(v);
  ASSERT_TRUE(tensorFromProto(i8, "", t, err)) << err;
  EXPECT_EQ(t.as<int8_t>()[0], -128);
  EXPECT_EQ(t.as<int8_t>()[2], 127);

  onnx::TensorProto raw;
  raw.set_data_type(onnx::TensorProto::INT64);
  raw.add_dims(1);
  int64_t v = 42;
  raw.set_raw_data(std::string((const char *)&v, 8));
  ASSERT_TRUE(tensorFromProto(raw, "", t, err)) << err;
  EXPECT_EQ(t.as<int64_t>()[0], 42);

  // Element count mismatch names the tensor.
  f.add_dims(3);
  EXPECT_FALSE(tensorFromProto(f, "", t, err));
  EXPECT_NE(err.find("tensor 'f'"), std::string::npos) << err;
}

TEST(TensorIO, TensorProtoExternalData) {
  std::string dir = ::testing::TempDir();
  std::string file = "quantc_ext_" + std::to_string(getpid()) + ".bin";
  float values[3] = {1, 2, 3};
  {
    std::ofstream out(dir + "/" + file, std::ios::binary);
    out.write("skip", 4);
    out.write((const char *)values, sizeof(values));
  }
  onnx::TensorProto p;
  p.set_name("ext");
  p.set_data_type(onnx::TensorProto::FLOAT);
  p.add_dims(3);
  p.set_data_location(onnx::TensorProto::EXTERNAL);
  auto *loc = p.add_external_data();
  loc->set_key("location");
  loc->set_value(file);
  auto *off = p.add_external_data();
  off->set_key("offset");
  off->set_value("4");
  HostTensor t;
  std::string err;
  ASSERT_TRUE(tensorFromProto(p, dir, t, err)) << err;
  EXPECT_EQ(t.as<float>()[2], 3.0f);
  // Paths escaping the model directory are refused.
  loc->set_value("../etc/passwd");
  EXPECT_FALSE(tensorFromProto(p, dir, t, err));
  std::remove((dir + "/" + file).c_str());
}
