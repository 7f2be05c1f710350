//===- Artifact.cpp - Emitting model.so and model.h -----------------------===//
//
// Part of the quantc project.
//
//===----------------------------------------------------------------------===//

#include "quantc/Target/CPU/Artifact.h"

#include "llvm/MC/MCSubtargetInfo.h"

#include "quantc/Dialect/QC/IR/QCOps.h"
#include "quantc/Import/ONNXImporter.h"

#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include "QuantcConfig.h"

using namespace mlir;
using namespace quantc;

//===----------------------------------------------------------------------===//
// Signature
//===----------------------------------------------------------------------===//

int32_t quantc::dtypeCode(Type t) {
  if (auto q = dyn_cast<quant::QuantizedType>(t))
    t = q.getExpressedType();
  if (t.isF32())
    return 1;
  if (t.isF64())
    return 11;
  if (t.isF16())
    return 10;
  if (auto i = dyn_cast<IntegerType>(t)) {
    switch (i.getWidth()) {
    case 1:
      return 9;
    case 8:
      return i.isUnsigned() ? 2 : 3;
    case 16:
      return i.isUnsigned() ? 4 : 5;
    case 32:
      return i.isUnsigned() ? 12 : 6;
    case 64:
      return i.isUnsigned() ? 13 : 7;
    default:
      return 0;
    }
  }
  return 0;
}

FailureOr<ArtifactSignature>
quantc::getArtifactSignature(func::FuncOp func) {
  ArtifactSignature sig;
  auto read = [&](Type type, DictionaryAttr attrs, unsigned index,
                  bool isInput) -> FailureOr<TensorSignature> {
    TensorSignature t;
    auto ranked = dyn_cast<RankedTensorType>(type);
    if (!ranked || !ranked.hasStaticShape()) {
      func.emitError() << (isInput ? "input " : "output ") << index
                       << " does not have a static shape: " << type;
      return failure();
    }
    t.dtype = dtypeCode(ranked.getElementType());
    if (!t.dtype) {
      func.emitError() << (isInput ? "input " : "output ") << index
                       << " has an element type the ABI cannot express: "
                       << ranked.getElementType();
      return failure();
    }
    t.shape.assign(ranked.getShape().begin(), ranked.getShape().end());
    t.name = (isInput ? "input" : "output") + std::to_string(index);
    if (attrs)
      if (auto name = attrs.getAs<StringAttr>(kONNXNameAttr))
        t.name = name.str();
    return t;
  };
  for (unsigned i = 0; i < func.getNumArguments(); ++i) {
    auto t = read(func.getArgumentTypes()[i], func.getArgAttrDict(i), i, true);
    if (failed(t))
      return failure();
    sig.inputs.push_back(*t);
  }
  for (unsigned i = 0; i < func.getNumResults(); ++i) {
    auto t = read(func.getResultTypes()[i], func.getResultAttrDict(i), i, false);
    if (failed(t))
      return failure();
    sig.outputs.push_back(*t);
  }
  return sig;
}

//===----------------------------------------------------------------------===//
// Target
//===----------------------------------------------------------------------===//

/// The host target's subtarget info for `cpu` and `features`.
static std::unique_ptr<llvm::MCSubtargetInfo>
subtargetInfo(StringRef cpu, StringRef features, std::string &error) {
  llvm::InitializeNativeTarget();
  llvm::Triple triple(llvm::sys::getDefaultTargetTriple());
  const llvm::Target *t = llvm::TargetRegistry::lookupTarget(triple, error);
  if (!t)
    return nullptr;
  return std::unique_ptr<llvm::MCSubtargetInfo>(
      t->createMCSubtargetInfo(triple, cpu, features));
}

