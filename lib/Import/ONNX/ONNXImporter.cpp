//===- ONNXImporter.cpp - ONNX protobuf to qc.onnx_op ---------------------===//
//
// Part of the quantc project.
//
// ONNX's C++ API reports problems by throwing; this file is built with
// exceptions and turns each into one located diagnostic.
//
//===----------------------------------------------------------------------===//

#include "quantc/Import/ONNXImporter.h"

#include "quantc/Dialect/QC/IR/ConstantUtils.h"
#include "quantc/Dialect/QC/IR/QCOps.h"
#include "quantc/Support/Tensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include "onnx/checker.h"

namespace onnx::checker {
// Exported by libonnx but not declared in its checker.h (1.12): the model
// check with a context, which carries the model's directory so external
// data is found relative to the model, not the working directory.
void check_model(const ModelProto &model, CheckerContext &ctx);
} // namespace onnx::checker
#include "onnx/onnx_pb.h"
#include "onnx/shape_inference/implementation.h"
#include "onnx/version_converter/convert.h"

#include <algorithm>
#include <exception>
#include <map>

using namespace mlir;
using namespace quantc;

bool quantc::parseInputShapeSpec(llvm::StringRef spec, std::string &name,
                                 std::vector<int64_t> &dims) {
  auto [lhs, rhs] = spec.rsplit('=');
  if (lhs.empty() || rhs.empty() || spec.count('=') == 0)
    return false;
  name = lhs.str();
  dims.clear();
  SmallVector<StringRef> parts;
  rhs.split(parts, 'x');
  for (StringRef p : parts) {
    int64_t v;
    if (p.trim().getAsInteger(10, v) || v < 0)
      return false;
    dims.push_back(v);
  }
  return true;
}

namespace {

/// MLIR element type of an ONNX TensorProto.DataType; null if unsupported.
Type convertElementType(MLIRContext *ctx, int32_t code) {
  Builder b(ctx);
  switch (code) {
  case onnx::TensorProto::FLOAT:
    return b.getF32Type();
  case onnx::TensorProto::DOUBLE:
    return b.getF64Type();
  case onnx::TensorProto::FLOAT16:
    return b.getF16Type();
  case onnx::TensorProto::BFLOAT16:
    return b.getBF16Type();
  case onnx::TensorProto::INT8:
    return b.getIntegerType(8);
  case onnx::TensorProto::UINT8:
    return b.getIntegerType(8, /*isSigned=*/false);
  case onnx::TensorProto::INT16:
    return b.getIntegerType(16);
  case onnx::TensorProto::UINT16:
    return b.getIntegerType(16, false);
  case onnx::TensorProto::INT32:
    return b.getIntegerType(32);
  case onnx::TensorProto::UINT32:
    return b.getIntegerType(32, false);
  case onnx::TensorProto::INT64:
    return b.getIntegerType(64);
  case onnx::TensorProto::UINT64:
    return b.getIntegerType(64, false);
  case onnx::TensorProto::BOOL:
    return b.getI1Type();
  default:
    return nullptr;
  }
}

const char *onnxTypeName(int32_t code) {
  return onnx::TensorProto::DataType_Name(
             static_cast<onnx::TensorProto::DataType>(code))
      .c_str();
}

class Importer {
public:
  Importer(MLIRContext &ctx, StringRef displayName, StringRef baseDir,
           const ONNXImportOptions &options)
      : ctx(ctx), builder(&ctx), displayName(displayName.str()),
        baseDir(baseDir.str()), options(options),
        fileLoc(FileLineColLoc::get(&ctx, displayName, 0, 0)) {}

  OwningOpRef<ModuleOp> run(StringRef bytes);

private:
  InFlightDiagnostic error() { return emitError(fileLoc); }
  Location nodeLoc(const onnx::NodeProto &node, int index) {
    std::string name = node.name().empty()
                           ? node.op_type() + "#" + std::to_string(index)
                           : node.name();
    return NameLoc::get(StringAttr::get(&ctx, name), fileLoc);
  }

