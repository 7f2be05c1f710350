//===- Dyadic.h - Integer multiply-and-shift rescaling ----------*- C++ -*-===//
//
// Part of the quantc project.
//
// The arithmetic of docs/quantization.md, shared by the integerize pass,
// the kernels' constant preparation and the integer reference.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_QUANTIZATION_DYADIC_H
#define QUANTC_QUANTIZATION_DYADIC_H

#include <cstdint>
#include <vector>

namespace quantc {

/// The shift k for which every factor in `factors` (all >= 0) gets a
/// multiplier m = round(M * 2^k) with |m| < 2^31 and the largest one 31
/// significant bits: k = 30 - floor(log2(max M)), clamped to [0, 62].
int32_t dyadicShift(const std::vector<double> &factors);

/// m = round(M * 2^k) (saturated to int32).
int32_t dyadicMultiplier(double factor, int32_t shift);

/// Rounds x / 2^k to nearest, ties toward +infinity: (x + 2^(k-1)) >> k.
inline int64_t rshiftRound(int64_t x, int32_t k) {
  if (k <= 0)
    return x;
  return (x + (int64_t(1) << (k - 1))) >> k;
}

/// clamp(zp + rshiftRound(x, k), lo, hi).
inline int64_t requantize(int64_t x, int32_t k, int64_t zp, int64_t lo,
                          int64_t hi) {
  int64_t y = zp + rshiftRound(x, k);
  return y < lo ? lo : (y > hi ? hi : y);
}

} // namespace quantc

#endif // QUANTC_QUANTIZATION_DYADIC_H
