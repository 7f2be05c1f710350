//===- QuantizationMathTest.cpp - Dyadic rescaling and calibration math ---===//
//
// Part of the quantc project.
//
// The pure arithmetic of docs/quantization.md: dyadic multipliers and
// shifts, the round-half-up shift, u8/s8 parameters, histogram
// accumulation and the four range methods.
//
// Tests named DISABLED_* are known bugs (each with a TODO(bug) comment
// saying what the spec wants and what the code does). They are run, and
// expected to fail, by test/Quantization/unittests-known-bugs.test, so a
// fix shows up there as an unexpected pass.
//
//===----------------------------------------------------------------------===//

#include "quantc/Quantization/Calibration.h"
#include "quantc/Quantization/Dyadic.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

using namespace quantc;

namespace {

constexpr int64_t kTwo30 = int64_t(1) << 30;
constexpr int64_t kTwo31 = int64_t(1) << 31;

/// The exact value of floor(x / 2^k + 1/2) (k >= 1) in 128-bit arithmetic.
int64_t exactRoundHalfUp(int64_t x, int32_t k) {
  __int128 num = (__int128)2 * x + ((__int128)1 << k);
  __int128 den = (__int128)1 << (k + 1);
  __int128 q = num / den;
  if (num % den != 0 && num < 0)
    --q; // C++ division truncates; we want the floor.
  return (int64_t)q;
}

/// A histogrammed TensorStats over `values` (both observation passes).
TensorStats statsOf(const std::vector<float> &values, int chunks = 1) {
  TensorStats s;
  int64_t n = values.size(), per = (n + chunks - 1) / chunks;
  for (int64_t i = 0; i < n; i += per)
    s.observeMinMax(values.data() + i, std::min(per, n - i));
  s.startHistogram();
  for (int64_t i = 0; i < n; i += per)
    s.observeHistogram(values.data() + i, std::min(per, n - i));
  return s;
}

uint64_t histTotal(const TensorStats &s) {
  uint64_t total = 0;
  for (uint64_t c : s.hist)
    total += c;
  return total;
}

} // namespace

//===----------------------------------------------------------------------===//
// Dyadic multipliers (docs/quantization.md, "Dyadic multipliers")
//===----------------------------------------------------------------------===//

TEST(Dyadic, PowersOfTwoAreExact) {
  // k = 30 - floor(log2 M), m = M 2^k = 2^30 for every power of two.
  for (int e = -31; e < 30; ++e) {
    double m = std::ldexp(1.0, e);
    int32_t k = dyadicShift({m});
    EXPECT_EQ(k, 30 - e) << "M = 2^" << e;
    EXPECT_EQ(dyadicMultiplier(m, k), kTwo30) << "M = 2^" << e;
  }
}

TEST(Dyadic, HandComputedValues) {
  // M = 0.75: floor(log2 0.75) = -1, k = 31, m = 0.75 * 2^31 = 1610612736.
  EXPECT_EQ(dyadicShift({0.75}), 31);
  EXPECT_EQ(dyadicMultiplier(0.75, 31), 1610612736);
  // M = 1/3: floor(log2 M) = -2, k = 32, m = round(2^32 / 3) = 1431655765.
  EXPECT_EQ(dyadicShift({1.0 / 3}), 32);
  EXPECT_EQ(dyadicMultiplier(1.0 / 3, 32), 1431655765);
  // M = 0.8: k = 31, m = round(0.8 * 2^31) = round(1717986918.4).
  EXPECT_EQ(dyadicShift({0.8}), 31);
  EXPECT_EQ(dyadicMultiplier(0.8, 31), 1717986918);
  // M = 3: floor(log2 3) = 1, k = 29, m = 3 * 2^29 = 1610612736.
  EXPECT_EQ(dyadicShift({3.0}), 29);
  EXPECT_EQ(dyadicMultiplier(3.0, 29), 1610612736);
}

