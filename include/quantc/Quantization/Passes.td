//===- Passes.td - quantc quantization passes --------------*- tablegen -*-===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_QUANTIZATION_PASSES_TD
#define QUANTC_QUANTIZATION_PASSES_TD

include "mlir/Pass/PassBase.td"

def FoldFakeQuant : Pass<"quantc-fold-fake-quant", "::mlir::ModuleOp"> {
  let summary = "Turn qc.fake_quant grids into fixed quantization parameters";
  let description = [{
    For a model quantized by another tool (imported QuantizeLinear,
    QLinearConv, QLinearMatMul): each `qc.fake_quant %x {scale = s,
    zero_point = z, storage}` of the entry function fixes the parameters of
    the tensor it rounds. That tensor is `%x`, or, when `%x` comes from ops
    whose codes are their input's (reshape, transpose, slice, pad, max
    pooling, clamp, reduce_max/min, gather), the input of that chain. On
    quantc's u8 grid its parameters are scale s and zero point z' = z (ui8
    storage) or z + 128 (i8: the same grid, shifted), recorded on the
    defining op (or as an entry argument attribute) as

        qc.qparams = #qc.qparams<scale = s, zero_point = z'>
        qc.calib = #qc.calib<min = lo, max = hi, lo = lo, hi = hi,
                             fixed = true>

    with lo = (0 - z') * s and hi = (255 - z') * s. The fake_quant is then
    erased: its users read `%x`. quantc-calibrate keeps fixed ranges and
    quantc-quantize takes `qc.qparams` exactly (recomputing them from lo/hi
    would round them).

    A contraction whose result is a model output (kept 32-bit by
    quantc-quantize) usually has no QuantizeLinear; when its input has
    fixed parameters and its weights and bias are constants, it gets the
    range bound |y| <= max_o (sum_k |W[o, k]| * max|x| + |b[o]|) (plus the
    residual's bound), as `qc.calib` with `bound = true`: calibration data,
    when given, replaces it with the observed range.

    ```mlir
    %y = qc.conv2d %x, %w : (...) -> tensor<1x8x4x4xf32>
    %q = qc.fake_quant %y {scale = 0.02 : f64, zero_point = 0 : i64,
        storage = ui8} : tensor<1x8x4x4xf32>
    // becomes
    %y = qc.conv2d %x, %w {qc.qparams = #qc.qparams<scale = 0.02,
        zero_point = 0>, qc.calib = #qc.calib<...>} : (...) -> tensor<...>
    ```

    Errors: two fake_quants that give one tensor different grids.
  }];
}

def Calibrate : Pass<"quantc-calibrate", "::mlir::ModuleOp"> {
  let summary = "Record activation ranges by running the float model";
  let description = [{
    Compiles an instrumented copy of the float module (every activation of
    the entry function becomes an extra output: the observers) with the
    runner given to the pass's constructor (quantc's own code generator:
    `quantc::compileToLoadedModel`, which quantc-opt registers the pass
    with) and runs it over the calibration samples twice:
    once for each tensor's min/max, once for a 2048-bin histogram over that
    range. The range chosen by `method` (docs/quantization.md) is attached
    to the value's defining op (or the entry argument) as

        qc.calib = #qc.calib<min = ..., max = ..., lo = ..., hi = ...>

    Samples come from `data` (a stacked .npy, a directory of .npy/.pb, an
    .npz, or ONNX test_data_set_* directories). The quantc driver, given
    neither data nor statistics, synthesizes samples from the model's
    BatchNorm statistics (ZeroQ, tools/quantc-distill) and passes them as
    `data`. `save`
    writes every statistic (histograms included) as JSON; `load` reads such
    a file instead of running the model, so a recompile needs no data.

    Errors: unreadable/mis-shaped/non-finite/empty data (naming the file),
    a `load` file made for another model.
  }];
  let options = [
    Option<"data", "data", "std::string", "\"\"", "Calibration data path">,
    Option<"method", "method", "::quantc::CalibMethod",
           "::quantc::CalibMethod::MinMax",
           "How each tensor's range is chosen (docs/quantization.md)", [{
           ::llvm::cl::values(
             clEnumValN(::quantc::CalibMethod::MinMax, "minmax",
                        "the observed min and max"),
             clEnumValN(::quantc::CalibMethod::Percentile, "percentile",
                        "the `percentile` of |x| (histogram)"),
             clEnumValN(::quantc::CalibMethod::MSE, "mse",
                        "the range of least quantization MSE"),
             clEnumValN(::quantc::CalibMethod::Entropy, "entropy",
                        "TensorRT's KL-divergence range"))
           }]>,
    Option<"percentile", "percentile", "double", "99.99",
           "Percentile of the percentile method">,
    Option<"save", "save", "std::string", "\"\"", "Write statistics to this JSON file">,
    Option<"load", "load", "std::string", "\"\"", "Read statistics from this JSON file">,
    Option<"threads", "threads", "int", "0", "Threads of the calibration runs (0: all CPUs)">,
    Option<"maxSamples", "max-samples", "int", "0", "Use at most this many samples (0: all)">,
    Option<"progress", "progress", "bool", "true", "Print progress to stderr">
  ];
}

