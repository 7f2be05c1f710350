//===- Calibration.cpp - Calibration statistics and range choice ----------===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#include "quantc/Quantization/Calibration.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

using namespace quantc;

namespace {
constexpr std::pair<CalibMethod, const char *> kCalibMethods[] = {
    {CalibMethod::MinMax, "minmax"},
    {CalibMethod::Percentile, "percentile"},
    {CalibMethod::MSE, "mse"},
    {CalibMethod::Entropy, "entropy"},
};
} // namespace

std::optional<CalibMethod> quantc::parseCalibMethod(const std::string &name) {
  for (auto [method, text] : kCalibMethods)
    if (name == text)
      return method;
  return std::nullopt;
}

const char *quantc::calibMethodName(CalibMethod method) {
  for (auto [m, text] : kCalibMethods)
    if (m == method)
      return text;
  return "?";
}

void TensorStats::observeMinMax(const float *data, int64_t n) {
  if (n <= 0)
    return;
  float lo = data[0], hi = data[0];
  for (int64_t i = 1; i < n; ++i) {
    lo = std::min(lo, data[i]);
    hi = std::max(hi, data[i]);
  }
  if (count == 0) {
    min = lo;
    max = hi;
  } else {
    min = std::min<double>(min, lo);
    max = std::max<double>(max, hi);
  }
  count += n;
}

void TensorStats::startHistogram() {
  histMin = min;
  histMax = max;
  hist.assign(kBins, 0);
}

void TensorStats::observeHistogram(const float *data, int64_t n) {
  if (hist.empty())
    startHistogram();
  double width = (histMax - histMin) / kBins;
  if (!(width > 0)) {
    hist[0] += n;
    return;
  }
  double inv = 1.0 / width;
  for (int64_t i = 0; i < n; ++i) {
    int64_t b = (int64_t)((data[i] - histMin) * inv);
    hist[std::clamp<int64_t>(b, 0, kBins - 1)] += 1;
  }
}

namespace {

double binCenter(const TensorStats &s, int b) {
  double width = (s.histMax - s.histMin) / TensorStats::kBins;
  return s.histMin + (b + 0.5) * width;
}

/// Value below which a fraction `q` of the observations lie.
double quantile(const TensorStats &s, double q) {
  uint64_t total = 0;
  for (uint64_t c : s.hist)
    total += c;
  double target = q * total, acc = 0;
  double width = (s.histMax - s.histMin) / TensorStats::kBins;
  for (int b = 0; b < TensorStats::kBins; ++b) {
    if (acc + s.hist[b] >= target) {
      double frac = s.hist[b] ? (target - acc) / s.hist[b] : 0;
      return s.histMin + (b + frac) * width;
    }
    acc += s.hist[b];
  }
  return s.histMax;
}

/// Expected squared error of quantizing the histogram to 256 levels over
/// [lo, hi] (values clipped outside).
double quantizationMSE(const TensorStats &s, double lo, double hi) {
  double step = (hi - lo) / 255.0;
  if (!(step > 0))
    return std::numeric_limits<double>::infinity();
  double err = 0;
  for (int b = 0; b < TensorStats::kBins; ++b) {
    if (!s.hist[b])
      continue;
    double x = binCenter(s, b);
    double q = std::clamp(x, lo, hi);
    q = lo + std::nearbyint((q - lo) / step) * step;
    err += s.hist[b] * (x - q) * (x - q);
  }
  return err;
}

Range mseRange(const TensorStats &s) {
  // Grid search over clipped ranges: the lower end from min towards 0 and
  // the upper end from max towards 0 (one-sided for one-signed data).
  const int steps = 100;
  double lo0 = std::min(s.min, 0.0), hi0 = std::max(s.max, 0.0);
  Range best{lo0, hi0};
  double bestErr = quantizationMSE(s, lo0, hi0);
  int loSteps = lo0 < 0 ? 20 : 1;
  for (int i = 1; i <= steps; ++i) {
    double hi = hi0 > 0 ? hi0 * (1.0 - 0.0099 * i) : hi0;
    for (int j = 0; j < loSteps; ++j) {
      double lo = lo0 * (1.0 - 0.045 * j);
      double e = quantizationMSE(s, lo, hi);
      if (e < bestErr) {
        bestErr = e;
        best = {lo, hi};
      }
    }
    if (hi0 <= 0)
      break;
  }
  return best;
}

/// TensorRT's entropy calibration on the magnitude histogram: the threshold
/// T minimizing KL(P || Q) where P is the histogram clipped at T (outliers
/// folded into the last bin) and Q its quantization to `levels` levels.
double klThreshold(const std::vector<double> &hist, double width, int levels) {
  int n = hist.size();
  double bestKL = std::numeric_limits<double>::infinity();
  int bestI = n;
  for (int i = levels; i <= n; ++i) {
    std::vector<double> p(hist.begin(), hist.begin() + i);
    double outliers = 0;
    for (int j = i; j < n; ++j)
      outliers += hist[j];
    p[i - 1] += outliers;
    // Quantize the first i bins into `levels` groups, spread each group's
    // mass over its non-empty bins.
    std::vector<double> q(i, 0);
    double per = (double)i / levels;
    for (int g = 0; g < levels; ++g) {
      int b0 = (int)std::floor(g * per), b1 = (int)std::floor((g + 1) * per);
      if (g == levels - 1)
        b1 = i;
      double mass = 0;
      int nonzero = 0;
      for (int b = b0; b < b1; ++b) {
        mass += hist[b];
        nonzero += hist[b] > 0;
      }
      for (int b = b0; b < b1; ++b)
        if (hist[b] > 0)
          q[b] = mass / nonzero;
    }
    double ps = 0, qs = 0;
    for (int b = 0; b < i; ++b) {
      ps += p[b];
      qs += q[b];
    }
    if (ps <= 0 || qs <= 0)
      continue;
    double kl = 0;
    for (int b = 0; b < i; ++b) {
      if (p[b] <= 0)
        continue;
      double pb = p[b] / ps, qb = q[b] / qs;
      kl += qb > 0 ? pb * std::log(pb / qb) : pb * 30.0; // large penalty
    }
    if (kl < bestKL) {
      bestKL = kl;
      bestI = i;
    }
  }
  return (bestI + 0.5) * width;
}

Range entropyRange(const TensorStats &s) {
  // Magnitude histogram over [0, absmax].
  double absMax = std::max(std::fabs(s.min), std::fabs(s.max));
  if (!(absMax > 0))
    return {s.min, s.max};
  const int n = TensorStats::kBins;
  std::vector<double> mag(n, 0);
  for (int b = 0; b < n; ++b) {
    double c = std::fabs(binCenter(s, b));
    mag[std::min(n - 1, (int)(c / absMax * n))] += s.hist[b];
  }
  // One-signed data spends all 256 codes on one side; signed data 128 a side.
  bool oneSided = s.min >= 0 || s.max <= 0;
  double t = klThreshold(mag, absMax / n, oneSided ? 256 : 128);
  return {std::max(s.min, -t), std::min(s.max, t)};
}

} // namespace

