//===- Passes.td - quantc quantization passes --------------*- tablegen -*-===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_QUANTIZATION_PASSES_TD
#define QUANTC_QUANTIZATION_PASSES_TD

include "mlir/Pass/PassBase.td"

def Calibrate : Pass<"quantc-calibrate", "::mlir::ModuleOp"> {
  let summary = "Record activation ranges by running the float model";
  let description = [{
    Compiles an instrumented copy of the float module with quantc's own
    code generator (every activation of the entry function becomes an extra
    output: the observers) and runs it over the calibration samples twice:
    once for each tensor's min/max, once for a 2048-bin histogram over that
    range. The range chosen by `method` (docs/quantization.md) is attached
    to the value's defining op (or the entry argument) as

        qc.calib = {min = ..., max = ..., lo = ..., hi = ...}

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
    Option<"method", "method", "std::string", "\"minmax\"",
           "Range method: minmax, percentile, mse or entropy">,
    Option<"percentile", "percentile", "double", "99.99",
           "Percentile of the percentile method">,
    Option<"save", "save", "std::string", "\"\"", "Write statistics to this JSON file">,
    Option<"load", "load", "std::string", "\"\"", "Read statistics from this JSON file">,
    Option<"threads", "threads", "int", "0", "Threads of the calibration runs (0: all CPUs)">,
    Option<"maxSamples", "max-samples", "int", "0", "Use at most this many samples (0: all)">,
    Option<"progress", "progress", "bool", "true", "Print progress to stderr">
  ];
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