  bool checkStructure(const onnx::ModelProto &model);
  void reportCheckerError(const onnx::GraphProto &graph, StringRef what);
  bool fixInputShapes(onnx::ModelProto &model);
  Type convertType(const onnx::TypeProto &type);
  FailureOr<NamedAttribute> convertAttribute(const onnx::AttributeProto &attr,
                                             Location loc);
  FailureOr<ElementsAttr> convertTensor(const onnx::TensorProto &tensor,
                                        Location loc);
  OwningOpRef<ModuleOp> build(const onnx::ModelProto &model);

  MLIRContext &ctx;
  OpBuilder builder;
  std::string displayName, baseDir;
  const ONNXImportOptions &options;
  Location fileLoc;
};

} // namespace

bool Importer::checkStructure(const onnx::ModelProto &model) {
  if (!model.has_graph()) {
    error() << "not an ONNX model: no graph";
    return false;
  }
  const onnx::GraphProto &graph = model.graph();
  if (graph.output_size() == 0) {
    error() << "not an ONNX model: the graph has no outputs";
    return false;
  }
  // Every node input must be produced before it is used: a missing
  // initializer is the common way to break this.
  llvm::StringSet<> defined;
  for (const auto &in : graph.input())
    defined.insert(in.name());
  for (const auto &init : graph.initializer())
    defined.insert(init.name());
  for (int i = 0; i < graph.node_size(); ++i) {
    const onnx::NodeProto &node = graph.node(i);
    for (const std::string &in : node.input()) {
      if (in.empty() || defined.contains(in))
        continue;
      emitError(nodeLoc(node, i))
          << node.op_type() << ": input '" << in
          << "' is not a graph input, an initializer or the output of an "
             "earlier node (missing initializer?)";
      return false;
    }
    for (const std::string &out : node.output())
      if (!out.empty())
        defined.insert(out);
  }
  for (const auto &out : graph.output())
    if (!defined.contains(out.name())) {
      error() << "graph output '" << out.name() << "' is never produced";
      return false;
    }
  return true;
}

bool Importer::fixInputShapes(onnx::ModelProto &model) {
  onnx::GraphProto *graph = model.mutable_graph();
  llvm::StringSet<> initializers;
  for (const auto &init : graph->initializer())
    initializers.insert(init.name());
  llvm::StringSet<> seen;
  std::string inputList;
  for (onnx::ValueInfoProto &in : *graph->mutable_input()) {
    if (initializers.contains(in.name()))
      continue;
    inputList += (inputList.empty() ? "" : ", ") + in.name();
    seen.insert(in.name());
    if (!in.type().has_tensor_type()) {
      error() << "input '" << in.name() << "' is not a tensor";
      return false;
    }
    onnx::TypeProto_Tensor *tensor = in.mutable_type()->mutable_tensor_type();
    auto it = options.inputShapes.find(in.name());
    if (it != options.inputShapes.end()) {
      const std::vector<int64_t> &dims = it->second;
      if (tensor->has_shape() && tensor->shape().dim_size() != (int)dims.size()) {
        error() << "--input-shape gives " << dims.size()
                << " dimensions for input '" << in.name()
                << "', which has rank " << tensor->shape().dim_size();
        return false;
      }
      // Static dims the model fixes must agree.
      if (tensor->has_shape())
        for (int d = 0; d < tensor->shape().dim_size(); ++d) {
          const auto &dim = tensor->shape().dim(d);
          if (dim.has_dim_value() && dim.dim_value() != dims[d] &&
              !(d == 0 && options.overrideFixedBatch)) {
            error() << "--input-shape sets dimension " << d << " of input '"
                    << in.name() << "' to " << dims[d]
                    << ", but the model fixes it to " << dim.dim_value();
            return false;
          }
        }
      tensor->mutable_shape()->clear_dim();
      for (int64_t d : dims)
        tensor->mutable_shape()->add_dim()->set_dim_value(d);
      continue;
    }
    if (!tensor->has_shape()) {
      error() << "input '" << in.name()
              << "' has no shape; give one with --input-shape " << in.name()
              << "=D0xD1x...";
      return false;
    }
    for (int d = 0; d < tensor->shape().dim_size(); ++d) {
      onnx::TensorShapeProto_Dimension *dim =
          tensor->mutable_shape()->mutable_dim(d);
      if (dim->has_dim_value() && dim->dim_value() > 0)
        continue;
      if (dim->has_dim_value() && dim->dim_value() == 0)
        continue;
      std::string symbol = dim->has_dim_param() ? dim->dim_param() : "?";
      if (options.noteDefaultedDims)
        emitRemark(fileLoc) << "input '" << in.name() << "' dimension " << d
                            << " ('" << symbol
                            << "') is symbolic; using 1 (set it with "
                               "--input-shape)";
      dim->clear_dim_param();
      dim->set_dim_value(1);
    }
  }
  for (const auto &entry : options.inputShapes)
    if (!seen.contains(entry.getKey())) {
      error() << "--input-shape names '" << entry.getKey()
              << "', which is not an input of the model (inputs: "
              << inputList << ")";
      return false;
    }
  // Stale intermediate shapes (symbolic batch) would conflict with the
  // fixed inputs; let shape inference recompute them.
  graph->clear_value_info();
  for (onnx::ValueInfoProto &out : *graph->mutable_output())
    if (out.type().has_tensor_type())
      out.mutable_type()->mutable_tensor_type()->clear_shape();
  return true;
}