Range quantc::chooseRange(const TensorStats &s, CalibMethod method,
                          double percentile) {
  Range minmax{s.min, s.max};
  if (method == CalibMethod::MinMax || s.hist.empty() || s.max <= s.min)
    return minmax;
  switch (method) {
  case CalibMethod::Percentile: {
    double p = std::clamp(percentile, 50.0, 100.0) / 100.0;
    Range r{s.min < 0 ? quantile(s, 1.0 - p) : s.min,
            s.max > 0 ? quantile(s, p) : s.max};
    return r;
  }
  case CalibMethod::MSE:
    return mseRange(s);
  case CalibMethod::Entropy:
    return entropyRange(s);
  case CalibMethod::MinMax:
    break;
  }
  return minmax;
}

QuantParams quantc::u8Params(Range r) {
  double lo = std::min(r.lo, 0.0), hi = std::max(r.hi, 0.0);
  if (!(hi - lo > 1e-12) || !std::isfinite(lo) || !std::isfinite(hi)) {
    // An all-zero tensor: any scale represents it (code 0). Take the scale
    // of [0, 1] rather than 1, so that the biases of its users (quantized
    // at s_in * s_w) keep a fine grid.
    return {1.0 / 255.0, 0};
  }
  QuantParams p;
  p.scale = (hi - lo) / 255.0;
  p.zeroPoint = std::clamp<int64_t>((int64_t)std::nearbyint(-lo / p.scale), 0,
                                    255);
  return p;
}

void TensorStats::observeChannels(const float *data,
                                  const std::vector<int64_t> &shape) {
  if (channelAxis < 0 || channelAxis >= (int64_t)shape.size())
    return;
  int64_t channels = shape[channelAxis], inner = 1, total = 1;
  for (size_t i = channelAxis + 1; i < shape.size(); ++i)
    inner *= shape[i];
  for (int64_t d : shape)
    total *= d;
  if (channels <= 0 || total <= 0)
    return;
  if ((int64_t)channelSum.size() != channels)
    channelSum.assign(channels, 0.0);
  for (int64_t i = 0; i < total; ++i)
    channelSum[(i / inner) % channels] += data[i];
  channelCount += total / channels;
}

double quantc::s8WeightScale(double maxAbs) {
  return maxAbs > 0 ? maxAbs / 127.0 : 1.0;
}
