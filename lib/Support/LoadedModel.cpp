//===- LoadedModel.cpp - A compiled artifact loaded with dlopen -----------===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#include "quantc/Support/LoadedModel.h"

#include <dlfcn.h>

using namespace quantc;

std::string quantc::describe(const quantc_tensor_info &info, bool quantized) {
  HostTensor t;
  t.dtype = static_cast<DType>(quantized ? info.quant_dtype : info.dtype);
  t.shape.assign(info.shape, info.shape + info.rank);
  return t.describe();
}

std::unique_ptr<LoadedModel> LoadedModel::load(const std::string &path,
                                               int threads,
                                               std::string &error) {
  std::string p = path.find('/') == std::string::npos ? "./" + path : path;
  std::unique_ptr<LoadedModel> m(new LoadedModel());
  m->handle_ = dlopen(p.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!m->handle_) {
    error = "cannot load '" + path + "': " + dlerror();
    return nullptr;
  }
  auto get = reinterpret_cast<const quantc_model_api *(*)(void)>(
      dlsym(m->handle_, "quantc_model_api_get"));
  if (!get) {
    error = "'" + path + "' is not a quantc artifact (no quantc_model_api_get)";
    return nullptr;
  }
  m->api_ = get();
  if (!m->api_ || m->api_->abi_version != QUANTC_ABI_VERSION) {
    error = "'" + path + "' was built for another ABI version";
    return nullptr;
  }
  if (int rc = m->api_->create(threads, &m->ctx_)) {
    error = "cannot create a context for '" + path + "' (status " +
            std::to_string(rc) + ")";
    return nullptr;
  }
  return m;
}

LoadedModel::~LoadedModel() {
  if (ctx_)
    api_->destroy(ctx_);
  if (handle_)
    dlclose(handle_);
}

std::vector<HostTensor> LoadedModel::makeOutputs(bool quantized) const {
  std::vector<HostTensor> outs;
  for (int i = 0; i < numOutputs(); ++i) {
    const quantc_tensor_info &t = output(i);
    outs.push_back(HostTensor::zeros(
        static_cast<DType>(quantized ? t.quant_dtype : t.dtype),
        std::vector<int64_t>(t.shape, t.shape + t.rank)));
  }
  return outs;
}

int LoadedModel::inputIndex(const std::string &name) const {
  for (int i = 0; i < numInputs(); ++i)
    if (name == input(i).name)
      return i;
  return -1;
}

bool LoadedModel::run(const std::vector<HostTensor> &inputs,
                      std::vector<HostTensor> &outputs, std::string &error,
                      bool quantized) {
  if ((int)inputs.size() != numInputs() ||
      (int)outputs.size() != numOutputs()) {
    error = "expected " + std::to_string(numInputs()) + " inputs and " +
            std::to_string(numOutputs()) + " outputs";
    return false;
  }
  if (quantized && !api_->run_quantized) {
    error = "the artifact has no quantized entry";
    return false;
  }
  std::vector<const void *> in;
  std::vector<void *> out;
  for (int i = 0; i < numInputs(); ++i) {
    const quantc_tensor_info &t = input(i);
    DType d = static_cast<DType>(quantized ? t.quant_dtype : t.dtype);
    if (inputs[i].dtype != d || inputs[i].numElements() != t.num_elements) {
      error = std::string("input '") + t.name + "': expected " +
              describe(t, quantized) + ", got " + inputs[i].describe();
      return false;
    }
    in.push_back(inputs[i].data.data());
  }
  for (int i = 0; i < numOutputs(); ++i)
    out.push_back(outputs[i].data.data());
  auto fn = quantized ? api_->run_quantized : api_->run;
  if (fn(ctx_, in.data(), out.data()) != QUANTC_OK) {
    error = api_->last_error(ctx_);
    return false;
  }
  return true;
}
