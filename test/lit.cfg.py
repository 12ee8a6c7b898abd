# -*- Python -*-
import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "VYRE"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.vyre_obj_root, "test")
config.excludes = ["CMakeLists.txt", "README.md", "lit.cfg.py",
                   "lit.site.cfg.py", "Inputs"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%vyre_src_root", config.vyre_src_root))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()

tool_dirs = [config.vyre_tools_dir, config.llvm_tools_dir]
config.substitutions.append(
    ("%vyre_bench_dir", os.path.join(config.vyre_tools_dir, "..", "bench")))
config.substitutions.append(("%vyre_build_dir", config.vyre_obj_root))
# The Python package's interpreter (the build's venv), for docs/tutorial.md.
config.substitutions.append(
    ("%vyre_python", os.path.join(config.vyre_tools_dir, "..", "venv", "bin",
                                  "python")))
tools = ["vyre-opt", "vyre-translate", "vyre-compile", "vyre-run",
         "vyre-load-bench", "not",
         "mlir-opt",
         "mlir-translate",
         ToolSubst("spirv-val", unresolved="fatal"),
         ToolSubst("spirv-dis", unresolved="fatal")]
# spirv-val and spirv-dis come from Debian's spirv-tools, on PATH.
llvm_config.add_tool_substitutions(
    tools, tool_dirs + os.environ.get("PATH", "").split(os.pathsep))