TEST(Dyadic, RoundingCarry) {
  // M = 1 - 2^-33: floor(log2 M) = -1 gives k = 31 and M 2^31 = 2^31 - 1/4,
  // which rounds to 2^31: m is halved and k decremented, m = 2^30, k = 30.
  double m = 1.0 - std::ldexp(1.0, -33);
  int32_t k = dyadicShift({m});
  EXPECT_EQ(k, 30);
  EXPECT_EQ(dyadicMultiplier(m, k), kTwo30);
  // Just below the carry: M 2^31 = 2^31 - 1 stays at k = 31.
  double below = (double)(kTwo31 - 1) / (double)kTwo31;
  EXPECT_EQ(dyadicShift({below}), 31);
  EXPECT_EQ(dyadicMultiplier(below, 31), kTwo31 - 1);
}

TEST(Dyadic, NormalizedWithSmallRelativeErrorOnRandomFactors) {
  // Over factors spanning the representable exponents, m is normalized to
  // [2^30, 2^31) and |m / 2^k - M| / M < 2^-31.
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> mant(1.0, 2.0);
  std::uniform_int_distribution<int> exp(-31, 29);
  for (int i = 0; i < 200000; ++i) {
    double m = std::ldexp(mant(rng), exp(rng));
    int32_t k = dyadicShift({m});
    int64_t q = dyadicMultiplier(m, k);
    ASSERT_GE(q, kTwo30) << "M = " << m;
    ASSERT_LT(q, kTwo31) << "M = " << m;
    ASSERT_GE(k, 0);
    ASSERT_LE(k, 62);
    double rel = std::fabs(std::ldexp((double)q, -k) - m) / m;
    ASSERT_LT(rel, std::ldexp(1.0, -31)) << "M = " << m << " k = " << k;
  }
}

TEST(Dyadic, SharedShiftFollowsTheLargestFactor) {
  // One shift for every multiplier of an op, chosen for the largest; the
  // others keep fewer significant bits.
  std::vector<double> f = {0.25, 1.0, 0.5, 1.0 / 1024};
  int32_t k = dyadicShift(f);
  EXPECT_EQ(k, 30);
  EXPECT_EQ(dyadicMultiplier(0.25, k), kTwo30 / 4);
  EXPECT_EQ(dyadicMultiplier(1.0, k), kTwo30);
  EXPECT_EQ(dyadicMultiplier(1.0 / 1024, k), kTwo30 / 1024);
  // Signs do not matter for the shift (the negative residual factor of a
  // subtraction), only for the multiplier.
  EXPECT_EQ(dyadicShift({-0.5, 0.25}), 31);
  EXPECT_EQ(dyadicMultiplier(-0.5, 31), -kTwo30);
}

TEST(Dyadic, ZeroAndNonFiniteFactors) {
  EXPECT_EQ(dyadicShift({}), 0);
  EXPECT_EQ(dyadicShift({0.0}), 0);
  EXPECT_EQ(dyadicMultiplier(0.0, 0), 0);
  EXPECT_EQ(dyadicShift({NAN}), 0);
  EXPECT_EQ(dyadicShift({INFINITY}), 0);
}

TEST(Dyadic, MultiplierSaturates) {
  EXPECT_EQ(dyadicMultiplier(1.0, 40), INT32_MAX);
  EXPECT_EQ(dyadicMultiplier(-1.0, 40), INT32_MIN);
}

// The shift is capped at 62 (docs/quantization.md): tiny factors keep
// k = 62 and a multiplier that shrinks with them, down to 0.
TEST(Dyadic, TinyFactorsCapTheShift) {
  EXPECT_EQ(dyadicShift({std::ldexp(1.0, -32)}), 62);
  EXPECT_EQ(dyadicMultiplier(std::ldexp(1.0, -32), 62), 1 << 30);
  EXPECT_EQ(dyadicShift({std::ldexp(1.0, -40)}), 62);
  EXPECT_EQ(dyadicMultiplier(std::ldexp(1.0, -40), 62), 1 << 22);
  EXPECT_EQ(dyadicMultiplier(1e-30, dyadicShift({1e-30})), 0);
}

//===----------------------------------------------------------------------===//
// Round half up (docs/quantization.md, "Rounding rule")
//===----------------------------------------------------------------------===//