std::string quantc::checkCPUTarget(StringRef cpu, StringRef features) {
  std::string error;
  auto sti = subtargetInfo("", "", error);
  if (!sti)
    return error;
  if (!cpu.empty() && cpu != "native" && !sti->isCPUStringValid(cpu))
    return ("-mcpu: '" + cpu + "' is not a CPU of this target (try " +
            "native, x86-64-v3, znver4, skylake-avx512, ...)")
        .str();
  SmallVector<StringRef> parts;
  features.split(parts, ',', -1, /*KeepEmpty=*/false);
  for (StringRef p : parts) {
    p = p.trim();
    if (!p.consume_front("+") && !p.consume_front("-"))
      return ("-mattr: '" + p + "' must start with + or -").str();
    bool known = llvm::any_of(sti->getAllProcessorFeatures(),
                              [&](const llvm::SubtargetFeatureKV &kv) {
                                return p == kv.Key;
                              });
    if (!known)
      return ("-mattr: '" + p + "' is not a feature of this target").str();
  }
  return "";
}

CPUTarget quantc::resolveCPUTarget(StringRef cpu, StringRef features) {
  CPUTarget t;
  if (cpu.empty() || cpu == "native") {
    t.cpu = llvm::sys::getHostCPUName().str();
    SmallVector<std::string> list;
    for (const auto &f : llvm::sys::getHostCPUFeatures())
      list.push_back((f.second ? "+" : "-") + f.first().str());
    llvm::sort(list);
    t.features = llvm::join(list, ",");
  } else {
    t.cpu = cpu.str();
  }
  if (!features.empty())
    t.features = t.features.empty() ? features.str()
                                    : t.features + "," + features.str();
  // Ask LLVM what the CPU and the feature list enable together (a named CPU
  // implies its features; later entries of the list win).
  std::string error;
  if (auto sti = subtargetInfo(t.cpu, t.features, error)) {
    t.avx512 = sti->checkFeatures("+avx512f,+avx512bw,+avx512vl");
    t.avx512vnni = t.avx512 && sti->checkFeatures("+avx512vnni");
    t.avxvnni = sti->checkFeatures("+avxvnni");
  }
  t.vectorBits = t.avx512 ? 512 : 256;
  return t;
}

std::unique_ptr<llvm::TargetMachine>
quantc::createTargetMachine(const CPUTarget &target, unsigned optLevel,
                            std::string &error) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  llvm::Triple triple(llvm::sys::getDefaultTargetTriple());
  const llvm::Target *t = llvm::TargetRegistry::lookupTarget(triple, error);
  if (!t)
    return nullptr;
  llvm::TargetOptions options;
  auto level = optLevel == 0   ? llvm::CodeGenOptLevel::None
               : optLevel == 1 ? llvm::CodeGenOptLevel::Less
               : optLevel == 2 ? llvm::CodeGenOptLevel::Default
                               : llvm::CodeGenOptLevel::Aggressive;
  std::unique_ptr<llvm::TargetMachine> machine(t->createTargetMachine(
      triple, target.cpu, target.features, options, llvm::Reloc::PIC_,
      std::nullopt, level));
  if (!machine)
    error = "cannot create a target machine for " + target.cpu;
  return machine;
}

//===----------------------------------------------------------------------===//
// ABI glue
//===----------------------------------------------------------------------===//

namespace {

struct ABIBuilder {
  llvm::Module &m;
  llvm::LLVMContext &ctx;
  llvm::IRBuilder<> b;
  llvm::Type *i32, *i64, *f32, *ptr;
  llvm::StructType *infoType, *descType, *apiType;

  explicit ABIBuilder(llvm::Module &m)
      : m(m), ctx(m.getContext()), b(m.getContext()) {
    i32 = b.getInt32Ty();
    i64 = b.getInt64Ty();
    f32 = b.getFloatTy();
    ptr = b.getPtrTy();
    // quantc_tensor_info, quantc_model_desc, quantc_model_api.
    infoType = llvm::StructType::create(
        ctx, {ptr, i32, i32, ptr, i64, i32, i32, f32}, "quantc_tensor_info");
    descType = llvm::StructType::create(
        ctx, {i32, ptr, i32, i32, ptr, ptr, i64, ptr, ptr}, "quantc_model_desc");
    apiType = llvm::StructType::create(
        ctx, {i32, ptr, i32, i32, ptr, ptr, ptr, ptr, ptr, ptr, ptr},
        "quantc_model_api");
  }

  llvm::Constant *string(StringRef s, const Twine &name) {
    return b.CreateGlobalString(s, name, 0, &m);
  }

