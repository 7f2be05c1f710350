// RUN: quantc-opt %s -allow-unregistered-dialect -verify-diagnostics -quantc-verify-qc-contract
// Regression (fixed; the old behaviour): VerifyQCContract reads inner->getDialect()->getNamespace()
// without checking for null; an unregistered op has no dialect, so the
// pass crashes (segfault) instead of reporting the op.

func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{qc contract: unexpected op 'foo.bar'}}
  %0 = "foo.bar"(%x) : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