TEST(RShiftRound, TiesGoTowardPlusInfinity) {
  EXPECT_EQ(rshiftRound(5, 1), 3);   // 2.5 -> 3
  EXPECT_EQ(rshiftRound(-5, 1), -2); // -2.5 -> -2
  EXPECT_EQ(rshiftRound(3, 1), 2);   // 1.5 -> 2
  EXPECT_EQ(rshiftRound(-3, 1), -1); // -1.5 -> -1
  EXPECT_EQ(rshiftRound(-1, 1), 0);  // -0.5 -> 0
  EXPECT_EQ(rshiftRound(1, 1), 1);   // 0.5 -> 1
  EXPECT_EQ(rshiftRound(6, 2), 2);   // 1.5 -> 2
  EXPECT_EQ(rshiftRound(-6, 2), -1); // -1.5 -> -1
}

TEST(RShiftRound, NonTiesRoundToNearest) {
  EXPECT_EQ(rshiftRound(7, 2), 2);   // 1.75
  EXPECT_EQ(rshiftRound(5, 2), 1);   // 1.25
  EXPECT_EQ(rshiftRound(-7, 2), -2); // -1.75
  EXPECT_EQ(rshiftRound(-5, 2), -1); // -1.25
  EXPECT_EQ(rshiftRound(-9, 3), -1); // -1.125
}

TEST(RShiftRound, ShiftZeroIsIdentity) {
  for (int64_t x : {int64_t(0), int64_t(1), int64_t(-1), int64_t(12345),
                    int64_t(-98765), INT64_C(1) << 40})
    EXPECT_EQ(rshiftRound(x, 0), x);
}

TEST(RShiftRound, MatchesExactRoundingOnRandomProducts) {
  // The products of the spec: |x| < 2^31 times |m| < 2^31, shifts 1..62.
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int64_t> val(-(kTwo31 - 1), kTwo31 - 1);
  std::uniform_int_distribution<int32_t> shift(1, 62);
  for (int i = 0; i < 200000; ++i) {
    int64_t x = val(rng) * val(rng);
    int32_t k = shift(rng);
    ASSERT_EQ(rshiftRound(x, k), exactRoundHalfUp(x, k))
        << "x = " << x << " k = " << k;
  }
  // Exact ties, both signs, every shift.
  for (int32_t k = 1; k <= 40; ++k)
    for (int64_t q : {int64_t(-3), int64_t(-2), int64_t(-1), int64_t(0),
                      int64_t(1), int64_t(2)}) {
      int64_t x = q * (int64_t(1) << k) + (int64_t(1) << (k - 1)); // q + 1/2
      EXPECT_EQ(rshiftRound(x, k), q + 1) << "x = " << x << " k = " << k;
    }
}

TEST(Requantize, AddsZeroPointAndClamps) {
  EXPECT_EQ(requantize(5, 1, 10, 0, 255), 13);
  EXPECT_EQ(requantize(-100, 1, 10, 0, 255), 0);
  EXPECT_EQ(requantize(1000, 1, 10, 0, 255), 255);
  EXPECT_EQ(requantize(-5, 1, 10, 0, 255), 8);
  // A ReLU6-style clamp [lo, hi] narrower than [0, 255].
  EXPECT_EQ(requantize(400, 0, 3, 3, 200), 200);
  EXPECT_EQ(requantize(-400, 0, 3, 3, 200), 3);
  // An i32 model output.
  EXPECT_EQ(requantize(int64_t(1) << 40, 0, 0, INT32_MIN, INT32_MAX),
            INT32_MAX);
}

//===----------------------------------------------------------------------===//
// u8 / s8 parameters (docs/quantization.md, "Number formats")
//===----------------------------------------------------------------------===//

TEST(U8Params, SignedRange) {
  // [-1, 1]: s = 2/255, z = round(1 / s) = round(127.5) = 128.
  QuantParams p = u8Params({-1.0, 1.0});
  EXPECT_DOUBLE_EQ(p.scale, 2.0 / 255);
  EXPECT_EQ(p.zeroPoint, 128);
  // [-1, 3]: s = 4/255, z = round(63.75) = 64.
  p = u8Params({-1.0, 3.0});
  EXPECT_DOUBLE_EQ(p.scale, 4.0 / 255);
  EXPECT_EQ(p.zeroPoint, 64);
  // [-0.5, 2]: s = 2.5/255, z = round(51) = 51.
  p = u8Params({-0.5, 2.0});
  EXPECT_DOUBLE_EQ(p.scale, 2.5 / 255);
  EXPECT_EQ(p.zeroPoint, 51);
}