def BiasCorrect : Pass<"quantc-bias-correct", "::mlir::ModuleOp"> {
  let summary = "Cancel the mean output shift of weight rounding in the bias";
  let description = [{
    Analytic bias correction (Nagel et al., "Data-Free Quantization", 2019,
    sec. 4.2, with measured input means): rounding a contraction's weights
    to the s8 per-output-channel grid of quantc-quantize (s_w[o] =
    max|W[o]| / 127, round half to even) changes each output channel by
    sum over inputs of (Wq - W) x, whose mean over the data is

        d[o] = sum_i mean(x_i) * sum_{taps} (Wq - W)[o, i, taps]

    with mean(x_i) the calibration mean of input channel i (recorded by
    quantc-calibrate as `channel_mean`, with its `channel_axis`, in the
    input's `qc.calib`; means along another axis than the contraction's are
    not used). The scale is max|W[o]| / 127 as in quantc-quantize; where
    quantc-quantize coarsens a channel's scale so that a huge bias fits 31
    bits, the correction is computed for the finer grid (it is then far
    below the bias's float precision). The pass
    subtracts d[o] from the float bias (creating a zero bias where there is
    none), so the quantized model's outputs are unbiased; the weights and
    their codes do not change. Conv2d (either layout, groups) and matmul
    with constant 2-D weights; a contraction whose input has no channel
    means, and a model quantized by another tool
    (`qc.imported_quantization`, weights on their own grid), is left alone.
    Border zero padding is ignored (the taps at the border see 0, not the
    mean).

    Errors: channel means whose count does not match the input channels.
  }];
}

def Quantize : Pass<"quantc-quantize", "::mlir::ModuleOp"> {
  let summary = "Give every tensor a quantized type from its calibrated range";
  let description = [{
    Using the `qc.calib` ranges: activations become
    `!quant.uniform<u8:f32, s:z>` (asymmetric, 0 exact); conv/matmul
    weights become per-output-channel symmetric i8 constants behind a
    `quant.scast` to `!quant.uniform<i8<-127:127>:f32:axis, {...}>`; biases
    i32 at scale s_in * s_w[o]. Data movement (reshape, transpose, slice,
    pad, max pooling, clamp) keeps its input's parameters. Entry arguments
    get a `quant.qcast`, results a `quant.dcast`; a result computed by a
    contraction stays 32-bit (`!quant.uniform<i32:f32, s>` with s =
    max(|lo|, |hi|) / 2^24) so logits are not rounded to 256 levels.

    Fixed parameters (`#qc.qparams<scale, zero_point>`, set by
    quantc-fold-fake-quant for a model quantized by another tool) are taken
    as they are; such a contraction is not kept 32-bit. In such a model
    (module attribute `qc.imported_quantization`) weights keep the exact
    grid they lie on (per channel, the coarsest min|w| / k, k = 1..127,
    with integer codes in [-127, 127]), and a float constant operand of an
    add/sub becomes u8 codes on its own (exact) grid.

    Errors: an op without an integer form (e.g. softmax), or a missing
    range, naming the op and its ONNX node.
  }];
  let dependentDialects = ["::mlir::quant::QuantDialect"];
}

def Integerize : Pass<"quantc-integerize", "::mlir::ModuleOp"> {
  let summary = "Dyadic rewriting: quantized ops to integer-only ops";
  let description = [{
    Rewrites the quantized graph into integer arithmetic
    (docs/quantization.md): convolutions/matmuls become u8 x s8 -> s32
    contractions whose `#qc.requant` maps the accumulator to the output
    code with multipliers m[o] ~ 2^k * s_in s_w[o] / s_out (and leaky
    ReLU's negative slope, a residual input's s_r / s_out), one shared
    shift k, round-half-up, and the activation's clamp; the input zero
    point is folded into the bias and padding becomes an explicit pad with
    the zero point. Adds become two-input `qc.rescale`s, average pools and
    means sum and rescale per position. Quantized types become i8/ui8/i32;
    `quant.qcast`/`dcast` become `qc.quantize`/`qc.dequantize` (the only
    float ops left, at the boundary).
  }];
}

def AddQuantizedEntry : Pass<"quantc-add-quantized-entry", "::mlir::ModuleOp"> {
  let summary = "Split @main into @main_quantized and a float boundary";
  let description = [{
    Moves the body of the entry `@main` into `@main_quantized` without its
    boundary `qc.quantize`/`qc.dequantize` ops: it takes the input codes
    and returns the output codes (the artifact's run_quantized()). `@main`
    keeps only the boundary: it quantizes its float inputs, calls
    `@main_quantized` and dequantizes the results, so the model body
    exists once and the only float arithmetic of the artifact is at its
    boundary.
  }];
  let dependentDialects = ["::mlir::func::FuncDialect"];
}

#endif // QUANTC_QUANTIZATION_PASSES_TD