  llvm::GlobalVariable *global(llvm::Constant *init, const Twine &name) {
    return new llvm::GlobalVariable(m, init->getType(), /*isConstant=*/true,
                                    llvm::GlobalValue::InternalLinkage, init,
                                    name);
  }

  llvm::Constant *infoArray(ArrayRef<TensorSignature> tensors,
                            StringRef which) {
    SmallVector<llvm::Constant *> infos;
    for (auto [i, t] : llvm::enumerate(tensors)) {
      std::string base = ("__quantc_" + which + "_" + Twine(i)).str();
      SmallVector<llvm::Constant *> dims;
      int64_t n = 1;
      for (int64_t d : t.shape) {
        dims.push_back(llvm::ConstantInt::get(i64, d));
        n *= d;
      }
      llvm::Constant *shape = llvm::ConstantPointerNull::get(
          llvm::PointerType::getUnqual(ctx));
      if (!dims.empty())
        shape = global(llvm::ConstantArray::get(
                           llvm::ArrayType::get(i64, dims.size()), dims),
                       base + "_shape");
      infos.push_back(llvm::ConstantStruct::get(
          infoType,
          {string(t.name, base + "_name"), llvm::ConstantInt::get(i32, t.dtype),
           llvm::ConstantInt::get(i32, t.shape.size()), shape,
           llvm::ConstantInt::get(i64, n),
           llvm::ConstantInt::get(i32, t.quantDtype),
           llvm::ConstantInt::get(i32, t.zeroPoint),
           llvm::ConstantFP::get(f32, t.scale)}));
    }
    if (infos.empty())
      return llvm::ConstantPointerNull::get(llvm::PointerType::getUnqual(ctx));
    return global(llvm::ConstantArray::get(
                      llvm::ArrayType::get(infoType, infos.size()), infos),
                  "__quantc_" + which + "_info");
  }

  /// void invoke(void **args): unpacks the buffer pointers into the
  /// expanded memref descriptors of `entry` (ptr, ptr, offset, sizes,
  /// strides per memref).
  FailureOr<llvm::Function *> invoke(StringRef entryName,
                                     const ArtifactSignature &sig,
                                     const Twine &name, std::string &error) {
    llvm::Function *entry = m.getFunction(entryName);
    if (!entry) {
      error = "the lowered module has no entry function '" + entryName.str() +
              "'";
      return failure();
    }
    SmallVector<std::vector<int64_t>> shapes;
    for (const auto &t : sig.inputs)
      shapes.push_back(t.shape);
    for (const auto &t : sig.outputs)
      shapes.push_back(t.shape);
    shapes.push_back({(int64_t)sig.workspaceSize});
    size_t expected = 0;
    for (const auto &s : shapes)
      expected += 3 + 2 * s.size();
    if (entry->arg_size() != expected) {
      error = "entry function '" + entryName.str() + "' takes " +
              std::to_string(entry->arg_size()) + " arguments, expected " +
              std::to_string(expected);
      return failure();
    }
    auto *fnType = llvm::FunctionType::get(b.getVoidTy(), {ptr}, false);
    auto *fn = llvm::Function::Create(fnType, llvm::GlobalValue::InternalLinkage,
                                      name, m);
    b.SetInsertPoint(llvm::BasicBlock::Create(ctx, "entry", fn));
    SmallVector<llvm::Value *> args;
    for (auto [i, shape] : llvm::enumerate(shapes)) {
      llvm::Value *slot = b.CreateConstGEP1_64(ptr, fn->getArg(0), i);
      llvm::Value *p = b.CreateLoad(ptr, slot);
      args.push_back(p);
      args.push_back(p);
      args.push_back(b.getInt64(0));
      for (int64_t d : shape)
        args.push_back(b.getInt64(d));
      int64_t stride = 1;
      SmallVector<int64_t> strides(shape.size());
      for (int64_t k = (int64_t)shape.size() - 1; k >= 0; --k) {
        strides[k] = stride;
        stride *= shape[k];
      }
      for (int64_t s : strides)
        args.push_back(b.getInt64(s));
    }
    b.CreateCall(entry, args);
    b.CreateRetVoid();
    return fn;
  }