TEST(U8Params, RangeIsExtendedToContainZero) {
  // Positive range [0.5, 2] -> [0, 2], z = 0.
  QuantParams p = u8Params({0.5, 2.0});
  EXPECT_DOUBLE_EQ(p.scale, 2.0 / 255);
  EXPECT_EQ(p.zeroPoint, 0);
  // Negative range [-3, -1] -> [-3, 0], z = 255.
  p = u8Params({-3.0, -1.0});
  EXPECT_DOUBLE_EQ(p.scale, 3.0 / 255);
  EXPECT_EQ(p.zeroPoint, 255);
  // A constant tensor 2.5 (lo == hi != 0) -> [0, 2.5].
  p = u8Params({2.5, 2.5});
  EXPECT_DOUBLE_EQ(p.scale, 2.5 / 255);
  EXPECT_EQ(p.zeroPoint, 0);
}

TEST(U8Params, ZeroIsExactAndTheRangeFits) {
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> d(-10, 10);
  for (int i = 0; i < 10000; ++i) {
    double a = d(rng), b = d(rng);
    Range r{std::min(a, b), std::max(a, b)};
    QuantParams p = u8Params(r);
    ASSERT_GE(p.zeroPoint, 0);
    ASSERT_LE(p.zeroPoint, 255);
    double lo = std::min(r.lo, 0.0), hi = std::max(r.hi, 0.0);
    ASSERT_NEAR(p.scale, (hi - lo) / 255, 1e-15);
    // The ends of the range are within half a step of a code in [0, 255].
    double qlo = p.zeroPoint + lo / p.scale, qhi = p.zeroPoint + hi / p.scale;
    ASSERT_GE(qlo, -0.5 - 1e-9);
    ASSERT_LE(qhi, 255.5 + 1e-9);
  }
}

TEST(U8Params, DegenerateRangeFallsBackToUnitRange) {
  // The documented fallback of Calibration.h for a constant-zero tensor:
  // the scale of [0, 1], zero point 0 (0 stays exact).
  QuantParams p = u8Params({0.0, 0.0});
  EXPECT_EQ(p.scale, 1.0 / 255.0);
  EXPECT_EQ(p.zeroPoint, 0);
  p = u8Params({0.0, 1e-13});
  EXPECT_EQ(p.scale, 1.0 / 255.0);
  EXPECT_EQ(p.zeroPoint, 0);
  p = u8Params({-INFINITY, 1.0});
  EXPECT_EQ(p.scale, 1.0 / 255.0);
  EXPECT_EQ(p.zeroPoint, 0);
  p = u8Params({NAN, NAN});
  EXPECT_EQ(p.scale, 1.0 / 255.0);
  EXPECT_EQ(p.zeroPoint, 0);
}

TEST(S8WeightScale, SymmetricOver127) {
  EXPECT_DOUBLE_EQ(s8WeightScale(127.0), 1.0);
  EXPECT_DOUBLE_EQ(s8WeightScale(0.5), 0.5 / 127);
  EXPECT_DOUBLE_EQ(s8WeightScale(0.0), 1.0); // a zero row
}

//===----------------------------------------------------------------------===//
// Statistics
//===----------------------------------------------------------------------===//

TEST(TensorStats, MinMaxAcrossBatches) {
  TensorStats s;
  float a[] = {1.0f, -2.0f, 3.0f};
  float b[] = {0.5f, 7.0f};
  float c[] = {-9.0f};
  s.observeMinMax(a, 3);
  EXPECT_EQ(s.min, -2.0);
  EXPECT_EQ(s.max, 3.0);
  s.observeMinMax(b, 2);
  s.observeMinMax(c, 1);
  s.observeMinMax(c, 0); // empty batches change nothing
  EXPECT_EQ(s.min, -9.0);
  EXPECT_EQ(s.max, 7.0);
  EXPECT_EQ(s.count, 6u);
  // A first batch that is all positive does not keep the initial 0.
  TensorStats p;
  float pos[] = {2.0f, 4.0f};
  p.observeMinMax(pos, 2);
  EXPECT_EQ(p.min, 2.0);
  EXPECT_EQ(p.max, 4.0);
}

