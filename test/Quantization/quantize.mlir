// RUN: quantc-opt %s -split-input-file -quantc-quantize | FileCheck %s

// quantc-quantize turns the calibrated ranges (qc.calib lo/hi; min/max are
// only statistics) into !quant.uniform types (docs/quantization.md,
// "Number formats"): u8 activations with s = (hi - lo) / 255 over the range
// extended to include 0 and z = round(-lo / s); per-output-channel
// symmetric s8 weights with s_w = max |W| / 127; i32 biases at s_in s_w.

// The range is [lo, hi] (not [min, max]): [-1, 3] gives s = 4/255,
// z = round(63.75) = 64. Entry arguments get a quant.qcast, results a
// quant.dcast; data movement keeps its input's parameters.
// CHECK-LABEL: func.func @main
// CHECK-SAME: (%[[X:.*]]: tensor<1x4xf32> {{.*}}) -> tensor<1x4xf32>
// CHECK: %[[Q:.*]] = quant.qcast %[[X]] : tensor<1x4xf32> to tensor<1x4x!quant.uniform<u8:f32, 0.015686274509803921:64>>
// CHECK: %[[R:.*]] = qc.reshape %[[Q]] {{.*}} : (tensor<1x4x!quant.uniform<u8:f32, 0.015686274509803921:64>>) -> tensor<1x4x!quant.uniform<u8:f32, 0.015686274509803921:64>>
// CHECK: %[[D:.*]] = quant.dcast %[[R]] : tensor<1x4x!quant.uniform<u8:f32, 0.015686274509803921:64>> to tensor<1x4xf32>
// CHECK: return %[[D]]
func.func @main(%arg0: tensor<1x4xf32> {qc.calib = #qc.calib<min = -10.0, max = 10.0, lo = -1.0, hi = 3.0>}) -> tensor<1x4xf32> {
  %0 = qc.reshape %arg0 {qc.calib = #qc.calib<min = -10.0, max = 10.0, lo = -5.0, hi = 5.0>} : (tensor<1x4xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

// Ranges are extended to contain 0: [0.5, 2] -> [0, 2] (z = 0, printed
// without it), [-3, -1] -> [-3, 0] (z = 255); [-1, 1] has z = round(127.5)
// = 128.
// CHECK-LABEL: func.func @main
// CHECK: quant.qcast %arg0 : tensor<2xf32> to tensor<2x!quant.uniform<u8:f32, 0.0078431372549019607>>
// CHECK: quant.qcast %arg1 : tensor<2xf32> to tensor<2x!quant.uniform<u8:f32, 0.011764705882352941:255>>
// CHECK: quant.qcast %arg2 : tensor<2xf32> to tensor<2x!quant.uniform<u8:f32, 0.0078431372549019607:128>>
func.func @main(%arg0: tensor<2xf32> {qc.calib = #qc.calib<min = 0.5, max = 2.0, lo = 0.5, hi = 2.0>},
                %arg1: tensor<2xf32> {qc.calib = #qc.calib<min = -3.0, max = -1.0, lo = -3.0, hi = -1.0>},
                %arg2: tensor<2xf32> {qc.calib = #qc.calib<min = -1.0, max = 1.0, lo = -1.0, hi = 1.0>})
    -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) {
  return %arg0, %arg1, %arg2 : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>
}

// -----

// A constant-zero tensor (degenerate range [0, 0]) gets the documented
// fallback: the scale of [0, 1] (1/255), zero point 0 (Calibration.h,
// u8Params).
// CHECK-LABEL: func.func @main
// CHECK: quant.qcast %arg0 : tensor<2xf32> to tensor<2x!quant.uniform<u8:f32, 0.0039215686{{[0-9]*}}>>
func.func @main(%arg0: tensor<2xf32> {qc.calib = #qc.calib<min = 0.0, max = 0.0, lo = 0.0, hi = 0.0>}) -> tensor<2xf32> {
  return %arg0 : tensor<2xf32>
}

// -----

// Convolution: per-output-channel s8 weights. Channel 0 has max |W| = 1.27
// (s_w = 0.01, up to float32 rounding of the weights), channel 1 max 0.635
// (s_w = 0.005), channel 2 is all zero (it takes the largest scale of the
// others, 0.01). Codes: 1.27 -> 127, 0.3 -> 30, -0.635 -> -127,
// 0.1 -> 20. s_in = 2.55 / 255 = 0.01, so the bias scales are
// s_in s_w = {1e-4, 5e-5, 1e-4} and 0.1 -> 1000, -0.2 -> -4000,
// 0.05 -> 500. The output (used by a non-returning op) is u8: [0, 5.1],
// s = 0.02.
// CHECK-LABEL: func.func @main
// CHECK: %[[X:.*]] = quant.qcast %arg0 {{.*}}!quant.uniform<u8:f32, 0.0099999999999999984>>
// CHECK: %[[WC:.*]] = qc.constant dense<{{\[\[\[\[}}127, 30]]], {{\[\[\[}}-127, 20]]], {{\[\[\[}}0, 0]]]]> : tensor<3x1x1x2xi8>
// CHECK: %[[W:.*]] = quant.scast %[[WC]] : tensor<3x1x1x2xi8> to tensor<3x1x1x2x!quant.uniform<i8<-127:127>:f32:0, {{.}}0.0099999{{[0-9]*}},0.0049999{{[0-9]*}},0.0099999{{[0-9]*}}{{.}}>>
// CHECK: %[[BC:.*]] = qc.constant dense<[1000, -4000, 500]> : tensor<3xi32>
// CHECK: %[[B:.*]] = quant.scast %[[BC]] : tensor<3xi32> to tensor<3x!quant.uniform<i32:f32:0, {{.*}}>>
// CHECK: qc.conv2d %[[X]], %[[W]], %[[B]] {{.*}} -> tensor<1x1x1x3x!quant.uniform<u8:f32, 0.019999999999999997>>
func.func @main(%arg0: tensor<1x1x1x2xf32> {qc.calib = #qc.calib<min = 0.0, max = 2.55, lo = 0.0, hi = 2.55>}) -> tensor<1x1x1x3xf32> {
  %w = qc.constant dense<[[[[1.27, 0.3]]], [[[-0.635, 0.1]]], [[[0.0, 0.0]]]]> : tensor<3x1x1x2xf32>
  %b = qc.constant dense<[0.1, -0.2, 0.05]> : tensor<3xf32>
  %0 = qc.conv2d %arg0, %w, %b {dilations = array<i64: 1, 1>, layout = #qc<layout nhwc>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, qc.calib = #qc.calib<min = 0.0, max = 5.1, lo = 0.0, hi = 5.1>} : (tensor<1x1x1x2xf32>, tensor<3x1x1x2xf32>, tensor<3xf32>) -> tensor<1x1x1x3xf32>
  %1 = qc.max_pool2d %0 {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, layout = #qc<layout nhwc>} : (tensor<1x1x1x3xf32>) -> tensor<1x1x1x3xf32>
  return %1 : tensor<1x1x1x3xf32>
}

// -----

// Matmul: weights per column of the [K, N] rhs (axis 1). Column 0 max
// 1.27, column 1 max 2.54: s_w = {0.01, 0.02}.
// CHECK-LABEL: func.func @main
// CHECK: %[[WC:.*]] = qc.constant dense<{{\[\[}}127, -64], [-64, 127]]> : tensor<2x2xi8>
// CHECK: %[[W:.*]] = quant.scast %[[WC]] : tensor<2x2xi8> to tensor<2x2x!quant.uniform<i8<-127:127>:f32:1, {{.}}0.0099999{{[0-9]*}},0.0199999{{[0-9]*}}{{.}}>>
// CHECK: qc.matmul %{{.*}}, %[[W]] {
func.func @main(%arg0: tensor<1x2xf32> {qc.calib = #qc.calib<min = 0.0, max = 2.55, lo = 0.0, hi = 2.55>}) -> tensor<1x2xf32> {
  %w = qc.constant dense<[[1.27, -1.28], [-0.64, 2.54]]> : tensor<2x2xf32>
  %0 = qc.matmul %arg0, %w {qc.calib = #qc.calib<min = 0.0, max = 5.1, lo = 0.0, hi = 5.1>} : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %1 = qc.clamp %0 {min = 0.0 : f32} : (tensor<1x2xf32>) -> tensor<1x2xf32>
  return %1 : tensor<1x2xf32>
}

// -----

// A model output computed by a contraction (through single-use reshapes /
// transposes) stays 32-bit: s = max(|lo|, |hi|) / 2^24 = 4 / 2^24.
// CHECK-LABEL: func.func @main
// CHECK: %[[M:.*]] = qc.matmul {{.*}} -> tensor<1x2x!quant.uniform<i32{{.*}}:f32, 2.384185791015625E-7>>
// CHECK: %[[R:.*]] = qc.reshape %[[M]] {{.*}} -> tensor<2x!quant.uniform<i32{{.*}}:f32, 2.384185791015625E-7>>
// CHECK: quant.dcast %[[R]] : tensor<2x!quant.uniform<i32{{.*}}:f32, 2.384185791015625E-7>> to tensor<2xf32>
func.func @main(%arg0: tensor<1x2xf32> {qc.calib = #qc.calib<min = 0.0, max = 2.55, lo = 0.0, hi = 2.55>}) -> tensor<2xf32> {
  %w = qc.constant dense<[[1.0, -1.0], [-0.5, 2.0]]> : tensor<2x2xf32>
  %0 = qc.matmul %arg0, %w {qc.calib = #qc.calib<min = -2.0, max = 4.0, lo = -2.0, hi = 4.0>} : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %1 = qc.reshape %0 : (tensor<1x2xf32>) -> tensor<2xf32>
  return %1 : tensor<2xf32>
}

// -----

// A contraction result that also feeds another op is not a pure model
// output: it stays u8 ([-2, 4]: s = 6/255, z = round(85) = 85).
// CHECK-LABEL: func.func @main
// CHECK: %[[M:.*]] = qc.matmul {{.*}} -> tensor<1x2x!quant.uniform<u8:f32, 0.023529411764705882:85>>
func.func @main(%arg0: tensor<1x2xf32> {qc.calib = #qc.calib<min = 0.0, max = 2.55, lo = 0.0, hi = 2.55>}) -> (tensor<1x2xf32>, tensor<1x2xf32>) {
  %w = qc.constant dense<[[1.0, -1.0], [-0.5, 2.0]]> : tensor<2x2xf32>
  %0 = qc.matmul %arg0, %w {qc.calib = #qc.calib<min = -2.0, max = 4.0, lo = -2.0, hi = 4.0>} : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %1 = qc.clamp %0 {min = 0.0 : f32} : (tensor<1x2xf32>) -> tensor<1x2xf32>
  return %0, %1 : tensor<1x2xf32>, tensor<1x2xf32>
}

// -----

// Ops with an integer form of their own get their own range: add, sub,
// average pooling, mean, concat ([0, 1.02]: s = 0.004). Data movement,
// max pooling, clamps and reductions by max/min keep their input's
// parameters whatever their qc.calib says.
// CHECK-LABEL: func.func @main
// CHECK: %[[X:.*]] = quant.qcast %arg0 : tensor<1x2x2x1xf32> to tensor<1x2x2x1x!quant.uniform<u8:f32, 0.0078431372549019607:128>>
// CHECK: qc.add {{.*}} -> tensor<1x2x2x1x!quant.uniform<u8:f32, 4.000000e-03>>
// CHECK: qc.sub {{.*}} -> tensor<1x2x2x1x!quant.uniform<u8:f32, 4.000000e-03>>
// CHECK: qc.avg_pool2d {{.*}} -> tensor<1x1x1x1x!quant.uniform<u8:f32, 4.000000e-03>>
// CHECK: qc.reduce_mean {{.*}} -> tensor<1x1x1x1x!quant.uniform<u8:f32, 4.000000e-03>>
// CHECK: qc.concat {{.*}} -> tensor<1x4x2x1x!quant.uniform<u8:f32, 4.000000e-03>>
// CHECK: qc.transpose {{.*}} -> tensor<1x1x2x2x!quant.uniform<u8:f32, 0.0078431372549019607:128>>
// CHECK: qc.slice {{.*}} -> tensor<1x1x2x1x!quant.uniform<u8:f32, 0.0078431372549019607:128>>
// CHECK: qc.pad {{.*}} -> tensor<1x2x2x2x!quant.uniform<u8:f32, 0.0078431372549019607:128>>
// CHECK: qc.max_pool2d {{.*}} -> tensor<1x1x1x1x!quant.uniform<u8:f32, 0.0078431372549019607:128>>
// CHECK: qc.clamp {{.*}} -> tensor<1x2x2x1x!quant.uniform<u8:f32, 0.0078431372549019607:128>>
// CHECK: qc.reduce_max {{.*}} -> tensor<1x1x2x1x!quant.uniform<u8:f32, 0.0078431372549019607:128>>
// CHECK: qc.reduce_min {{.*}} -> tensor<1x1x2x1x!quant.uniform<u8:f32, 0.0078431372549019607:128>>
// CHECK: qc.gather %[[X]], %{{.*}} {{.*}} : (tensor<1x2x2x1x!quant.uniform<u8:f32, 0.0078431372549019607:128>>, tensor<1xi64>) -> tensor<1x1x2x1x!quant.uniform<u8:f32, 0.0078431372549019607:128>>
#r = #qc.calib<min = 0.0, max = 1.02, lo = 0.0, hi = 1.02>
func.func @main(%arg0: tensor<1x2x2x1xf32> {qc.calib = #qc.calib<min = -1.0, max = 1.0, lo = -1.0, hi = 1.0>})
    -> (tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>, tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>, tensor<1x4x2x1xf32>,
        tensor<1x1x2x2xf32>, tensor<1x1x2x1xf32>, tensor<1x2x2x2xf32>, tensor<1x1x1x1xf32>, tensor<1x2x2x1xf32>,
        tensor<1x1x2x1xf32>, tensor<1x1x2x1xf32>, tensor<1x1x2x1xf32>) {
  %i = qc.constant dense<[1]> : tensor<1xi64>
  %0 = qc.add %arg0, %arg0 {qc.calib = #r} : (tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  %1 = qc.sub %arg0, %arg0 {qc.calib = #r} : (tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  %2 = qc.avg_pool2d %arg0 {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, layout = #qc<layout nhwc>, qc.calib = #r} : (tensor<1x2x2x1xf32>) -> tensor<1x1x1x1xf32>
  %3 = qc.reduce_mean %arg0 {axes = array<i64: 1, 2>, qc.calib = #r} : (tensor<1x2x2x1xf32>) -> tensor<1x1x1x1xf32>
  %4 = qc.concat %arg0, %arg0 {axis = 1 : i64, qc.calib = #r} : (tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>) -> tensor<1x4x2x1xf32>
  %5 = qc.transpose %arg0 {perm = array<i64: 0, 3, 1, 2>, qc.calib = #r} : (tensor<1x2x2x1xf32>) -> tensor<1x1x2x2xf32>
  %6 = qc.slice %arg0 {starts = array<i64: 0, 1, 0, 0>, steps = array<i64: 1, 1, 1, 1>, qc.calib = #r} : (tensor<1x2x2x1xf32>) -> tensor<1x1x2x1xf32>
  %7 = qc.pad %arg0 {pads = array<i64: 0, 0, 0, 0, 0, 0, 0, 1>, value = 0.5 : f32, qc.calib = #r} : (tensor<1x2x2x1xf32>) -> tensor<1x2x2x2xf32>
  %8 = qc.max_pool2d %arg0 {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, layout = #qc<layout nhwc>, qc.calib = #r} : (tensor<1x2x2x1xf32>) -> tensor<1x1x1x1xf32>
  %9 = qc.clamp %arg0 {min = 0.0 : f32, qc.calib = #r} : (tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  %10 = qc.reduce_max %arg0 {axes = array<i64: 1>, qc.calib = #r} : (tensor<1x2x2x1xf32>) -> tensor<1x1x2x1xf32>
  %11 = qc.reduce_min %arg0 {axes = array<i64: 1>, qc.calib = #r} : (tensor<1x2x2x1xf32>) -> tensor<1x1x2x1xf32>
  %12 = qc.gather %arg0, %i {axis = 1 : i64, qc.calib = #r} : (tensor<1x2x2x1xf32>, tensor<1xi64>) -> tensor<1x1x2x1xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12 : tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>, tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>, tensor<1x4x2x1xf32>,
        tensor<1x1x2x2xf32>, tensor<1x1x2x1xf32>, tensor<1x2x2x2xf32>, tensor<1x1x1x1xf32>, tensor<1x2x2x1xf32>,
        tensor<1x1x2x1xf32>, tensor<1x1x2x1xf32>, tensor<1x1x2x1xf32>
}

// -----

// A product has its own calibrated range ([0, 2]: s = 2/255). A constant
// factor that varies along at most one dimension becomes symmetric i8 codes,
// per axis along that dimension, each channel at its own scale: exact (here
// the scalar 0.5, code 127 at scale 0.5/127).
// CHECK-LABEL: func.func @main
// CHECK: %[[M:.*]] = qc.mul %{{.*}}, %{{.*}} {{.*}}: (tensor<1x4x!quant.uniform<u8:f32, 0.0039215686274509803>>, tensor<1x4x!quant.uniform<u8:f32, 0.0039215686274509803>>) -> tensor<1x4x!quant.uniform<u8:f32, 0.0078431372549019607>>
// CHECK: %[[C:.*]] = qc.constant dense<127> : tensor<i8>
// CHECK: %[[QC:.*]] = quant.scast %[[C]] : tensor<i8> to tensor<!quant.uniform<i8<-127:127>:f32, 0.003937007874015748>>
// CHECK: qc.mul %[[QC]], %[[M]] {{.*}}: (tensor<!quant.uniform<i8<-127:127>:f32, 0.003937007874015748>>, tensor<1x4x!quant.uniform<u8:f32, 0.0078431372549019607>>) -> tensor<1x4x!quant.uniform<u8:f32, 0.0039215686274509803>>
func.func @main(%arg0: tensor<1x4xf32> {qc.calib = #qc.calib<min = 0.0, max = 1.0, lo = 0.0, hi = 1.0>}) -> tensor<1x4xf32> {
  %c = qc.constant dense<0.5> : tensor<f32>
  %0 = qc.mul %arg0, %arg0 {qc.calib = #qc.calib<min = 0.0, max = 2.0, lo = 0.0, hi = 2.0>} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %1 = qc.mul %c, %0 {qc.calib = #qc.calib<min = 0.0, max = 1.0, lo = 0.0, hi = 1.0>} : (tensor<f32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  return %1 : tensor<1x4xf32>
}

// -----

// Constant operands of a model quantc quantizes itself:
// - a factor varying along dimension 1 of [2, 1]: per axis 0 (its own
//   dimension), codes +-127 at |c| / 127, a zero channel code 0 at the
//   largest scale;
// - a division by a constant is a product with its reciprocal (1/4 on
//   every element: one scale);
// - an addend (and a subtrahend) becomes i32 codes at s_y / 256
//   (s_y = 4/255 for the range [-2, 2]: 1.0 is code 16320);
// - a factor varying along two dimensions keeps u8 codes, here on the
//   coarsest grid it lies on exactly (1.5).
// CHECK-LABEL: func.func @main
// CHECK: qc.constant dense<{{\[\[}}127], [0], [-127]]> : tensor<3x1xi8>
// CHECK-NEXT: quant.scast %{{.*}} : tensor<3x1xi8> to tensor<3x1x!quant.uniform<i8<-127:127>:f32:0, {0.015748031496062992,0.015748031496062992,0.003937007874015748}>>
// CHECK: qc.mul
// CHECK: qc.constant dense<127> : tensor<3x2xi8>
// CHECK-NEXT: quant.scast %{{.*}} : tensor<3x2xi8> to tensor<3x2x!quant.uniform<i8<-127:127>:f32, 0.001968503937007874>>
// CHECK: qc.mul
// CHECK-NOT: qc.div
// CHECK: qc.constant dense<[16320, -32640]> : tensor<2xi32>
// CHECK-NEXT: quant.scast %{{.*}} : tensor<2xi32> to tensor<2x!quant.uniform<i32<-2147483647:2147483647>:f32, 6.1274509803921568E-5>>
// CHECK: qc.sub
// CHECK: qc.constant dense<{{\[\[}}1, 2], [2, 2], [2, 2]]> : tensor<3x2xi8>
// CHECK-NEXT: quant.scast %{{.*}} : tensor<3x2xi8> to tensor<3x2x!quant.uniform<u8:f32, 1.500000e+00>>
func.func @main(%arg0: tensor<3x2xf32> {qc.calib = #qc.calib<min = 0.0, max = 1.0, lo = 0.0, hi = 1.0>}) -> (tensor<3x2xf32>, tensor<3x2xf32>, tensor<3x2xf32>, tensor<3x2xf32>) {
  %f = qc.constant dense<[[2.0], [0.0], [-0.5]]> : tensor<3x1xf32>
  %four = qc.constant dense<4.0> : tensor<3x2xf32>
  %a = qc.constant dense<[1.0, -2.0]> : tensor<2xf32>
  %g = qc.constant dense<[[1.5, 3.0], [3.0, 3.0], [3.0, 3.0]]> : tensor<3x2xf32>
  %0 = qc.mul %arg0, %f {qc.calib = #qc.calib<min = -1.0, max = 2.0, lo = -1.0, hi = 2.0>} : (tensor<3x2xf32>, tensor<3x1xf32>) -> tensor<3x2xf32>
  %1 = qc.div %arg0, %four {qc.calib = #qc.calib<min = 0.0, max = 0.25, lo = 0.0, hi = 0.25>} : (tensor<3x2xf32>, tensor<3x2xf32>) -> tensor<3x2xf32>
  %2 = qc.sub %arg0, %a {qc.calib = #qc.calib<min = -2.0, max = 2.0, lo = -2.0, hi = 2.0>} : (tensor<3x2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  %3 = qc.mul %arg0, %g {qc.calib = #qc.calib<min = 0.0, max = 3.0, lo = 0.0, hi = 3.0>} : (tensor<3x2xf32>, tensor<3x2xf32>) -> tensor<3x2xf32>
  return %0, %1, %2, %3 : tensor<3x2xf32>, tensor<3x2xf32>, tensor<3x2xf32>, tensor<3x2xf32>
}

// -----

// Integer division (index arithmetic) is not quantized: it stays qc.div.
// CHECK-LABEL: func.func @main
// CHECK: qc.div %{{.*}}, %{{.*}} : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
func.func @main(%arg0: tensor<1x4xf32> {qc.calib = #qc.calib<min = 0.0, max = 1.0, lo = 0.0, hi = 1.0>}, %idx: tensor<2xi64>) -> (tensor<1x4xf32>, tensor<2xi64>) {
  %two = qc.constant dense<2> : tensor<2xi64>
  %d = qc.div %idx, %two : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  return %arg0, %d : tensor<1x4xf32>, tensor<2xi64>
}