  llvm::Function *declare(StringRef name, llvm::Type *ret,
                          ArrayRef<llvm::Type *> params) {
    auto *type = llvm::FunctionType::get(ret, params, false);
    return llvm::cast<llvm::Function>(
        m.getOrInsertFunction(name, type).getCallee());
  }

  /// An exported function `name` forwarding its arguments to `callee`,
  /// optionally prefixed by `extra`.
  llvm::Function *forward(StringRef name, llvm::Function *callee,
                          llvm::Constant *extra) {
    SmallVector<llvm::Type *> params;
    for (auto &p : callee->args())
      params.push_back(p.getType());
    if (extra)
      params.erase(params.begin());
    auto *type = llvm::FunctionType::get(callee->getReturnType(), params, false);
    auto *fn = llvm::Function::Create(type, llvm::GlobalValue::ExternalLinkage,
                                      name, m);
    b.SetInsertPoint(llvm::BasicBlock::Create(ctx, "entry", fn));
    SmallVector<llvm::Value *> args;
    if (extra)
      args.push_back(extra);
    for (auto &a : fn->args())
      args.push_back(&a);
    llvm::Value *r = b.CreateCall(callee, args);
    if (callee->getReturnType()->isVoidTy())
      b.CreateRetVoid();
    else
      b.CreateRet(r);
    return fn;
  }

  llvm::Function *constant(StringRef name, llvm::Type *ret,
                           llvm::Constant *value) {
    auto *fn = llvm::Function::Create(llvm::FunctionType::get(ret, {}, false),
                                      llvm::GlobalValue::ExternalLinkage, name,
                                      m);
    b.SetInsertPoint(llvm::BasicBlock::Create(ctx, "entry", fn));
    b.CreateRet(value);
    return fn;
  }

  /// const quantc_tensor_info *name(int i): &array[i] or NULL.
  llvm::Function *infoAccessor(StringRef name, llvm::Constant *array,
                               size_t count) {
    auto *fn = llvm::Function::Create(llvm::FunctionType::get(ptr, {i32}, false),
                                      llvm::GlobalValue::ExternalLinkage, name,
                                      m);
    auto *entry = llvm::BasicBlock::Create(ctx, "entry", fn);
    auto *ok = llvm::BasicBlock::Create(ctx, "ok", fn);
    auto *bad = llvm::BasicBlock::Create(ctx, "bad", fn);
    b.SetInsertPoint(entry);
    llvm::Value *i = fn->getArg(0);
    llvm::Value *inRange = b.CreateICmpULT(i, b.getInt32(count));
    b.CreateCondBr(inRange, ok, bad);
    b.SetInsertPoint(ok);
    if (count == 0)
      b.CreateRet(llvm::ConstantPointerNull::get(
          llvm::PointerType::getUnqual(ctx)));
    else
      b.CreateRet(b.CreateGEP(infoType, array, {b.CreateZExt(i, i64)}));
    b.SetInsertPoint(bad);
    b.CreateRet(llvm::ConstantPointerNull::get(llvm::PointerType::getUnqual(ctx)));
    return fn;
  }
};

} // namespace