TEST(TensorStats, HistogramBinsOverMinMax) {
  // Values on [0, 2048): bin b holds [b, b + 1) exactly.
  std::vector<float> v;
  for (int i = 0; i < 2048; ++i)
    v.push_back((float)i);
  v.push_back(2048.0f); // the maximum: clamped into the last bin
  TensorStats s = statsOf(v, 3);
  ASSERT_EQ(s.hist.size(), (size_t)TensorStats::kBins);
  EXPECT_EQ(s.histMin, 0.0);
  EXPECT_EQ(s.histMax, 2048.0);
  EXPECT_EQ(histTotal(s), v.size());
  for (int b = 0; b < TensorStats::kBins - 1; ++b)
    ASSERT_EQ(s.hist[b], 1u) << "bin " << b;
  EXPECT_EQ(s.hist[TensorStats::kBins - 1], 2u);
}

TEST(TensorStats, HistogramIsAccumulatedOverBatches) {
  std::mt19937 rng(5);
  std::normal_distribution<float> d(0, 1);
  std::vector<float> v(10000);
  for (float &x : v)
    x = d(rng);
  TensorStats one = statsOf(v, 1), many = statsOf(v, 7);
  EXPECT_EQ(one.min, many.min);
  EXPECT_EQ(one.max, many.max);
  EXPECT_EQ(one.hist, many.hist);
  EXPECT_EQ(histTotal(many), v.size());
}

TEST(TensorStats, HistogramStartsItselfAndClampsOutliers) {
  // observeHistogram without startHistogram uses [min, max] so far; values
  // outside it (a later batch) land in the end bins.
  TensorStats s;
  float a[] = {0.0f, 1.0f};
  s.observeMinMax(a, 2);
  float b[] = {-5.0f, 0.5f, 7.0f};
  s.observeHistogram(b, 3);
  ASSERT_EQ(s.hist.size(), (size_t)TensorStats::kBins);
  EXPECT_EQ(s.histMin, 0.0);
  EXPECT_EQ(s.histMax, 1.0);
  EXPECT_EQ(s.hist[0], 1u);
  EXPECT_EQ(s.hist[TensorStats::kBins / 2], 1u);
  EXPECT_EQ(s.hist[TensorStats::kBins - 1], 1u);
}

TEST(TensorStats, ConstantTensorGoesToOneBin) {
  std::vector<float> v(100, 3.0f);
  TensorStats s = statsOf(v);
  EXPECT_EQ(s.min, 3.0);
  EXPECT_EQ(s.max, 3.0);
  EXPECT_EQ(s.hist[0], 100u);
  EXPECT_EQ(histTotal(s), 100u);
  // Every method keeps the (degenerate) observed range.
  for (CalibMethod m : {CalibMethod::MinMax, CalibMethod::Percentile,
                        CalibMethod::MSE, CalibMethod::Entropy}) {
    Range r = chooseRange(s, m);
    EXPECT_EQ(r.lo, 3.0) << calibMethodName(m);
    EXPECT_EQ(r.hi, 3.0) << calibMethodName(m);
  }
}

//===----------------------------------------------------------------------===//
// Range methods (docs/quantization.md, "Calibration")
//===----------------------------------------------------------------------===//

TEST(CalibMethod, ParseAndName) {
  for (const char *n : {"minmax", "percentile", "mse", "entropy"}) {
    std::optional<CalibMethod> m = parseCalibMethod(n);
    ASSERT_TRUE(m) << n;
    EXPECT_STREQ(calibMethodName(*m), n);
  }
  EXPECT_FALSE(parseCalibMethod("bogus"));
  EXPECT_FALSE(parseCalibMethod("MinMax"));
  EXPECT_FALSE(parseCalibMethod(""));
}

