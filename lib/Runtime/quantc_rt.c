/*===- quantc_rt.c - The runtime linked into every artifact --------------===*
 *
 * Part of the quantc project.
 *
 * Contexts (workspace + thread pool), argument checking and the parallel
 * loop used by generated kernels. Depends on libc and pthreads only.
 *
 * The pool: the calling thread plus num_threads - 1 workers. A parallel
 * loop publishes (fn, args, n) under a new generation number; workers
 * spin briefly on the generation (kernels of one inference follow each
 * other within microseconds), then sleep on a condition variable. Work is
 * handed out in chunks through an atomic counter tagged with the
 * generation; the caller takes part and waits until every iteration is
 * done (not until every worker has woken: on a loaded machine a worker may
 * not run for a whole time slice).
 *===----------------------------------------------------------------------===*/

#define _GNU_SOURCE
#include "quantc_rt_internal.h"

#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define QUANTC_PAUSE() _mm_pause()
#else
#define QUANTC_PAUSE() ((void)0)
#endif

#define QUANTC_CACHE_LINE 64
#define QUANTC_SPIN_ITERATIONS 200000
#define QUANTC_WAIT_SPINS 2000

typedef struct quantc_pool {
  int num_threads; /* including the caller */
  pthread_t *workers;

  /* The current job, published by bumping `generation`. */
  _Alignas(QUANTC_CACHE_LINE) _Atomic uint64_t generation;
  quantc_parallel_fn fn;
  void *args;
  int64_t count;
  int64_t chunk;

  /* Claims: (job generation << 32) | next iteration. A chunk is claimed by
     a compare-and-swap that also checks the generation, so a worker that
     wakes late never runs a chunk of a job it did not read. */
  _Alignas(QUANTC_CACHE_LINE) _Atomic uint64_t next;
  /* Iterations finished in the current job. */
  _Alignas(QUANTC_CACHE_LINE) _Atomic int64_t done;
  _Alignas(QUANTC_CACHE_LINE) _Atomic int sleepers;
  _Atomic int stop;

  pthread_mutex_t mutex;
  pthread_cond_t wake;
} quantc_pool;

struct quantc_context {
  const quantc_model_desc *desc;
  void *workspace;
  quantc_pool pool;
  int pool_started;
  char error[512];
};

/* The context whose run() executes on this thread (generated code reaches
   the pool through it), and whether we are already inside a loop. */
static _Thread_local quantc_context *tls_context;
static _Thread_local int tls_in_parallel;

static void set_error(quantc_context *ctx, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(ctx->error, sizeof(ctx->error), fmt, ap);
  va_end(ap);
}

/* Runs chunks of job `gen` until none is left. The job's fields were read
   after acquiring `gen`; they stay valid while a claim of `gen` succeeds,
   because the caller publishes the next job only after every iteration of
   this one is done. */
static void run_chunks(quantc_pool *pool, uint64_t gen) {
  quantc_parallel_fn fn = pool->fn;
  void *args = pool->args;
  int64_t count = pool->count, chunk = pool->chunk;
  uint64_t tag = gen << 32;
  uint64_t cur = atomic_load_explicit(&pool->next, memory_order_acquire);
  for (;;) {
    if ((cur & ~(uint64_t)0xffffffffu) != tag)
      return;
    int64_t begin = (int64_t)(cur & 0xffffffffu);
    if (begin >= count)
      return;
    int64_t end = begin + chunk < count ? begin + chunk : count;
    if (!atomic_compare_exchange_weak_explicit(
            &pool->next, &cur, tag | (uint64_t)end, memory_order_acq_rel,
            memory_order_acquire))
      continue;
    fn(args, begin, end);
    atomic_fetch_add_explicit(&pool->done, end - begin, memory_order_release);
    cur = atomic_load_explicit(&pool->next, memory_order_acquire);
  }
}

static void *worker_main(void *arg) {
  quantc_pool *pool = (quantc_pool *)arg;
  uint64_t seen = 0;
  tls_in_parallel = 1;
  for (;;) {
    uint64_t gen;
    int spins = 0;
    while ((gen = atomic_load_explicit(&pool->generation,
                                       memory_order_acquire)) == seen &&
           !atomic_load_explicit(&pool->stop, memory_order_relaxed)) {
      if (++spins < QUANTC_SPIN_ITERATIONS) {
        QUANTC_PAUSE();
        continue;
      }
      pthread_mutex_lock(&pool->mutex);
      atomic_fetch_add(&pool->sleepers, 1);
      while (atomic_load(&pool->generation) == seen &&
             !atomic_load(&pool->stop))
        pthread_cond_wait(&pool->wake, &pool->mutex);
      atomic_fetch_sub(&pool->sleepers, 1);
      pthread_mutex_unlock(&pool->mutex);
      spins = 0;
    }
    if (atomic_load_explicit(&pool->stop, memory_order_relaxed))
      return NULL;
    seen = gen;
    run_chunks(pool, gen & 0xffffffffu);
  }
}