LogicalResult quantc::addArtifactABI(llvm::Module &module,
                                     const ArtifactSignature &sig,
                                     std::string &error) {
  // Everything the compiler generated stays inside the library.
  for (llvm::Function &f : module)
    if (!f.isDeclaration())
      f.setLinkage(llvm::GlobalValue::InternalLinkage);
  for (llvm::GlobalVariable &g : module.globals())
    if (g.hasInitializer())
      g.setLinkage(llvm::GlobalValue::InternalLinkage);

  ABIBuilder ab(module);
  FailureOr<llvm::Function *> invoke =
      ab.invoke(sig.entry, sig, "__quantc_invoke", error);
  if (failed(invoke))
    return failure();
  llvm::Constant *nullPtr =
      llvm::ConstantPointerNull::get(llvm::PointerType::getUnqual(ab.ctx));
  llvm::Constant *invokeQ = nullPtr;
  if (!sig.entryQuantized.empty()) {
    FailureOr<llvm::Function *> q = ab.invoke(
        sig.entryQuantized, sig, "__quantc_invoke_quantized", error);
    if (failed(q))
      return failure();
    invokeQ = *q;
  }
  llvm::Constant *inputs = ab.infoArray(sig.inputs, "input");
  llvm::Constant *outputs = ab.infoArray(sig.outputs, "output");
  llvm::Constant *name = ab.string(sig.prefix, "__quantc_name");
  // The runtime's descriptor and the public API table both begin with the
  // version, the name and the input and output tables.
  auto table = [&](llvm::StructType *type, ArrayRef<llvm::Constant *> tail,
                   const Twine &symbol) {
    SmallVector<llvm::Constant *> fields = {
        llvm::ConstantInt::get(ab.i32, 1),
        name,
        llvm::ConstantInt::get(ab.i32, sig.inputs.size()),
        llvm::ConstantInt::get(ab.i32, sig.outputs.size()),
        inputs,
        outputs};
    llvm::append_range(fields, tail);
    return ab.global(llvm::ConstantStruct::get(type, fields), symbol);
  };
  llvm::GlobalVariable *desc = table(
      ab.descType,
      {llvm::ConstantInt::get(ab.i64, sig.workspaceSize), *invoke, invokeQ},
      "__quantc_desc");

  llvm::Type *i32 = ab.i32, *ptr = ab.ptr;
  llvm::Type *voidTy = ab.b.getVoidTy();
  llvm::Function *rtCreate = ab.declare("quantc_rt_create", i32, {ptr, i32, ptr});
  llvm::Function *rtDestroy = ab.declare("quantc_rt_destroy", voidTy, {ptr});
  llvm::Function *rtRun = ab.declare("quantc_rt_run", i32, {ptr, ptr, ptr});
  llvm::Function *rtRunQ =
      ab.declare("quantc_rt_run_quantized", i32, {ptr, ptr, ptr});
  llvm::Function *rtError = ab.declare("quantc_rt_last_error", ptr, {ptr});

  const std::string &p = sig.prefix;
  llvm::Function *create = ab.forward(p + "_create", rtCreate, desc);
  llvm::Function *destroy = ab.forward(p + "_destroy", rtDestroy, nullptr);
  llvm::Function *run = ab.forward(p + "_run", rtRun, nullptr);
  llvm::Function *runQ = ab.forward(p + "_run_quantized", rtRunQ, nullptr);
  llvm::Function *lastError = ab.forward(p + "_last_error", rtError, nullptr);
  ab.constant(p + "_num_inputs", i32,
              llvm::ConstantInt::get(i32, sig.inputs.size()));
  ab.constant(p + "_num_outputs", i32,
              llvm::ConstantInt::get(i32, sig.outputs.size()));
  ab.infoAccessor(p + "_input_info", inputs, sig.inputs.size());
  ab.infoAccessor(p + "_output_info", outputs, sig.outputs.size());

  llvm::GlobalVariable *api =
      table(ab.apiType,
            {create, destroy, run, sig.entryQuantized.empty() ? nullPtr : runQ,
             lastError},
            "__quantc_api");
  ab.constant("quantc_model_api_get", ptr, api);
  return success();
}

//===----------------------------------------------------------------------===//
// Object emission and linking
//===----------------------------------------------------------------------===//

static void setTargetAttributes(llvm::Module &module,
                                llvm::TargetMachine &machine) {
  module.setDataLayout(machine.createDataLayout());
  module.setTargetTriple(machine.getTargetTriple());
  std::string cpu = machine.getTargetCPU().str();
  std::string features = machine.getTargetFeatureString().str();
  bool wide = StringRef(features).contains("+avx512f");
  for (llvm::Function &f : module) {
    if (f.isDeclaration())
      continue;
    f.addFnAttr("target-cpu", cpu);
    if (!features.empty())
      f.addFnAttr("target-features", features);
    // The kernels use 512-bit vectors on purpose where the CPU has them.
    if (wide) {
      f.addFnAttr("prefer-vector-width", "512");
      f.addFnAttr("min-legal-vector-width", "512");
    }
  }
}

LogicalResult quantc::optimizeModule(llvm::Module &module,
                                     llvm::TargetMachine &machine,
                                     unsigned optLevel, std::string &error) {
  setTargetAttributes(module, machine);
  auto transformer = makeOptimizingTransformer(optLevel, 0, &machine);
  if (llvm::Error e = transformer(&module)) {
    error = llvm::toString(std::move(e));
    return failure();
  }
  return success();
}

