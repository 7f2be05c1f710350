//===- Passes.td - quantc CPU target passes ----------------*- tablegen -*-===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_TARGET_CPU_PASSES_TD
#define QUANTC_TARGET_CPU_PASSES_TD

include "mlir/Pass/PassBase.td"

def SelectCPUKernels : Pass<"quantc-cpu-select-kernels"> {
  let summary = "Choose a CPU kernel (qck op) for each convolution, matmul and pool";
  let description = [{
    Rewrites NHWC `qc.conv2d` (groups 1, or depthwise with multiplier 1),
    `qc.matmul` with a [K, N] right operand, NHWC pooling and
    global pooling (a reduction over axes 1 and 2) of f32 tensors into
    `qck` kernel ops. Constant weights are packed at compile time into
    blocks of NR output channels ([OB, KH, KW, C, NR], zero padded past
    OC; NR is one or two vectors of `vector-bits`), 1x1 stride-1
    convolutions become matmuls over the flattened pixels, and spatial
    padding becomes an explicit `tensor.pad` (0 for convolutions and
    average pooling, -inf for max pooling; ceil_mode windows are covered
    by extra bottom/right padding). Float weights and biases known only at
    run time (a gradient function's arguments, a filter it flips) are
    packed by qc ops the program runs: `qc.pad` of the channels to whole
    blocks, `qc.reshape`, `qc.transpose`.

    Integer ops (u8 activation codes, constant s8 weights, i32 bias and a
    `#qc.requant`) get the integer kernels: weights packed in runs of P
    along the reduction ([OB, KH, G, NR, P] with G = ceil(KW * C / P) for
    convolutions, [NB, G, NR, P] for matmuls; P = 4 i8 for `int8-dot=vnni`,
    2 i16 for `pmaddwd`), bias and per-channel multipliers padded to the
    blocks; padding, reshapes stay `qc.pad` / `qc.reshape` on ui8 (pad code 0
    for convolutions and max pooling, the input zero point for averages).

    Declines (leaving the op to quantc-convert-qc-to-linalg): NCHW ops,
    run-time integer weights or bias, grouped non-depthwise convolutions, batched
    matmuls with a batched right operand, other element types.
  }];
  let options = [
    Option<"vectorBits", "vector-bits", "int64_t", "512",
           "Vector register width of the target in bits (256 or 512)">,
    Option<"int8Dot", "int8-dot", "::mlir::qc::Int8Dot",
           "::mlir::qc::Int8Dot::VNNI",
           "u8 x s8 dot product of the target", [{
           ::llvm::cl::values(
             clEnumValN(::mlir::qc::Int8Dot::VNNI, "vnni",
                        "vpdpbusd, weights packed in quads of i8"),
             clEnumValN(::mlir::qc::Int8Dot::PMADDWD, "pmaddwd",
                        "exact 16-bit pairs, weights packed in pairs of i16"))
           }]>
  ];
  let dependentDialects = ["::mlir::qck::QCKDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect"];
}

def ExpandCPUKernels : Pass<"quantc-cpu-expand-kernels"> {
  let summary = "Expand bufferized qck ops into register-tiled vector code";
  let description = [{
    Each `qck` op on memrefs becomes `scf.forall` loops over output tiles.
    A tile holds MR x NV accumulators of `vector<(vector-bits/32)xf32>` in
    registers across the whole reduction (kh, kw, c) as `scf.for`
    iter_args: per reduction step it loads NV filter vectors, broadcasts MR
    input scalars and issues MR x NV `vector.fma`s. The epilogue (bias,
    residual, leaky ReLU, clamp) is applied to the accumulators, then each
    output vector is stored once. MR is chosen so that MR x NV accumulators
    fit the register file (24 of 32 zmm, or 12 of 16 ymm).

    Edge tiles (fewer rows; a partial last channel block) get their own
    statically specialized forall with masked loads/stores, so the main
    tiles carry no bounds checks. Depthwise convolution and pooling
    vectorize along channels (MR pixels x two channel vectors).

    Integer kernels keep i32 accumulators: per reduction step one run of P
    activation codes is broadcast as a 32-bit word and accumulated exactly
    with vpdpbusd (`llvm.x86.avx512.vpdpbusd.{256,512}`, P = 4) or
    pmaddwd (P = 2, codes widened to i16) -- never the saturating
    vpmaddubsw. A partial last run is a masked load. The epilogue is the
    64-bit dyadic requantization of `#qc.requant` (bias, per-channel
    multipliers, residual, clamp) and one store of the codes. Depthwise
    convolutions widen to i32 products; max pooling works on the code bytes;
    average pooling sums in i32 and requantizes per position.

    Precondition: run after bufferization (memref operands).
  }];
  let options = [
    Option<"vectorBits", "vector-bits", "int64_t", "512",
           "Vector register width of the target in bits (256 or 512)">
  ];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::vector::VectorDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::arith::ArithDialect"];
}

def ParallelizeLinalg : Pass<"quantc-parallelize-linalg", "::mlir::ModuleOp"> {
  let summary = "Run the reference lowering's large linalg ops as parallel loops";
  let description = [{
    On memrefs, after the kernels are expanded: every linalg op outside an
    `scf.forall` with at least `min-work` iterations is tiled (through
    TilingInterface) into an `scf.forall` over its leading parallel
    dimensions of extent > 1 (unit tiles, until there are 64 or more; never
    the innermost dimension, nor past a reduction), so that
    quantc-outline-parallel-loops runs it on the thread pool. Each output
    element is computed as before (reductions stay inside a tile): results
    do not change. Outlined, the loops also leave the entry function small
    (LLVM's loop passes are superlinear in a function's loops). A function
    left with more than `max-serial-loops` serial linalg ops and copies
    gets each in an `scf.forall` of one iteration, outlined into a
    function of its own and called directly at run time.
  }];
  let options = [
    Option<"minWork", "min-work", "int64_t", /*default=*/"4096",
           "Iterations below which an op stays a serial loop">,
    Option<"maxSerialLoops", "max-serial-loops", "int64_t", /*default=*/"64",
           "Serial linalg ops and copies a function keeps inline">,
  ];
  let dependentDialects = ["::mlir::scf::SCFDialect",
                           "::mlir::memref::MemRefDialect",
                           "::mlir::affine::AffineDialect",
                           "::mlir::arith::ArithDialect"];
}

def OutlineParallelLoops : Pass<"quantc-outline-parallel-loops", "::mlir::ModuleOp"> {
  let summary = "Outline each outermost scf.forall into a parallel body";
  let description = [{
    Replaces every outermost (bufferized) `scf.forall` by a call to a new
    private function `@<parent>_parallel(captures..., %lb, %ub)` marked
    `quantc.parallel_body`, which runs the iterations [lb, ub) of the
    linearized iteration space in an `scf.for`; the call passes [0, n).
    Constants used by the body are cloned into it rather than captured.
    quantc-lower-parallel-calls later turns such calls into runtime
    parallel loops.
  }];
  let dependentDialects = ["::mlir::func::FuncDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::arith::ArithDialect"];
}

def LowerParallelCalls : Pass<"quantc-lower-parallel-calls", "::mlir::ModuleOp"> {
  let summary = "Run calls to parallel bodies on the runtime thread pool";
  let description = [{
    In the LLVM dialect: rewrites each `llvm.call @body(args..., lb, ub)`
    to a function marked `quantc.parallel_body` into

      store {args..., lb} to a stack slot of the caller
      llvm.call @quantc_rt_parallel_for(@body_trampoline, slot, ub - lb)

    where `@body_trampoline(ptr, i64 begin, i64 end)` loads the struct and
    calls `@body(args..., lb + begin, lb + end)`. The runtime splits [0, n)
    into chunks over its threads (or runs it inline on one thread).
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def PlanMemory : Pass<"quantc-plan-memory", "::mlir::ModuleOp"> {
  let summary = "Place every static buffer of a function in one workspace";
  let description = [{
    After bufferization each intermediate tensor is a `memref.alloc`. This
    pass gives each one an offset in a single workspace buffer, appended as
    the function's last argument (`memref<Nxi8>`), so an inference never
    calls malloc and the runtime allocates the workspace once per context.

    A call to another planned function gets a slice of the caller's
    workspace, live at the call, appended to the call's operands (callees
    are planned first, so the caller's workspace covers theirs).

    Lifetimes are intervals of top-level ops: from the alloc to the last
    op that uses the buffer or any view of it (uses inside regions count
    for their top-level ancestor). Buffers are placed largest first at the
    lowest 64-byte aligned offset that does not overlap a placed buffer
    live at the same time (greedy interval colouring). Every public function
    is planned; the workspace sizes are recorded in the module attribute
    `quantc.workspace` ({function name = bytes}).

    Preconditions: static shapes and identity layouts; allocations only at
    the top level of the function (or in regions whose buffers do not
    escape an iteration). The pass fails on an allocation it cannot plan
    rather than leaving a malloc without a free.

    ```mlir
    %0 = memref.alloc() {alignment = 64 : i64} : memref<1x8xf32>
    // becomes, with %ws the new last argument:
    %c0 = arith.constant 0 : index
    %0 = memref.view %ws[%c0][] : memref<64xi8> to memref<1x8xf32>
    ```
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect",
                           "::mlir::arith::ArithDialect"];
}

def LowerMemRefCopies : Pass<"quantc-lower-memref-copies"> {
  let summary = "Turn strided memref.copy into loops";
  let description = [{
    `memref.copy` between non-contiguous buffers (from bufferized pads and
    inserts) otherwise becomes a call into MLIR's C runner library, which an
    artifact must not depend on. Copies between contiguous identity-layout
    buffers are left alone (they become memcpy); the rest become
    `linalg.copy`, which `convert-linalg-to-loops` turns into loops the
    LLVM vectorizer handles.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def ExpandMath : Pass<"quantc-expand-math"> {
  let summary = "Replace transcendental math ops by vectorizable polynomials";
  let description = [{
    Applies upstream's polynomial approximations (exp, expm1, log, log1p,
    tanh, erf, ...) so that vectorized elementwise code stays in vector
    registers instead of scalarizing into libm calls. Accuracy is that of
    upstream's approximations (a few ulp in f32).
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::vector::VectorDialect"];
}

#endif // QUANTC_TARGET_CPU_PASSES_TD
