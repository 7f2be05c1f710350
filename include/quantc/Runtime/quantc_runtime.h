/*===- quantc_runtime.h - The C ABI of quantc artifacts -----------*- C -*-===*
 *
 * Part of the quantc project.
 *
 * Every model.so exports a small C ABI. Its generated model.h declares the
 * functions with the artifact's own prefix (model_create, model_run, ...);
 * this header holds the types they share, and the one fixed-name entry,
 * quantc_model_api_get(), that tools use after dlopen().
 *
 * Threading: a context owns a thread pool and a workspace; calls on one
 * context must not overlap, calls on different contexts may run at once.
 *===----------------------------------------------------------------------===*/

#ifndef QUANTC_RUNTIME_QUANTC_RUNTIME_H
#define QUANTC_RUNTIME_QUANTC_RUNTIME_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define QUANTC_ABI_VERSION 1

/** Status codes returned by the ABI's int-returning functions. */
typedef enum quantc_status {
  QUANTC_OK = 0,
  QUANTC_ERROR_INVALID_ARGUMENT = 1,
  QUANTC_ERROR_OUT_OF_MEMORY = 2,
  QUANTC_ERROR_THREAD = 3,
  QUANTC_ERROR_UNSUPPORTED = 4
} quantc_status;

/** Element types, numbered as ONNX's TensorProto.DataType. */
typedef enum quantc_dtype {
  QUANTC_DTYPE_F32 = 1,
  QUANTC_DTYPE_U8 = 2,
  QUANTC_DTYPE_I8 = 3,
  QUANTC_DTYPE_U16 = 4,
  QUANTC_DTYPE_I16 = 5,
  QUANTC_DTYPE_I32 = 6,
  QUANTC_DTYPE_I64 = 7,
  QUANTC_DTYPE_BOOL = 9,
  QUANTC_DTYPE_F16 = 10,
  QUANTC_DTYPE_F64 = 11
} quantc_dtype;

/** Describes one input or output tensor. Buffers are dense, row-major. */
typedef struct quantc_tensor_info {
  const char *name;      /**< the ONNX value name */
  int32_t dtype;         /**< quantc_dtype of the buffer run() takes */
  int32_t rank;
  const int64_t *shape;  /**< rank entries */
  int64_t num_elements;
  /** Quantized form accepted/returned by run_quantized(): its dtype
      (0 when the artifact has none), scale and zero point; real value =
      scale * (q - zero_point). */
  int32_t quant_dtype;
  int32_t zero_point;
  float scale;
} quantc_tensor_info;

typedef struct quantc_context quantc_context;

/** Everything an artifact offers, for tools that dlopen() it. */
typedef struct quantc_model_api {
  uint32_t abi_version; /**< QUANTC_ABI_VERSION */
  const char *name;     /**< the artifact's symbol prefix */
  int32_t num_inputs;
  int32_t num_outputs;
  const quantc_tensor_info *inputs;
  const quantc_tensor_info *outputs;
  /** Creates a context running on num_threads threads (<= 0: one per
      online CPU). */
  int (*create)(int num_threads, quantc_context **out);
  void (*destroy)(quantc_context *ctx);
  /** Runs one inference: inputs[i] / outputs[i] point to dense buffers of
      the described dtype and shape; they must not overlap. */
  int (*run)(quantc_context *ctx, const void *const *inputs,
             void *const *outputs);
  /** Same with the quantized buffers described by quant_dtype (NULL when
      the artifact has no quantized form). */
  int (*run_quantized)(quantc_context *ctx, const void *const *inputs,
                       void *const *outputs);
  /** The message of the last error on ctx ("" if none); never NULL. */
  const char *(*last_error)(const quantc_context *ctx);
} quantc_model_api;

/** Exported by every artifact. */
const quantc_model_api *quantc_model_api_get(void);

#ifdef __cplusplus
}
#endif

#endif /* QUANTC_RUNTIME_QUANTC_RUNTIME_H */