LogicalResult quantc::emitObjectFile(llvm::Module &module,
                                     llvm::TargetMachine &machine,
                                     unsigned optLevel, StringRef path,
                                     std::string &error) {
  if (failed(optimizeModule(module, machine, optLevel, error)))
    return failure();
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_None);
  if (ec) {
    error = "cannot write " + path.str() + ": " + ec.message();
    return failure();
  }
  llvm::legacy::PassManager pm;
  if (machine.addPassesToEmitFile(pm, os, nullptr,
                                  llvm::CodeGenFileType::ObjectFile)) {
    error = "the target cannot emit object files";
    return failure();
  }
  pm.run(module);
  os.flush();
  return success();
}

/// Where libquantc_rt.a is: $QUANTC_RUNTIME_LIB, next to the running
/// executable (bin/../lib), the install tree or the build tree.
static std::string findRuntimeLibrary() {
  if (const char *env = std::getenv("QUANTC_RUNTIME_LIB"))
    return env;
  static int anchor;
  std::string exe = llvm::sys::fs::getMainExecutable(nullptr, (void *)&anchor);
  SmallVector<std::string> candidates;
  if (!exe.empty()) {
    StringRef dir = llvm::sys::path::parent_path(exe);
    candidates.push_back((dir + "/../lib/libquantc_rt.a").str());
    candidates.push_back((dir + "/../lib/quantc/libquantc_rt.a").str());
  }
  candidates.push_back(QUANTC_INSTALL_RUNTIME_LIB);
  candidates.push_back(QUANTC_BUILD_RUNTIME_LIB);
  for (const std::string &c : candidates)
    if (llvm::sys::fs::exists(c))
      return c;
  return "";
}

LogicalResult quantc::linkSharedLibrary(StringRef objectPath,
                                        StringRef outputPath,
                                        std::string &error) {
  std::string runtime = findRuntimeLibrary();
  if (runtime.empty()) {
    error = "cannot find libquantc_rt.a (set QUANTC_RUNTIME_LIB)";
    return failure();
  }
  const char *ccEnv = std::getenv("QUANTC_CC");
  std::string ccName = ccEnv ? ccEnv : "cc";
  auto cc = llvm::sys::findProgramByName(ccName);
  if (!cc) {
    error = "cannot find the C compiler driver '" + ccName +
            "' used to link (install gcc, or set QUANTC_CC)";
    return failure();
  }
  std::string tmp = (outputPath + ".tmp").str();
  // The soname is the artifact's file name, so apps that link it find it
  // by that name (with an rpath or LD_LIBRARY_PATH).
  std::string soname = ("-Wl,-soname," + llvm::sys::path::filename(outputPath)).str();
  SmallString<128> logPath;
  llvm::sys::fs::createTemporaryFile("quantc-link", "log", logPath);
  SmallVector<StringRef> args{*cc,
                              "-shared",
                              "-o",
                              tmp,
                              objectPath,
                              runtime,
                              "-lpthread",
                              "-lm",
                              "-Wl,--exclude-libs,ALL",
                              "-Wl,--no-undefined",
                              "-Wl,-z,noexecstack",
                              "-Wl,-O1",
                              soname};
  std::optional<StringRef> redirects[] = {std::nullopt, StringRef(logPath),
                                          StringRef(logPath)};
  std::string execError;
  int rc = llvm::sys::ExecuteAndWait(*cc, args, std::nullopt, redirects, 0, 0,
                                     &execError);
  if (rc != 0) {
    auto log = llvm::MemoryBuffer::getFile(logPath);
    error = "linking failed: " +
            (log ? (*log)->getBuffer().trim().str() : execError);
    llvm::sys::fs::remove(logPath);
    llvm::sys::fs::remove(tmp);
    return failure();
  }
  llvm::sys::fs::remove(logPath);
  if (std::error_code ec = llvm::sys::fs::rename(tmp, outputPath)) {
    error = "cannot write " + outputPath.str() + ": " + ec.message();
    llvm::sys::fs::remove(tmp);
    return failure();
  }
  return success();
}