static int pool_start(quantc_pool *pool, int num_threads) {
  memset(pool, 0, sizeof(*pool));
  pool->num_threads = num_threads;
  pthread_mutex_init(&pool->mutex, NULL);
  pthread_cond_init(&pool->wake, NULL);
  if (num_threads <= 1)
    return 0;
  pool->workers = (pthread_t *)calloc(num_threads - 1, sizeof(pthread_t));
  if (!pool->workers)
    return -1;
  for (int i = 0; i < num_threads - 1; ++i) {
    if (pthread_create(&pool->workers[i], NULL, worker_main, pool) != 0) {
      atomic_store(&pool->stop, 1);
      pthread_mutex_lock(&pool->mutex);
      pthread_cond_broadcast(&pool->wake);
      pthread_mutex_unlock(&pool->mutex);
      for (int j = 0; j < i; ++j)
        pthread_join(pool->workers[j], NULL);
      free(pool->workers);
      pool->workers = NULL;
      return -1;
    }
  }
  return 0;
}

static void pool_stop(quantc_pool *pool) {
  if (pool->workers) {
    atomic_store(&pool->stop, 1);
    pthread_mutex_lock(&pool->mutex);
    pthread_cond_broadcast(&pool->wake);
    pthread_mutex_unlock(&pool->mutex);
    for (int i = 0; i < pool->num_threads - 1; ++i)
      pthread_join(pool->workers[i], NULL);
    free(pool->workers);
  }
  pthread_cond_destroy(&pool->wake);
  pthread_mutex_destroy(&pool->mutex);
}

void quantc_rt_parallel_for(quantc_parallel_fn fn, void *args, int64_t n) {
  if (n <= 0)
    return;
  quantc_context *ctx = tls_context;
  quantc_pool *pool = ctx ? &ctx->pool : NULL;
  if (!pool || pool->num_threads <= 1 || n == 1 || tls_in_parallel) {
    fn(args, 0, n);
    return;
  }
  if (n > 0x7fffffff) {
    fn(args, 0, n);
    return;
  }
  /* A few chunks per thread balance uneven tiles without much traffic. */
  int64_t chunk = n / (4 * pool->num_threads);
  if (chunk < 1)
    chunk = 1;
  uint64_t gen =
      (atomic_load_explicit(&pool->generation, memory_order_relaxed) + 1) &
      0xffffffffu;
  if (gen == 0) /* workers start having seen generation 0 */
    gen = 1;
  pool->fn = fn;
  pool->args = args;
  pool->count = n;
  pool->chunk = chunk;
  atomic_store_explicit(&pool->done, 0, memory_order_relaxed);
  atomic_store_explicit(&pool->next, gen << 32, memory_order_release);
  atomic_store_explicit(&pool->generation, gen, memory_order_release);
  if (atomic_load(&pool->sleepers) > 0) {
    pthread_mutex_lock(&pool->mutex);
    pthread_cond_broadcast(&pool->wake);
    pthread_mutex_unlock(&pool->mutex);
  }
  tls_in_parallel = 1;
  run_chunks(pool, gen);
  tls_in_parallel = 0;
  /* Wait for the chunks other threads claimed, not for every worker to
     wake up: a worker that is not running (more runnable threads than
     cores) then costs nothing. After a short spin, yield the core. */
  int spins = 0;
  while (atomic_load_explicit(&pool->done, memory_order_acquire) < n) {
    if (++spins < QUANTC_WAIT_SPINS)
      QUANTC_PAUSE();
    else
      sched_yield();
  }
}

