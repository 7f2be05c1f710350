//===- RuntimeTest.cpp - The artifact runtime -----------------------------===//
//
// Part of the quantc project.
//
// Drives libquantc_rt.a through a hand-made model descriptor whose
// "model body" uses the thread pool, as generated code does.
//
//===----------------------------------------------------------------------===//

#include "quantc_rt_internal.h"

#include "gtest/gtest.h"

#include <atomic>
#include <cstring>
#include <thread>
#include <vector>

namespace {

constexpr int64_t kN = 100000;

/// The body of a parallel loop: counts each iteration it runs.
void countIterations(void *args, int64_t begin, int64_t end) {
  auto *hits = static_cast<std::atomic<int> *>(args);
  for (int64_t i = begin; i < end; ++i)
    hits[i].fetch_add(1, std::memory_order_relaxed);
}

/// invoke(args): args = {input (int64 n), output (int64 sum), workspace}.
/// Runs two parallel loops and checks every iteration ran exactly once.
void invoke(void **args) {
  int64_t n = *static_cast<const int64_t *>(args[0]);
  auto *hits = static_cast<std::atomic<int> *>(args[2]);
  for (int round = 0; round < 2; ++round) {
    for (int64_t i = 0; i < n; ++i)
      hits[i].store(0);
    quantc_rt_parallel_for(countIterations, hits, n);
    int64_t ok = 0;
    for (int64_t i = 0; i < n; ++i)
      ok += hits[i].load() == 1;
    *static_cast<int64_t *>(args[1]) = ok;
  }
}

const int64_t kShape[] = {1};
const quantc_tensor_info kIn[] = {{"n", QUANTC_DTYPE_I64, 1, kShape, 1, 0, 0, 0}};
const quantc_tensor_info kOut[] = {
    {"ok", QUANTC_DTYPE_I64, 1, kShape, 1, 0, 0, 0}};

quantc_model_desc makeDesc() {
  quantc_model_desc d;
  std::memset(&d, 0, sizeof(d));
  d.abi_version = QUANTC_ABI_VERSION;
  d.name = "test";
  d.num_inputs = 1;
  d.num_outputs = 1;
  d.inputs = kIn;
  d.outputs = kOut;
  d.workspace_size = kN * sizeof(std::atomic<int>);
  d.invoke = invoke;
  return d;
}

} // namespace

TEST(Runtime, ParallelForRunsEachIterationOnce) {
  quantc_model_desc desc = makeDesc();
  for (int threads : {1, 2, 3, 8}) {
    quantc_context *ctx = nullptr;
    ASSERT_EQ(quantc_rt_create(&desc, threads, &ctx), QUANTC_OK);
    for (int64_t n : {int64_t(1), int64_t(7), kN}) {
      int64_t ok = -1;
      const void *in[] = {&n};
      void *out[] = {&ok};
      ASSERT_EQ(quantc_rt_run(ctx, in, out), QUANTC_OK);
      EXPECT_EQ(ok, n) << threads << " threads";
    }
    quantc_rt_destroy(ctx);
  }
}

TEST(Runtime, ContextsRunConcurrently) {
  quantc_model_desc desc = makeDesc();
  std::vector<std::thread> users;
  std::atomic<int> good{0};
  for (int t = 0; t < 4; ++t)
    users.emplace_back([&] {
      quantc_context *ctx = nullptr;
      if (quantc_rt_create(&desc, 2, &ctx) != QUANTC_OK)
        return;
      int64_t n = kN, ok = 0;
      const void *in[] = {&n};
      void *out[] = {&ok};
      bool all = true;
      for (int r = 0; r < 20; ++r)
        all &= quantc_rt_run(ctx, in, out) == QUANTC_OK && ok == n;
      good += all;
      quantc_rt_destroy(ctx);
    });
  for (auto &u : users)
    u.join();
  EXPECT_EQ(good.load(), 4);
}

TEST(Runtime, ArgumentErrors) {
  quantc_model_desc desc = makeDesc();
  quantc_context *ctx = nullptr;
  EXPECT_EQ(quantc_rt_create(&desc, 1, nullptr),
            QUANTC_ERROR_INVALID_ARGUMENT);
  quantc_model_desc old = desc;
  old.abi_version = 999;
  EXPECT_EQ(quantc_rt_create(&old, 1, &ctx), QUANTC_ERROR_UNSUPPORTED);
  EXPECT_EQ(ctx, nullptr);
  ASSERT_EQ(quantc_rt_create(&desc, 1, &ctx), QUANTC_OK);
  int64_t n = 4, ok;
  const void *in[] = {&n};
  void *out[] = {&ok};
  const void *nullIn[] = {nullptr};
  EXPECT_EQ(quantc_rt_run(ctx, nullptr, out), QUANTC_ERROR_INVALID_ARGUMENT);
  EXPECT_STRNE(quantc_rt_last_error(ctx), "");
  EXPECT_EQ(quantc_rt_run(ctx, nullIn, out), QUANTC_ERROR_INVALID_ARGUMENT);
  EXPECT_NE(std::string(quantc_rt_last_error(ctx)).find("'n'"),
            std::string::npos);
  EXPECT_EQ(quantc_rt_run_quantized(ctx, in, out), QUANTC_ERROR_UNSUPPORTED);
  // A successful run clears the message.
  EXPECT_EQ(quantc_rt_run(ctx, in, out), QUANTC_OK);
  EXPECT_STREQ(quantc_rt_last_error(ctx), "");
  EXPECT_EQ(quantc_rt_run(nullptr, in, out), QUANTC_ERROR_INVALID_ARGUMENT);
  quantc_rt_destroy(ctx);
  quantc_rt_destroy(nullptr);
}