//===----------------------------------------------------------------------===//
// model.h
//===----------------------------------------------------------------------===//

static const char *kRuntimeHeader =
#include "quantc_runtime_h.inc"
    ;

static const char *dtypeName(int32_t d) {
  switch (d) {
  case 1:
    return "float32";
  case 2:
    return "uint8";
  case 3:
    return "int8";
  case 6:
    return "int32";
  case 7:
    return "int64";
  case 9:
    return "bool";
  case 11:
    return "float64";
  default:
    return "other";
  }
}

std::string quantc::generateHeader(const ArtifactSignature &sig) {
  std::string s;
  llvm::raw_string_ostream os(s);
  std::string guard = StringRef(sig.prefix).upper() + "_QUANTC_H";
  const std::string &p = sig.prefix;
  os << "/* Generated by quantc. Do not edit.\n *\n * Inputs:\n";
  auto describe = [&](const TensorSignature &t) {
    os << " *   " << t.name << ": " << dtypeName(t.dtype) << "[";
    llvm::interleave(t.shape, os, "x");
    os << "]";
    if (t.quantDtype)
      os << " (quantized: " << dtypeName(t.quantDtype) << ", scale "
         << llvm::format("%g", t.scale) << ", zero point " << t.zeroPoint
         << ")";
    os << "\n";
  };
  for (const auto &t : sig.inputs)
    describe(t);
  os << " * Outputs:\n";
  for (const auto &t : sig.outputs)
    describe(t);
  os << " *\n * Usage:\n"
     << " *   quantc_context *ctx;\n"
     << " *   if (" << p << "_create(1, &ctx) != QUANTC_OK) ...\n"
     << " *   const void *in[] = {input_buffer};\n"
     << " *   void *out[] = {output_buffer};\n"
     << " *   if (" << p << "_run(ctx, in, out) != QUANTC_OK)\n"
     << " *     fprintf(stderr, \"%s\\n\", " << p << "_last_error(ctx));\n"
     << " *   " << p << "_destroy(ctx);\n */\n\n";
  os << "#ifndef " << guard << "\n#define " << guard << "\n\n";
  os << kRuntimeHeader << "\n";
  os << "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n";
  os << "enum {\n  " << p << "_NUM_INPUTS = " << sig.inputs.size() << ",\n  "
     << p << "_NUM_OUTPUTS = " << sig.outputs.size() << ",\n";
  auto sizes = [&](const std::vector<TensorSignature> &ts, StringRef kind) {
    for (auto [i, t] : llvm::enumerate(ts)) {
      int64_t n = 1;
      for (int64_t d : t.shape)
        n *= d;
      os << "  /* " << t.name << " */ " << p << "_" << kind << i
         << "_NUM_ELEMENTS = " << n << ",\n";
    }
  };
  sizes(sig.inputs, "INPUT");
  sizes(sig.outputs, "OUTPUT");
  os << "};\n\n";
  os << "/** Creates a context running on num_threads threads (<= 0: one per "
        "CPU). */\n"
     << "int " << p << "_create(int num_threads, quantc_context **ctx);\n"
     << "void " << p << "_destroy(quantc_context *ctx);\n"
     << "/** Runs one inference on dense row-major buffers (see above). */\n"
     << "int " << p
     << "_run(quantc_context *ctx, const void *const *inputs, void *const "
        "*outputs);\n"
     << "/** Same on the quantized buffers (QUANTC_ERROR_UNSUPPORTED when the "
        "artifact has none). */\n"
     << "int " << p
     << "_run_quantized(quantc_context *ctx, const void *const *inputs, "
        "void *const *outputs);\n"
     << "const char *" << p << "_last_error(const quantc_context *ctx);\n"
     << "int " << p << "_num_inputs(void);\n"
     << "int " << p << "_num_outputs(void);\n"
     << "const quantc_tensor_info *" << p << "_input_info(int i);\n"
     << "const quantc_tensor_info *" << p << "_output_info(int i);\n\n";
  os << "#ifdef __cplusplus\n}\n#endif\n\n#endif /* " << guard << " */\n";
  return s;
}