int quantc_rt_create(const quantc_model_desc *desc, int num_threads,
                     quantc_context **out) {
  if (!out)
    return QUANTC_ERROR_INVALID_ARGUMENT;
  *out = NULL;
  if (!desc || desc->abi_version != QUANTC_ABI_VERSION)
    return QUANTC_ERROR_UNSUPPORTED;
  if (num_threads <= 0) {
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    num_threads = cpus > 0 ? (int)cpus : 1;
  }
  if (num_threads > 256)
    return QUANTC_ERROR_INVALID_ARGUMENT;
  quantc_context *ctx = (quantc_context *)calloc(1, sizeof(quantc_context));
  if (!ctx)
    return QUANTC_ERROR_OUT_OF_MEMORY;
  ctx->desc = desc;
  if (desc->workspace_size > 0) {
    size_t size = (desc->workspace_size + QUANTC_CACHE_LINE - 1) &
                  ~(size_t)(QUANTC_CACHE_LINE - 1);
    ctx->workspace = aligned_alloc(QUANTC_CACHE_LINE, size);
    if (!ctx->workspace) {
      free(ctx);
      return QUANTC_ERROR_OUT_OF_MEMORY;
    }
  }
  if (pool_start(&ctx->pool, num_threads) != 0) {
    free(ctx->workspace);
    free(ctx);
    return QUANTC_ERROR_THREAD;
  }
  ctx->pool_started = 1;
  *out = ctx;
  return QUANTC_OK;
}

void quantc_rt_destroy(quantc_context *ctx) {
  if (!ctx)
    return;
  if (ctx->pool_started)
    pool_stop(&ctx->pool);
  free(ctx->workspace);
  free(ctx);
}

static int invoke(quantc_context *ctx, void (*entry)(void **),
                  const void *const *inputs, void *const *outputs) {
  const quantc_model_desc *desc = ctx->desc;
  if (!inputs && desc->num_inputs > 0) {
    set_error(ctx, "run: inputs is NULL");
    return QUANTC_ERROR_INVALID_ARGUMENT;
  }
  if (!outputs) {
    set_error(ctx, "run: outputs is NULL");
    return QUANTC_ERROR_INVALID_ARGUMENT;
  }
  enum { kMaxInline = 64 };
  void *inline_args[kMaxInline];
  int n = desc->num_inputs + desc->num_outputs + 1;
  void **args = n <= kMaxInline ? inline_args : (void **)malloc(n * sizeof(void *));
  if (!args) {
    set_error(ctx, "run: out of memory");
    return QUANTC_ERROR_OUT_OF_MEMORY;
  }
  for (int i = 0; i < desc->num_inputs; ++i) {
    /* An empty tensor has no bytes: NULL is fine for it. */
    if (!inputs[i] && desc->inputs[i].num_elements > 0) {
      set_error(ctx, "run: input %d ('%s') is NULL", i, desc->inputs[i].name);
      if (args != inline_args)
        free(args);
      return QUANTC_ERROR_INVALID_ARGUMENT;
    }
    args[i] = (void *)(uintptr_t)inputs[i];
  }
  for (int i = 0; i < desc->num_outputs; ++i) {
    if (!outputs[i] && desc->outputs[i].num_elements > 0) {
      set_error(ctx, "run: output %d ('%s') is NULL", i,
                desc->outputs[i].name);
      if (args != inline_args)
        free(args);
      return QUANTC_ERROR_INVALID_ARGUMENT;
    }
    args[desc->num_inputs + i] = outputs[i];
  }
  args[n - 1] = ctx->workspace;
  quantc_context *saved = tls_context;
  tls_context = ctx;
  entry(args);
  tls_context = saved;
  if (args != inline_args)
    free(args);
  ctx->error[0] = '\0';
  return QUANTC_OK;
}

int quantc_rt_run(quantc_context *ctx, const void *const *inputs,
                  void *const *outputs) {
  if (!ctx)
    return QUANTC_ERROR_INVALID_ARGUMENT;
  return invoke(ctx, ctx->desc->invoke, inputs, outputs);
}

int quantc_rt_run_quantized(quantc_context *ctx, const void *const *inputs,
                            void *const *outputs) {
  if (!ctx)
    return QUANTC_ERROR_INVALID_ARGUMENT;
  if (!ctx->desc->invoke_quantized) {
    set_error(ctx, "run_quantized: this artifact has no quantized entry "
                   "(compile with --quantize)");
    return QUANTC_ERROR_UNSUPPORTED;
  }
  return invoke(ctx, ctx->desc->invoke_quantized, inputs, outputs);
}

const char *quantc_rt_last_error(const quantc_context *ctx) {
  return ctx ? ctx->error : "invalid context (NULL)";
}