Type Importer::convertType(const onnx::TypeProto &type) {
  if (!type.has_tensor_type())
    return NoneType::get(&ctx);
  const auto &tensor = type.tensor_type();
  Type element = convertElementType(&ctx, tensor.elem_type());
  if (!element)
    return NoneType::get(&ctx);
  if (!tensor.has_shape())
    return UnrankedTensorType::get(element);
  SmallVector<int64_t> shape;
  for (const auto &dim : tensor.shape().dim())
    shape.push_back(dim.has_dim_value() ? dim.dim_value()
                                        : ShapedType::kDynamic);
  return RankedTensorType::get(shape, element);
}

FailureOr<ElementsAttr>
Importer::convertTensor(const onnx::TensorProto &tensor, Location loc) {
  Type element = convertElementType(&ctx, tensor.data_type());
  if (!element) {
    emitError(loc) << "tensor '" << tensor.name()
                   << "' has unsupported element type "
                   << onnxTypeName(tensor.data_type());
    return failure();
  }
  HostTensor host;
  std::string why;
  if (!tensorFromProto(tensor, baseDir, host, why)) {
    emitError(loc) << why;
    return failure();
  }
  auto type = RankedTensorType::get(host.shape, element);
  return qc::makeElementsAttr(
      type, ArrayRef<char>((const char *)host.data.data(), host.data.size()),
      tensor.name());
}

FailureOr<NamedAttribute>
Importer::convertAttribute(const onnx::AttributeProto &attr, Location loc) {
  auto name = StringAttr::get(&ctx, attr.name());
  switch (attr.type()) {
  case onnx::AttributeProto::FLOAT:
    return NamedAttribute(name, builder.getF32FloatAttr(attr.f()));
  case onnx::AttributeProto::INT:
    return NamedAttribute(name, builder.getI64IntegerAttr(attr.i()));
  case onnx::AttributeProto::STRING:
    return NamedAttribute(name, builder.getStringAttr(attr.s()));
  case onnx::AttributeProto::FLOATS:
    return NamedAttribute(
        name, builder.getDenseF32ArrayAttr(
                  SmallVector<float>(attr.floats().begin(), attr.floats().end())));
  case onnx::AttributeProto::INTS:
    return NamedAttribute(
        name, builder.getDenseI64ArrayAttr(
                  SmallVector<int64_t>(attr.ints().begin(), attr.ints().end())));
  case onnx::AttributeProto::STRINGS: {
    SmallVector<Attribute> strings;
    for (const std::string &s : attr.strings())
      strings.push_back(builder.getStringAttr(s));
    return NamedAttribute(name, builder.getArrayAttr(strings));
  }
  case onnx::AttributeProto::TENSOR: {
    FailureOr<ElementsAttr> t = convertTensor(attr.t(), loc);
    if (failed(t))
      return failure();
    return NamedAttribute(name, *t);
  }
  default:
    // Subgraphs, sparse tensors and type protos are kept as a marker so
    // legalization can name them in its "unimplemented" error.
    return NamedAttribute(
        name, builder.getStringAttr(
                  "<unsupported attribute kind " +
                  onnx::AttributeProto::AttributeType_Name(attr.type()) + ">"));
  }
}

