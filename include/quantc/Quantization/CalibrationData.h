//===- CalibrationData.h - Loading calibration inputs -----------*- C++ -*-===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_QUANTIZATION_CALIBRATIONDATA_H
#define QUANTC_QUANTIZATION_CALIBRATIONDATA_H

#include "quantc/Support/Tensor.h"

#include <string>
#include <vector>

namespace quantc {

/// A model input calibration data must match.
struct InputSpec {
  std::string name;
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
};

/// One calibration sample: a tensor per model input, in input order.
using CalibrationSample = std::vector<HostTensor>;

/// Loads calibration samples from `path`:
///  - a .npy file: N samples of a single-input model stacked along
///    dimension 0 (N x the model's leading dimension);
///  - a .npz archive: an array per input (named after it, or arr_0, ... in
///    input order), each stacked as above;
///  - a directory of .npy / .pb files (sorted by name), each one sample or
///    a stack, for a single-input model; or of ONNX test_data_set_*
///    directories holding input_K.pb for multi-input models.
/// float64 data is converted to float32. Fails with a message naming the
/// file on a wrong shape or dtype, non-finite values, or an empty set.
bool loadCalibrationData(const std::string &path,
                         const std::vector<InputSpec> &inputs,
                         std::vector<CalibrationSample> &samples,
                         std::string &error);

} // namespace quantc

#endif // QUANTC_QUANTIZATION_CALIBRATIONDATA_H
