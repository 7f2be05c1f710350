//===- CalibrationData.cpp - Loading calibration inputs -------------------===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#include "quantc/Quantization/CalibrationData.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <dirent.h>
#include <sys/stat.h>

using namespace quantc;

namespace {

std::string shapeStr(const std::vector<int64_t> &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? "x" : "") + std::to_string(shape[i]);
  return s + "]";
}

bool isDir(const std::string &p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool endsWith(const std::string &s, const std::string &suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::vector<std::string> listDir(const std::string &dir) {
  std::vector<std::string> names;
  if (DIR *d = opendir(dir.c_str())) {
    while (dirent *e = readdir(d))
      if (e->d_name[0] != '.')
        names.push_back(e->d_name);
    closedir(d);
  }
  std::sort(names.begin(), names.end());
  return names;
}

/// Converts float64 to float32; other dtypes must match exactly.
bool coerce(HostTensor &t, DType want, const std::string &what,
            std::string &error) {
  if (t.dtype == want)
    return true;
  if (t.dtype == DType::F64 && want == DType::F32) {
    HostTensor f = HostTensor::zeros(DType::F32, t.shape);
    for (int64_t i = 0; i < t.numElements(); ++i) {
      double v = t.as<double>()[i];
      if (std::isfinite(v) && std::fabs(v) > 3.4028234663852886e38) {
        error = what + ": value " + std::to_string(v) + " at element " +
                std::to_string(i) + " is outside the float32 range";
        return false;
      }
      f.as<float>()[i] = (float)v;
    }
    t = std::move(f);
    return true;
  }
  error = what + ": expected " + dtypeName(want) + " data, found " +
          dtypeName(t.dtype);
  return false;
}

/// Splits `t` (one sample or N stacked along dim 0) into samples of `spec`.
bool split(HostTensor &t, const InputSpec &spec, const std::string &what,
           std::vector<HostTensor> &out, std::string &error) {
  if (!coerce(t, spec.dtype, what, error))
    return false;
  int64_t per = 1;
  for (int64_t d : spec.shape)
    per *= d;
  bool same = t.shape == spec.shape;
  bool stacked = !spec.shape.empty() && t.shape.size() == spec.shape.size() &&
                 spec.shape[0] > 0 && t.shape[0] % spec.shape[0] == 0 &&
                 std::equal(t.shape.begin() + 1, t.shape.end(),
                            spec.shape.begin() + 1);
  if (!same && !stacked) {
    error = what + ": expected " + std::string(dtypeName(spec.dtype)) +
            shapeStr(spec.shape) + " for input '" + spec.name +
            "' (or N of them stacked along dimension 0), found " +
            t.describe();
    return false;
  }
  int64_t n = per ? t.numElements() / per : 0;
  size_t bytes = per * dtypeSize(spec.dtype);
  if (spec.dtype == DType::F32)
    for (int64_t i = 0; i < t.numElements(); ++i)
      if (!std::isfinite(t.as<float>()[i])) {
        error = what + ": non-finite value (" +
                std::to_string(t.as<float>()[i]) + ") at element " +
                std::to_string(i % per) + " of sample " +
                std::to_string(i / per);
        return false;
      }
  for (int64_t s = 0; s < n; ++s) {
    HostTensor one;
    one.dtype = spec.dtype;
    one.shape = spec.shape;
    one.data.assign(t.data.begin() + s * bytes, t.data.begin() + (s + 1) * bytes);
    out.push_back(std::move(one));
  }
  return true;
}

bool fromPerInput(std::vector<std::vector<HostTensor>> &perInput,
                  const std::vector<InputSpec> &inputs,
                  std::vector<CalibrationSample> &samples,
                  const std::string &path, std::string &error) {
  size_t n = perInput.empty() ? 0 : perInput[0].size();
  for (size_t i = 1; i < perInput.size(); ++i)
    if (perInput[i].size() != n) {
      error = path + ": input '" + inputs[i].name + "' has " +
              std::to_string(perInput[i].size()) + " samples, input '" +
              inputs[0].name + "' has " + std::to_string(n);
      return false;
    }
  for (size_t s = 0; s < n; ++s) {
    CalibrationSample sample;
    for (auto &list : perInput)
      sample.push_back(std::move(list[s]));
    samples.push_back(std::move(sample));
  }
  return true;
}

} // namespace

bool quantc::loadCalibrationData(const std::string &path,
                                 const std::vector<InputSpec> &inputs,
                                 std::vector<CalibrationSample> &samples,
                                 std::string &error) {
  samples.clear();
  if (inputs.empty()) {
    error = "the model has no inputs to calibrate";
    return false;
  }
  std::vector<std::vector<HostTensor>> perInput(inputs.size());
  if (isDir(path)) {
    std::vector<std::string> names = listDir(path);
    bool dataSets = std::any_of(names.begin(), names.end(), [&](auto &n) {
      return isDir(path + "/" + n) && n.rfind("test_data_set_", 0) == 0;
    });
    if (dataSets) {
      for (const std::string &n : names) {
        std::string dir = path + "/" + n;
        if (!isDir(dir))
          continue;
        for (size_t i = 0; i < inputs.size(); ++i) {
          std::string file = dir + "/input_" + std::to_string(i) + ".pb";
          HostTensor t;
          if (!readTensorProtoFile(file, t, error))
            return false;
          if (!split(t, inputs[i], file, perInput[i], error))
            return false;
        }
      }
    } else {
      if (inputs.size() != 1) {
        error = path + ": a directory of tensor files calibrates "
                       "single-input models; use an .npz or "
                       "test_data_set_* directories for " +
                std::to_string(inputs.size()) + " inputs";
        return false;
      }
      for (const std::string &n : names) {
        if (!endsWith(n, ".npy") && !endsWith(n, ".pb"))
          continue;
        std::string file = path + "/" + n;
        HostTensor t;
        if (!readTensorFile(file, t, error))
          return false;
        if (!split(t, inputs[0], file, perInput[0], error))
          return false;
      }
    }
  } else if (endsWith(path, ".npz")) {
    std::vector<std::pair<std::string, HostTensor>> arrays;
    if (!readNpz(path, arrays, error))
      return false;
    for (size_t i = 0; i < inputs.size(); ++i) {
      auto it = std::find_if(arrays.begin(), arrays.end(), [&](auto &a) {
        return a.first == inputs[i].name;
      });
      if (it == arrays.end())
        it = std::find_if(arrays.begin(), arrays.end(), [&](auto &a) {
          return a.first == "arr_" + std::to_string(i);
        });
      if (it == arrays.end() && inputs.size() == 1 && arrays.size() == 1)
        it = arrays.begin();
      if (it == arrays.end()) {
        error = path + ": no array for input '" + inputs[i].name +
                "' (name it after the input, or arr_" + std::to_string(i) +
                ")";
        return false;
      }
      if (!split(it->second, inputs[i], path + ":" + it->first, perInput[i],
                 error))
        return false;
    }
  } else {
    if (inputs.size() != 1) {
      error = path + ": one tensor file calibrates single-input models; use "
                     "an .npz for " +
              std::to_string(inputs.size()) + " inputs";
      return false;
    }
    HostTensor t;
    if (!readTensorFile(path, t, error))
      return false;
    if (!split(t, inputs[0], path, perInput[0], error))
      return false;
  }
  if (!fromPerInput(perInput, inputs, samples, path, error))
    return false;
  if (samples.empty()) {
    error = path + ": no calibration samples found";
    return false;
  }
  return true;
}
