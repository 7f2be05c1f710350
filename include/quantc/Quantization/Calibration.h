//===- Calibration.h - Calibration statistics and range choice --*- C++ -*-===//
//
// Part of the quantc project.
//
// Per-tensor statistics observed while running the float model on
// calibration data, the four range-selection methods of
// docs/quantization.md, and the u8 quantization parameters of a range.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_QUANTIZATION_CALIBRATION_H
#define QUANTC_QUANTIZATION_CALIBRATION_H

#include "quantc/Support/Tensor.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace quantc {

enum class CalibMethod { MinMax, Percentile, MSE, Entropy };

std::optional<CalibMethod> parseCalibMethod(const std::string &name);
const char *calibMethodName(CalibMethod method);

/// Statistics of one tensor over the calibration set. Observation runs in
/// two passes: min/max first, then a histogram of `kBins` bins over
/// [min, max].
struct TensorStats {
  static constexpr int kBins = 2048;
  double min = 0, max = 0;
  uint64_t count = 0;
  double histMin = 0, histMax = 0;
  std::vector<uint64_t> hist; // empty until the second pass
  /// Per-channel sums along `channelAxis` (>= 0 for the inputs of
  /// contractions: bias correction needs their channel means).
  int64_t channelAxis = -1;
  std::vector<double> channelSum;
  uint64_t channelCount = 0; ///< elements summed per channel

  void observeMinMax(const float *data, int64_t n);
  /// Adds a tensor of `shape` to the per-channel sums.
  void observeChannels(const float *data, const std::vector<int64_t> &shape);
  /// Fixes the histogram range at [min, max] (first pass done).
  void startHistogram();
  void observeHistogram(const float *data, int64_t n);
};

struct Range {
  double lo = 0, hi = 0;
};

/// The activation range a method chooses from `stats` (minmax needs no
/// histogram; the others use it when present and fall back to minmax).
Range chooseRange(const TensorStats &stats, CalibMethod method,
                  double percentile = 99.99);

/// Asymmetric u8 parameters for a real range (extended to contain 0 so that
/// 0 is exact). A degenerate range (an all-zero tensor) gets the scale of
/// [0, 1] and zero point 0 (docs/quantization.md).
struct QuantParams {
  double scale = 1.0;
  int64_t zeroPoint = 0;
};
QuantParams u8Params(Range range);

/// Symmetric s8 scale of a weight row with the given largest magnitude
/// (values in [-127, 127]); a zero row gets scale 1.
double s8WeightScale(double maxAbs);

} // namespace quantc

#endif // QUANTC_QUANTIZATION_CALIBRATION_H
