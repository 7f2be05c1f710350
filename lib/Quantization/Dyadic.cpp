//===- Dyadic.cpp - Integer multiply-and-shift rescaling ------------------===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#include "quantc/Quantization/Dyadic.h"

#include <algorithm>
#include <cmath>

using namespace quantc;

int32_t quantc::dyadicShift(const std::vector<double> &factors) {
  double largest = 0;
  for (double f : factors)
    largest = std::max(largest, std::fabs(f));
  if (!(largest > 0) || !std::isfinite(largest))
    return 0;
  int exp;
  std::frexp(largest, &exp); // largest = f * 2^exp, f in [0.5, 1)
  // floor(log2 largest) = exp - 1; k = 30 - floor(log2 largest).
  int32_t k = 31 - exp;
  // round(largest * 2^k) may reach 2^31: one bit less then.
  if (std::nearbyint(std::ldexp(largest, k)) >= 2147483648.0)
    --k;
  return std::clamp<int32_t>(k, 0, 62);
}

int32_t quantc::dyadicMultiplier(double factor, int32_t shift) {
  double m = std::nearbyint(std::ldexp(factor, shift));
  if (m >= 2147483647.0)
    return INT32_MAX;
  if (m <= -2147483648.0)
    return INT32_MIN;
  return (int32_t)m;
}
