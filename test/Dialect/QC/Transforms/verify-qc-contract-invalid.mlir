// RUN: quantc-opt %s -split-input-file -verify-diagnostics -quantc-verify-qc-contract

// One case per contract violation; each is reported at the offending op.

// A node the legalization left behind.
func.func @onnx_op_left(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{qc contract: unexpected op 'qc.onnx_op'}}
  %0 = qc.onnx_op "Foo"(%x) {attrs = {}, domain = "", version = 13 : i64} : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// An absent optional input that was not consumed.
func.func @none_left(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{qc contract: unexpected op 'qc.none'}}
  %n = qc.none
  return %x : tensor<2xf32>
}

// -----

// Ops of other dialects are not part of the qc stage.
func.func @foreign_op(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{qc contract: unexpected op 'tensor.empty'}}
  %e = tensor.empty() : tensor<2xf32>
  return %x : tensor<2xf32>
}

// -----

// expected-error@+1 {{qc contract: argument type 'tensor<?x2xf32>' is not a static tensor}}
func.func @dynamic_argument(%x: tensor<?x2xf32>) -> tensor<?x2xf32> {
  return %x : tensor<?x2xf32>
}

// -----

// expected-error@+1 {{qc contract: argument type 'f32' is not a static tensor}}
func.func @scalar_argument(%x: f32) -> f32 {
  return %x : f32
}

// -----

func.func @dynamic_result(%x: tensor<1x8xf32>) -> tensor<?xf32> {
  // expected-error@+1 {{qc contract: result type 'tensor<?xf32>' is not a static tensor}}
  %r = qc.reshape %x : (tensor<1x8xf32>) -> tensor<?xf32>
  return %r : tensor<?xf32>
}

// -----

// expected-error@+1 {{qc contract: expected one public entry function, found 2}}
module {
  func.func @a(%x: tensor<2xf32>) -> tensor<2xf32> {
    return %x : tensor<2xf32>
  }
  func.func @b(%x: tensor<2xf32>) -> tensor<2xf32> {
    return %x : tensor<2xf32>
  }
}

// -----

// expected-error@+1 {{qc contract: expected one public entry function, found 0}}
module {
  func.func private @a(%x: tensor<2xf32>) -> tensor<2xf32> {
    return %x : tensor<2xf32>
  }
}

// -----

func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {
  return %x : tensor<2xf32>
}
// expected-error@+1 {{qc contract: unexpected top-level op}}
memref.global "private" @g : memref<2xf32>
