//===- LoadedModel.h - A compiled artifact loaded with dlopen ---*- C++ -*-===//
//
// Part of the quantc project.
//
// Loads any quantc artifact through its quantc_model_api and runs it on
// HostTensors. Used by quantc-run, calibration and the tests; depends on
// nothing of the compiler.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_SUPPORT_LOADEDMODEL_H
#define QUANTC_SUPPORT_LOADEDMODEL_H

#include "quantc/Runtime/quantc_runtime.h"
#include "quantc/Support/Tensor.h"

#include <memory>
#include <string>
#include <vector>

namespace quantc {

class LoadedModel {
public:
  /// Loads the artifact at `path` and creates a context with `threads`
  /// threads; null with `error` set on failure.
  static std::unique_ptr<LoadedModel> load(const std::string &path,
                                           int threads, std::string &error);
  ~LoadedModel();

  const quantc_model_api &api() const { return *api_; }
  int numInputs() const { return api_->num_inputs; }
  int numOutputs() const { return api_->num_outputs; }
  const quantc_tensor_info &input(int i) const { return api_->inputs[i]; }
  const quantc_tensor_info &output(int i) const { return api_->outputs[i]; }

  /// Fresh zeroed output tensors of the artifact's shapes (quantized forms
  /// when `quantized`).
  std::vector<HostTensor> makeOutputs(bool quantized = false) const;

  /// One inference. Inputs must match the artifact's dtypes and shapes
  /// (checked); `outputs` from makeOutputs().
  bool run(const std::vector<HostTensor> &inputs,
           std::vector<HostTensor> &outputs, std::string &error,
           bool quantized = false);

  /// Index of the input named `name`, or -1.
  int inputIndex(const std::string &name) const;

private:
  LoadedModel() = default;
  void *handle_ = nullptr;
  const quantc_model_api *api_ = nullptr;
  quantc_context *ctx_ = nullptr;
};

/// "float32[1x3x224x224]" for a tensor info (quantized form if asked).
std::string describe(const quantc_tensor_info &info, bool quantized = false);

} // namespace quantc

#endif // QUANTC_SUPPORT_LOADEDMODEL_H