TEST(ChooseRange, MinMaxIsExact) {
  std::mt19937 rng(11);
  std::normal_distribution<float> d(0.3f, 2.0f);
  std::vector<float> v(5000);
  for (float &x : v)
    x = d(rng);
  TensorStats s = statsOf(v, 4);
  Range r = chooseRange(s, CalibMethod::MinMax);
  EXPECT_EQ(r.lo, (double)*std::min_element(v.begin(), v.end()));
  EXPECT_EQ(r.hi, (double)*std::max_element(v.begin(), v.end()));
}

TEST(ChooseRange, WithoutHistogramEveryMethodIsMinMax) {
  // A statistics file without histograms (load=) falls back to minmax.
  TensorStats s;
  s.min = -1.5;
  s.max = 4.0;
  s.count = 10;
  for (CalibMethod m :
       {CalibMethod::Percentile, CalibMethod::MSE, CalibMethod::Entropy}) {
    Range r = chooseRange(s, m);
    EXPECT_EQ(r.lo, -1.5) << calibMethodName(m);
    EXPECT_EQ(r.hi, 4.0) << calibMethodName(m);
  }
}

TEST(ChooseRange, PercentileOfUniform) {
  // 100001 evenly spaced values on [-1, 1]: the 0.5th and 99.5th
  // percentiles are -0.99 and 0.99 (within a histogram bin, 2/2048).
  std::vector<float> v;
  for (int i = 0; i <= 100000; ++i)
    v.push_back(-1.0f + 2.0f * i / 100000);
  TensorStats s = statsOf(v);
  Range r = chooseRange(s, CalibMethod::Percentile, 99.5);
  EXPECT_NEAR(r.lo, -0.99, 2.0 / 2048);
  EXPECT_NEAR(r.hi, 0.99, 2.0 / 2048);
  // 100: the whole range.
  r = chooseRange(s, CalibMethod::Percentile, 100.0);
  EXPECT_NEAR(r.lo, -1.0, 1e-6);
  EXPECT_NEAR(r.hi, 1.0, 1e-6);
  // 90: [-0.8, 0.8].
  r = chooseRange(s, CalibMethod::Percentile, 90.0);
  EXPECT_NEAR(r.lo, -0.8, 2.0 / 2048);
  EXPECT_NEAR(r.hi, 0.8, 2.0 / 2048);
}

TEST(ChooseRange, PercentileClipsOutliers) {
  // 99.9% of the mass in [0, 1], a few outliers at 100: the 99.9th
  // percentile is about 1, far below the maximum.
  std::vector<float> v;
  for (int i = 0; i < 100000; ++i)
    v.push_back((float)i / 100000);
  for (int i = 0; i < 10; ++i)
    v.push_back(100.0f);
  TensorStats s = statsOf(v);
  Range r = chooseRange(s, CalibMethod::Percentile, 99.9);
  EXPECT_EQ(r.lo, 0.0); // one-signed data keeps its minimum
  EXPECT_LT(r.hi, 1.1);
  EXPECT_GT(r.hi, 0.9);
}

TEST(ChooseRange, PercentileDefaultIs9999) {
  std::vector<float> v;
  for (int i = 0; i <= 1000000; ++i)
    v.push_back((float)i / 1000000);
  TensorStats s = statsOf(v);
  Range r = chooseRange(s, CalibMethod::Percentile);
  EXPECT_NEAR(r.hi, 0.9999, 1.0 / 2048);
}

TEST(ChooseRange, MSEClipsRareFarOutliers) {
  // 10^6 Laplace samples and one outlier at each end (+-100): the rounding
  // noise of [-100, 100] (10^6 x (200/255)^2 / 12 ~ 5 x 10^4) exceeds the
  // clipping error of the two outliers at about half the range
  // (2 x 50^2), so the MSE range ends well inside [min, max] while still
  // covering the body of the distribution.
  std::mt19937 rng(17);
  std::exponential_distribution<float> e(1.0f);
  std::bernoulli_distribution sign(0.5);
  std::vector<float> v;
  for (int i = 0; i < 1000000; ++i)
    v.push_back(sign(rng) ? e(rng) : -e(rng));
  v.push_back(100.0f);
  v.push_back(-100.0f);
  TensorStats s = statsOf(v, 3);
  Range r = chooseRange(s, CalibMethod::MSE);
  EXPECT_LT(r.hi, 0.6 * s.max);
  EXPECT_GT(r.lo, 0.6 * s.min);
  EXPECT_GT(r.hi, 5.0); // P(|x| > 5) < 1%
  EXPECT_LT(r.lo, -5.0);
}

