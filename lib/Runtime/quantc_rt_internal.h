/*===- quantc_rt_internal.h - Runtime <-> generated code contract -*- C -*-===*
 *
 * Part of the quantc project.
 *
 * What the compiler emits into every artifact and the runtime library
 * (linked statically into it) relies on. lib/Target/CPU/ArtifactABI.cpp
 * builds these structs in LLVM IR; keep the two in sync (the struct
 * layouts are checked by test/Runtime).
 *===----------------------------------------------------------------------===*/

#ifndef QUANTC_LIB_RUNTIME_QUANTC_RT_INTERNAL_H
#define QUANTC_LIB_RUNTIME_QUANTC_RT_INTERNAL_H

#include "quantc/Runtime/quantc_runtime.h"

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Static description of a compiled model. */
typedef struct quantc_model_desc {
  uint32_t abi_version;
  const char *name;
  int32_t num_inputs;
  int32_t num_outputs;
  const quantc_tensor_info *inputs;
  const quantc_tensor_info *outputs;
  /** Bytes of scratch memory the model body needs (planned at compile
      time; allocated once per context). */
  uint64_t workspace_size;
  /** Runs the model: args = inputs..., outputs..., workspace. */
  void (*invoke)(void **args);
  /** Same on quantized buffers; NULL when there is none. */
  void (*invoke_quantized)(void **args);
} quantc_model_desc;

/** Body of a parallel loop: runs iterations [begin, end). */
typedef void (*quantc_parallel_fn)(void *args, int64_t begin, int64_t end);

int quantc_rt_create(const quantc_model_desc *desc, int num_threads,
                     quantc_context **out);
void quantc_rt_destroy(quantc_context *ctx);
int quantc_rt_run(quantc_context *ctx, const void *const *inputs,
                  void *const *outputs);
int quantc_rt_run_quantized(quantc_context *ctx, const void *const *inputs,
                            void *const *outputs);
const char *quantc_rt_last_error(const quantc_context *ctx);

/** Called by generated code: runs fn over [0, n) on the thread pool of
    the context whose run() is executing on this thread. */
void quantc_rt_parallel_for(quantc_parallel_fn fn, void *args, int64_t n);

#ifdef __cplusplus
}
#endif

#endif /* QUANTC_LIB_RUNTIME_QUANTC_RT_INTERNAL_H */