OwningOpRef<ModuleOp> Importer::build(const onnx::ModelProto &model) {
  const onnx::GraphProto &graph = model.graph();
  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  int64_t opset = 0;
  for (const auto &imp : model.opset_import())
    if (imp.domain().empty() || imp.domain() == "ai.onnx")
      opset = imp.version();
  std::map<std::string, int64_t> domainVersions;
  for (const auto &imp : model.opset_import())
    domainVersions[imp.domain()] = imp.version();
  (*module)->setAttr("qc.onnx_opset", builder.getI64IntegerAttr(opset));
  (*module)->setAttr("qc.source", builder.getStringAttr(displayName));

  // Type of every value after shape inference.
  llvm::StringMap<Type> valueTypes;
  for (const auto &vi : graph.input())
    valueTypes[vi.name()] = convertType(vi.type());
  for (const auto &vi : graph.value_info())
    valueTypes[vi.name()] = convertType(vi.type());
  for (const auto &vi : graph.output())
    valueTypes[vi.name()] = convertType(vi.type());

  llvm::StringSet<> initializerNames;
  for (const auto &init : graph.initializer())
    initializerNames.insert(init.name());

  SmallVector<Type> argTypes;
  SmallVector<std::string> argNames;
  for (const auto &in : graph.input()) {
    if (initializerNames.contains(in.name()))
      continue;
    Type t = convertType(in.type());
    auto ranked = dyn_cast<RankedTensorType>(t);
    if (!ranked) {
      error() << "input '" << in.name() << "' has unsupported element type "
              << onnxTypeName(in.type().tensor_type().elem_type());
      return nullptr;
    }
    argTypes.push_back(t);
    argNames.push_back(in.name());
  }
  SmallVector<Type> resultTypes;
  for (const auto &out : graph.output())
    resultTypes.push_back(valueTypes.lookup(out.name()));

  builder.setInsertionPointToEnd(module->getBody());
  auto func = func::FuncOp::create(builder, fileLoc, "main",
                                   builder.getFunctionType(argTypes,
                                                           resultTypes));
  for (auto [i, name] : llvm::enumerate(argNames))
    func.setArgAttr(i, kONNXNameAttr, builder.getStringAttr(name));
  for (auto [i, out] : llvm::enumerate(graph.output()))
    func.setResultAttr(i, kONNXNameAttr, builder.getStringAttr(out.name()));
  for (const auto &meta : model.metadata_props()) {
    StringRef key = meta.key();
    if (!key.consume_front(kInt32OutputScaleKey))
      continue;
    double scale;
    if (StringRef(meta.value()).getAsDouble(scale) || !(scale > 0))
      continue;
    for (auto [i, out] : llvm::enumerate(graph.output()))
      if (out.name() == key)
        func.setResultAttr(i, kInt32OutputScaleAttr,
                           builder.getF64FloatAttr(scale));
  }
  Block *entry = func.addEntryBlock();
  builder.setInsertionPointToStart(entry);

  llvm::StringMap<Value> values;
  for (auto [i, name] : llvm::enumerate(argNames))
    values[name] = entry->getArgument(i);
  for (const auto &init : graph.initializer()) {
    Location loc = NameLoc::get(builder.getStringAttr(init.name()), fileLoc);
    FailureOr<ElementsAttr> attr = convertTensor(init, loc);
    if (failed(attr))
      return nullptr;
    values[init.name()] = qc::ConstantOp::create(builder, loc, *attr);
  }

  Value none;
  for (int i = 0; i < graph.node_size(); ++i) {
    const onnx::NodeProto &node = graph.node(i);
    Location loc = nodeLoc(node, i);
    SmallVector<Value> operands;
    for (const std::string &in : node.input()) {
      if (in.empty()) {
        if (!none)
          none = qc::NoneOp::create(builder, fileLoc, builder.getNoneType());
        operands.push_back(none);
        continue;
      }
      Value v = values.lookup(in);
      assert(v && "checkStructure guarantees defined inputs");
      operands.push_back(v);
    }
    SmallVector<Type> types;
    for (const std::string &out : node.output()) {
      Type t = out.empty() ? Type() : valueTypes.lookup(out);
      types.push_back(t ? t : NoneType::get(&ctx));
    }
    SmallVector<NamedAttribute> attrs;
    for (const auto &attr : node.attribute()) {
      FailureOr<NamedAttribute> converted = convertAttribute(attr, loc);
      if (failed(converted))
        return nullptr;
      attrs.push_back(*converted);
    }
    std::string domain = node.domain() == "ai.onnx" ? "" : node.domain();
    int64_t version = domainVersions.count(domain) ? domainVersions[domain] : 0;
    auto op = qc::OnnxOp::create(builder, loc, types, operands,
                                 builder.getStringAttr(node.op_type()),
                                 builder.getStringAttr(domain),
                                 builder.getI64IntegerAttr(version),
                                 builder.getDictionaryAttr(attrs));
    for (auto [out, result] : llvm::zip(node.output(), op.getResults()))
      if (!out.empty())
        values[out] = result;
  }
  SmallVector<Value> results;
  for (const auto &out : graph.output())
    results.push_back(values.lookup(out.name()));
  func::ReturnOp::create(builder, fileLoc, results);
  return module;
}

