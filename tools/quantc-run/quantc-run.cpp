//===- quantc-run.cpp - Run a compiled artifact on tensor files -----------===//
//
// Part of the quantc project.
//
//   quantc-run model.so --input NAME=x.npy --output-dir out/
//   quantc-run model.so --bench 50 --threads 2 [--input NAME=x.npy]
//
// Loads any quantc artifact with dlopen() through its quantc_model_api.
// An input whose leading dimension is N times the model's runs N
// inferences and stacks the outputs along the leading dimension.
// Depends on no part of the compiler.
//
//===----------------------------------------------------------------------===//

#include "quantc/Runtime/quantc_runtime.h"
#include "quantc/Support/Tensor.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <map>
#include <random>
#include <string>
#include <sys/stat.h>
#include <vector>

using namespace quantc;

namespace {

[[noreturn]] void fail(const std::string &message) {
  std::fprintf(stderr, "quantc-run: error: %s\n", message.c_str());
  std::exit(1);
}

void usage() {
  std::printf(
      "usage: quantc-run MODEL.so [options]\n\n"
      "Runs a quantc artifact on .npy (or ONNX TensorProto .pb) inputs.\n\n"
      "options:\n"
      "  --input NAME=FILE   input tensor by ONNX input name (repeatable);\n"
      "                      FILE alone when the model has one input. A\n"
      "                      leading dimension N times the model's runs N\n"
      "                      inferences and stacks the outputs\n"
      "  --output-dir DIR    write each output as DIR/<name>.npy\n"
      "  --threads T         threads per context (default 1; 0 = all CPUs)\n"
      "  --bench N           time N runs after warm-up and print one JSON\n"
      "                      line (median/p10/p90 ms); inputs default to\n"
      "                      random data\n"
      "  --warmup W          warm-up runs before --bench (default 10)\n"
      "  --quantized         use run_quantized() with quantized buffers\n"
      "  --info              print the artifact's inputs and outputs\n"
      "  --help              this text\n");
}

std::string shapeStr(const int64_t *shape, int rank) {
  std::string s = "[";
  for (int i = 0; i < rank; ++i)
    s += (i ? "x" : "") + std::to_string(shape[i]);
  return s + "]";
}

std::string fileName(const std::string &name) {
  std::string s;
  for (char c : name)
    s += (isalnum((unsigned char)c) || c == '_' || c == '-' || c == '.') ? c
                                                                         : '_';
  return s.empty() ? "output" : s;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  double pos = p * (v.size() - 1);
  size_t lo = (size_t)pos;
  size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (v[hi] - v[lo]) * (pos - lo);
}

} // namespace