TEST(ChooseRange, MSEWeighsRareOutliersBySquaredError) {
  // Two outliers are not a tail: clipping them at R costs (200 - R)^2 +
  // (150 + R)^2, more than the rounding noise they save on 2 x 10^5
  // Laplace samples, so MSE does not clip to the bulk (unlike entropy).
  std::mt19937 rng(17);
  std::exponential_distribution<float> e(1.0f);
  std::bernoulli_distribution sign(0.5);
  std::vector<float> v;
  for (int i = 0; i < 200000; ++i)
    v.push_back(sign(rng) ? e(rng) : -e(rng));
  v.push_back(200.0f);
  v.push_back(-150.0f);
  TensorStats s = statsOf(v, 3);
  Range r = chooseRange(s, CalibMethod::MSE);
  EXPECT_GT(r.hi, 50.0);
  EXPECT_LT(r.lo, -50.0);
}

TEST(ChooseRange, MSEKeepsUniformRange) {
  // Uniform data has no tail: clipping only adds error.
  std::vector<float> v;
  for (int i = 0; i <= 100000; ++i)
    v.push_back(6.0f * i / 100000);
  TensorStats s = statsOf(v);
  Range r = chooseRange(s, CalibMethod::MSE);
  EXPECT_EQ(r.lo, 0.0);
  EXPECT_GT(r.hi, 0.95 * 6.0);
  EXPECT_LE(r.hi, 6.0);
}

TEST(ChooseRange, EntropyClipsHeavyTails) {
  // One-signed (post-ReLU-like) data, exponential with a far outlier.
  std::mt19937 rng(23);
  std::exponential_distribution<float> e(1.0f);
  std::vector<float> v;
  for (int i = 0; i < 200000; ++i)
    v.push_back(e(rng));
  v.push_back(50.0f);
  TensorStats s = statsOf(v);
  Range r = chooseRange(s, CalibMethod::Entropy);
  EXPECT_GE(r.lo, 0.0);
  EXPECT_LT(r.hi, 0.5 * s.max);
  EXPECT_GT(r.hi, 3.0); // keeps the bulk (P(x > 3) = 5%)
  // The threshold is at least `levels` (256 for one-signed data) of the
  // 2048 bins: 1/8 of the maximum, as in TensorRT's calibrator.
  EXPECT_GE(r.hi, s.max * 256 / 2048);
}

TEST(ChooseRange, EntropyKeepsUniformRange) {
  std::vector<float> v;
  for (int i = 0; i <= 100000; ++i)
    v.push_back(-2.0f + 4.0f * i / 100000);
  TensorStats s = statsOf(v);
  Range r = chooseRange(s, CalibMethod::Entropy);
  EXPECT_LT(r.lo, -0.9 * 2.0);
  EXPECT_GT(r.hi, 0.9 * 2.0);
  EXPECT_GE(r.lo, -2.0);
  EXPECT_LE(r.hi, 2.0);
}

TEST(ChooseRange, RangesStayInsideMinMax) {
  // Whatever the method, the chosen range lies within the observed one
  // (up to the one-signed case where 0 is added by u8Params later).
  std::mt19937 rng(29);
  std::student_t_distribution<float> t(2.0f);
  std::vector<float> v(50000);
  for (float &x : v)
    x = t(rng);
  TensorStats s = statsOf(v, 5);
  for (CalibMethod m : {CalibMethod::MinMax, CalibMethod::Percentile,
                        CalibMethod::MSE, CalibMethod::Entropy}) {
    Range r = chooseRange(s, m);
    EXPECT_GE(r.lo, s.min) << calibMethodName(m);
    EXPECT_LE(r.hi, s.max) << calibMethodName(m);
    EXPECT_LT(r.lo, 0.0) << calibMethodName(m);
    EXPECT_GT(r.hi, 0.0) << calibMethodName(m);
  }
}