/// The ONNX checker reports "<reason>\n\n==> Context: Bad node spec for
/// node. Name: <name> OpType: <type>"; turn that into the one-line node error
/// every other node diagnostic uses, or join the lines otherwise.
void Importer::reportCheckerError(const onnx::GraphProto &graph,
                                  StringRef what) {
  auto [reason, context] = what.split("==> Context:");
  reason = reason.trim();
  context = context.trim();
  size_t nameAt = context.find("Name: ");
  size_t typeAt = context.find(" OpType: ");
  if (nameAt != StringRef::npos && typeAt != StringRef::npos &&
      nameAt < typeAt) {
    StringRef name = context.slice(nameAt + 6, typeAt);
    StringRef opType = context.drop_front(typeAt + 9).trim();
    for (int i = 0; i < graph.node_size(); ++i)
      if (graph.node(i).name() == name && graph.node(i).op_type() == opType) {
        emitError(nodeLoc(graph.node(i), i))
            << opType << ": invalid node: " << reason;
        return;
      }
  }
  InFlightDiagnostic diag = error() << "invalid ONNX model: " << reason;
  if (!context.empty())
    diag << " (" << context << ")";
}

OwningOpRef<ModuleOp> Importer::run(StringRef bytes) {
  onnx::ModelProto model;
  if (bytes.empty() || !model.ParseFromArray(bytes.data(), bytes.size())) {
    error() << "not a valid ONNX model (protobuf parse failed: the file is "
               "truncated or not ONNX)";
    return nullptr;
  }
  if (!model.has_graph() || model.ir_version() <= 0) {
    error() << "not a valid ONNX model (no graph or IR version)";
    return nullptr;
  }
  if (!checkStructure(model))
    return nullptr;
  // The newest opset and IR version the linked ONNX schemas know (libonnx
  // 1.12: opset 17, IR 8). Newer models are still imported: the checker and
  // shape inference cannot judge their new operator forms, quantc's own
  // legalization does (and computes every shape itself).
  int64_t knownOpset = onnx::OpSchemaRegistry::DomainToVersionRange::Instance()
                           .Map()
                           .at(onnx::ONNX_DOMAIN)
                           .second;
  int64_t modelOpset = 0;
  for (const auto &imp : model.opset_import())
    if (imp.domain().empty() || imp.domain() == "ai.onnx")
      modelOpset = imp.version();
  bool newerOpset = modelOpset > knownOpset;
  if (newerOpset)
    emitWarning(fileLoc) << "opset " << modelOpset
                         << " is newer than the ONNX schemas quantc was built "
                            "with (opset "
                         << knownOpset
                         << "): the ONNX checker is skipped, quantc's "
                            "legalization checks each operator";
  else
    try {
      // The checker resolves external data against the model's directory.
      // A newer IR version (recent exporters write 9 or 10) is checked as
      // the newest one the checker knows; the importer rejects the types
      // it does not support itself. Below IR version 4 every initializer
      // must also be a graph input; tools that raise the opset of such a
      // model (ONNX Runtime's quantizer) keep the IR version but drop those
      // inputs, which ONNX Runtime accepts: so does quantc.
      onnx::ModelProto checked;
      const onnx::ModelProto *toCheck = &model;
      if (model.ir_version() > onnx::Version::IR_VERSION ||
          model.ir_version() < 4) {
        checked = model;
        checked.set_ir_version(std::clamp<int64_t>(model.ir_version(), 4,
                                                   onnx::Version::IR_VERSION));
        toCheck = &checked;
      }
      onnx::checker::CheckerContext checkerContext;
      if (!baseDir.empty())
        checkerContext.set_model_dir(baseDir + "/");
      onnx::checker::check_model(*toCheck, checkerContext);
    } catch (const std::exception &e) {
      reportCheckerError(model.graph(), e.what());
      return nullptr;
    }

  int64_t opset = 0;
  for (const auto &imp : model.opset_import())
    if (imp.domain().empty() || imp.domain() == "ai.onnx")
      opset = imp.version();
  if (opset > 0 && opset < options.targetOpset) {
    // Several version adapters (Softmax 12 -> 13, ...) need shapes.
    try {
      onnx::shape_inference::InferShapes(model);
    } catch (const std::exception &) {
      // Conversion then runs without shapes; see below.
    }
    try {
      model = onnx::version_conversion::ConvertVersion(model,
                                                       options.targetOpset);
    } catch (const std::exception &e) {
      // Legalization knows the older forms of the ops we support, so a
      // model the converter cannot handle is imported as it is.
      emitRemark(fileLoc) << "opset " << opset << " model kept as is: "
                          << "version conversion to "
                          << options.targetOpset
                          << " failed: " << StringRef(e.what()).trim();
    }
  }

  if (!fixInputShapes(model))
    return nullptr;
  try {
    onnx::ShapeInferenceOptions inferOptions(/*check_type=*/false,
                                             /*error_mode=*/0,
                                             /*data_prop=*/true);
    onnx::shape_inference::InferShapes(model, onnx::OpSchemaRegistry::Instance(),
                                       inferOptions);
  } catch (const std::exception &e) {
    // With schemas older than the model, inference may not know a form;
    // legalization computes the shapes it needs.
    if (!newerOpset) {
      error() << "ONNX shape inference failed: " << StringRef(e.what()).trim();
      return nullptr;
    }
  }
  return build(model);
}

OwningOpRef<ModuleOp> quantc::importONNXBytes(MLIRContext &context,
                                              StringRef bytes,
                                              StringRef displayName,
                                              StringRef baseDir,
                                              const ONNXImportOptions &options) {
  context.loadDialect<qc::QCDialect, func::FuncDialect>();
  Importer importer(context, displayName, baseDir, options);
  return importer.run(bytes);
}

OwningOpRef<ModuleOp> quantc::importONNXFile(MLIRContext &context,
                                             StringRef path,
                                             const ONNXImportOptions &options) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (!buffer) {
    emitError(FileLineColLoc::get(&context, path, 0, 0))
        << "cannot read file: " << buffer.getError().message();
    return nullptr;
  }
  return importONNXBytes(context, (*buffer)->getBuffer(), path,
                         llvm::sys::path::parent_path(path), options);
}
