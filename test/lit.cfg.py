# -*- Python -*-
# lit configuration of quantc's regression tests.

import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "quantc"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.quantc_obj_root, "test")
# End-to-end and conformance suites are Python drivers run by scripts/test.sh.
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "e2e",
                   "conformance", "Inputs", "unittests"]

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%models", "%s/../shared/models" % config.quantc_src_root))
config.substitutions.append(("%inputs", os.path.join(config.test_source_root, "Inputs")))

tools = [
    ToolSubst("quantc-opt", unresolved="fatal"),
    ToolSubst("quantc", unresolved="fatal"),
    ToolSubst("quantc-run", unresolved="fatal"),
    ToolSubst("quantc-ref", unresolved="fatal"),
]
llvm_config.add_tool_substitutions(tools, [config.quantc_tools_dir])
