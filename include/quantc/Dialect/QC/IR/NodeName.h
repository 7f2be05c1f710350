//===- NodeName.h - The ONNX node an op came from ---------------*- C++ -*-===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTC_DIALECT_QC_IR_NODENAME_H
#define QUANTC_DIALECT_QC_IR_NODENAME_H

#include "mlir/IR/Location.h"

#include <string>

namespace mlir::qc {

/// The ONNX node a location names, as the importer set it: its NameLoc, or
/// the first one inside a FusedLoc or a call site's callee; "" if none.
inline std::string onnxNodeName(Location loc) {
  if (auto n = dyn_cast<NameLoc>(loc))
    return n.getName().str();
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location l : fused.getLocations())
      if (std::string s = onnxNodeName(l); !s.empty())
        return s;
  if (auto callsite = dyn_cast<CallSiteLoc>(loc))
    return onnxNodeName(callsite.getCallee());
  return "";
}

} // namespace mlir::qc

#endif // QUANTC_DIALECT_QC_IR_NODENAME_H