int main(int argc, char **argv) {
  std::string modelPath, outputDir;
  std::vector<std::string> inputSpecs;
  int threads = 1, bench = 0, warmup = 10;
  bool info = false, quantized = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](const char *flag) -> std::string {
      if (i + 1 >= argc)
        fail(std::string(flag) + " needs a value");
      return argv[++i];
    };
    auto number = [&](const char *flag) {
      std::string v = value(flag);
      char *end = nullptr;
      long n = std::strtol(v.c_str(), &end, 10);
      if (!end || *end || n < 0)
        fail(std::string(flag) + " expects a non-negative integer, got '" + v +
             "'");
      return (int)n;
    };
    if (a == "--help" || a == "-h") {
      usage();
      return 0;
    } else if (a == "--input") {
      inputSpecs.push_back(value("--input"));
    } else if (a.rfind("--input=", 0) == 0) {
      inputSpecs.push_back(a.substr(8));
    } else if (a == "--output-dir") {
      outputDir = value("--output-dir");
    } else if (a == "--threads") {
      threads = number("--threads");
    } else if (a == "--bench") {
      bench = number("--bench");
    } else if (a == "--warmup") {
      warmup = number("--warmup");
    } else if (a == "--info") {
      info = true;
    } else if (a == "--quantized") {
      quantized = true;
    } else if (!a.empty() && a[0] == '-') {
      fail("unknown option '" + a + "' (see --help)");
    } else if (modelPath.empty()) {
      modelPath = a;
    } else {
      fail("unexpected argument '" + a + "' (see --help)");
    }
  }
  if (modelPath.empty()) {
    usage();
    return 1;
  }

  std::string path = modelPath.find('/') == std::string::npos
                         ? "./" + modelPath
                         : modelPath;
  void *handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle)
    fail("cannot load '" + modelPath + "': " + dlerror());
  auto getApi = (const quantc_model_api *(*)(void))dlsym(
      handle, "quantc_model_api_get");
  if (!getApi)
    fail("'" + modelPath + "' is not a quantc artifact (no "
                           "quantc_model_api_get)");
  const quantc_model_api *api = getApi();
  if (!api || api->abi_version != QUANTC_ABI_VERSION)
    fail("'" + modelPath + "' was built for another ABI version");
  if (quantized && !api->run_quantized)
    fail("'" + modelPath + "' has no quantized entry (compile with "
                           "--quantize)");

  auto dtypeOf = [&](const quantc_tensor_info &t) {
    return (DType)(quantized ? t.quant_dtype : t.dtype);
  };
  if (info) {
    std::printf("%s: %d input(s), %d output(s)\n", api->name, api->num_inputs,
                api->num_outputs);
    auto line = [&](const char *kind, const quantc_tensor_info &t) {
      std::printf("  %s %s: %s%s", kind, t.name, dtypeName((DType)t.dtype),
                  shapeStr(t.shape, t.rank).c_str());
      if (t.quant_dtype)
        std::printf("  quantized %s scale %.9g zero_point %d",
                    dtypeName((DType)t.quant_dtype), t.scale, t.zero_point);
      std::printf("\n");
    };
    for (int i = 0; i < api->num_inputs; ++i)
      line("input ", api->inputs[i]);
    for (int i = 0; i < api->num_outputs; ++i)
      line("output", api->outputs[i]);
    if (inputSpecs.empty() && !bench)
      return 0;
  }

  // Inputs by name.
  std::map<std::string, HostTensor> given;
  for (const std::string &spec : inputSpecs) {
    std::string name, file;
    size_t eq = spec.find('=');
    if (eq == std::string::npos) {
      if (api->num_inputs != 1)
        fail("--input '" + spec + "' needs NAME=FILE: the model has " +
             std::to_string(api->num_inputs) + " inputs");
      name = api->inputs[0].name;
      file = spec;
    } else {
      name = spec.substr(0, eq);
      file = spec.substr(eq + 1);
    }
    bool known = false;
    for (int i = 0; i < api->num_inputs; ++i)
      known |= name == api->inputs[i].name;
    if (!known) {
      std::string names;
      for (int i = 0; i < api->num_inputs; ++i)
        names += (i ? ", " : "") + std::string(api->inputs[i].name);
      fail("--input names '" + name + "', which is not an input of the model "
           "(inputs: " + names + ")");
    }
    HostTensor t;
    std::string error;
    if (!readTensorFile(file, t, error))
      fail(error);
    given[name] = std::move(t);
  }

  // Check each input and find the number of stacked inferences.
  int64_t batches = -1;
  std::vector<HostTensor> inputs(api->num_inputs);
  std::mt19937 rng(0);
  for (int i = 0; i < api->num_inputs; ++i) {
    const quantc_tensor_info &ti = api->inputs[i];
    DType dtype = dtypeOf(ti);
    std::string expect =
        std::string(dtypeName(dtype)) + shapeStr(ti.shape, ti.rank);
    auto it = given.find(ti.name);
    if (it == given.end()) {
      if (!bench)
        fail(std::string("missing --input for '") + ti.name + "' (expected " +
             expect + ")");
      // Benchmarks without inputs run on reproducible random data.
      HostTensor t = HostTensor::zeros(
          dtype, std::vector<int64_t>(ti.shape, ti.shape + ti.rank));
      if (dtype == DType::F32) {
        std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
        for (int64_t k = 0; k < t.numElements(); ++k)
          t.as<float>()[k] = dist(rng);
      } else {
        for (size_t k = 0; k < t.data.size(); ++k)
          t.data[k] = (uint8_t)rng();
      }
      inputs[i] = std::move(t);
      if (batches < 0)
        batches = 1;
      continue;
    }
    HostTensor &t = it->second;
    if (t.dtype != dtype)
      fail(std::string("input '") + ti.name + "': expected " + expect +
           ", the file holds " + t.describe());
    int64_t perRun = ti.num_elements;
    bool sameTail = (int)t.shape.size() == ti.rank && ti.rank > 0;
    for (int d = 1; sameTail && d < ti.rank; ++d)
      sameTail = t.shape[d] == ti.shape[d];
    int64_t n = 0;
    if ((int)t.shape.size() == ti.rank &&
        std::equal(t.shape.begin(), t.shape.end(), ti.shape))
      n = 1;
    else if (sameTail && ti.shape[0] > 0 && t.shape[0] % ti.shape[0] == 0 &&
             t.shape[0] > 0)
      n = t.shape[0] / ti.shape[0];
    if (n == 0 || t.numElements() != n * perRun)
      fail(std::string("input '") + ti.name + "': expected " + expect +
           " (or N stacked along dimension 0), the file holds " +
           t.describe());
    if (batches >= 0 && n != batches)
      fail(std::string("input '") + ti.name + "' stacks " + std::to_string(n) +
           " inferences but another input stacks " + std::to_string(batches));
    batches = n;
    inputs[i] = std::move(t);
  }
  if (batches < 0)
    batches = 1;

  quantc_context *ctx = nullptr;
  if (int rc = api->create(threads, &ctx))
    fail("cannot create a context (status " + std::to_string(rc) + ")");
  auto run = quantized ? api->run_quantized : api->run;

  std::vector<HostTensor> outputs(api->num_outputs);
  for (int o = 0; o < api->num_outputs; ++o) {
    const quantc_tensor_info &ti = api->outputs[o];
    std::vector<int64_t> shape(ti.shape, ti.shape + ti.rank);
    if (batches > 1) {
      if (shape.empty())
        shape.push_back(batches);
      else
        shape[0] *= batches;
    }
    outputs[o] = HostTensor::zeros(dtypeOf(ti), shape);
  }
  std::vector<const void *> in(api->num_inputs);
  std::vector<void *> out(api->num_outputs);
  auto point = [&](int64_t b) {
    for (int i = 0; i < api->num_inputs; ++i)
      in[i] = inputs[i].data.data() +
              b * api->inputs[i].num_elements * dtypeSize(inputs[i].dtype);
    for (int o = 0; o < api->num_outputs; ++o)
      out[o] = outputs[o].data.data() +
               b * api->outputs[o].num_elements * dtypeSize(outputs[o].dtype);
  };

  if (bench > 0) {
    point(0);
    for (int w = 0; w < warmup; ++w)
      if (run(ctx, in.data(), out.data()) != QUANTC_OK)
        fail(std::string("run failed: ") + api->last_error(ctx));
    std::vector<double> ms;
    for (int r = 0; r < bench; ++r) {
      auto t0 = std::chrono::steady_clock::now();
      run(ctx, in.data(), out.data());
      auto t1 = std::chrono::steady_clock::now();
      ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    double mean = 0;
    for (double v : ms)
      mean += v / ms.size();
    std::printf("{\"model\": \"%s\", \"threads\": %d, \"runs\": %d, "
                "\"median_ms\": %.4f, \"p10_ms\": %.4f, \"p90_ms\": %.4f, "
                "\"min_ms\": %.4f, \"mean_ms\": %.4f}\n",
                api->name, threads, bench, percentile(ms, 0.5),
                percentile(ms, 0.1), percentile(ms, 0.9),
                *std::min_element(ms.begin(), ms.end()), mean);
  } else {
    for (int64_t b = 0; b < batches; ++b) {
      point(b);
      if (run(ctx, in.data(), out.data()) != QUANTC_OK)
        fail(std::string("run failed: ") + api->last_error(ctx));
    }
  }
  api->destroy(ctx);

  if (!outputDir.empty() && bench == 0) {
    mkdir(outputDir.c_str(), 0755);
    struct stat st;
    if (stat(outputDir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
      fail("cannot create output directory '" + outputDir + "'");
    for (int o = 0; o < api->num_outputs; ++o) {
      std::string file =
          outputDir + "/" + fileName(api->outputs[o].name) + ".npy";
      std::string error;
      if (!writeNpy(file, outputs[o], error))
        fail(error);
    }
  }
  return 0;
}
