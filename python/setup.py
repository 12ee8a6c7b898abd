"""Builds the vyre Python package from a vyre build tree.

Two things are not in python/ and are made here, at build time:
- vyre/_abi.py, generated from include/vyre/ABI/RingABI.h (the single
  source of truth for the ring ABI) by scripts/abi_constants.py;
- libvyre_runtime.so and vyre-opt / vyre-translate / vyre-compile (into vyre/bin),
  copied from the build tree, and vyre/_build_info.py, which records that
  tree too (the tools' fallback).

The build tree is $VYRE_BUILD_DIR, else ../build. Build vyre first
(`bash scripts/build.sh`), then: pip install --no-build-isolation ./python
"""
import importlib.util
import os
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SOURCE = Path(__file__).resolve().parent.parent
HEADER = SOURCE / "include" / "vyre" / "ABI" / "RingABI.h"


def build_dir() -> Path:
    return Path(os.environ.get("VYRE_BUILD_DIR", SOURCE / "build")).resolve()


def abi_module_text() -> str:
    spec = importlib.util.spec_from_file_location(
        "abi_constants", SOURCE / "scripts" / "abi_constants.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    return gen.to_python(gen.parse(str(HEADER)), "include/vyre/ABI/RingABI.h")


class BuildWithGeneratedFiles(build_py):
    def run(self):
        super().run()
        out = Path(self.build_lib) / "vyre"
        out.mkdir(parents=True, exist_ok=True)
        if not HEADER.is_file():
            raise SystemExit(f"vyre: {HEADER} not found; build the package "
                             "from a vyre source checkout")
        (out / "_abi.py").write_text(abi_module_text(), encoding="utf-8")
        build = build_dir()
        library = build / "lib" / "libvyre_runtime.so"
        if not library.is_file():
            raise SystemExit(
                f"vyre: {library} not found; build vyre first "
                "(bash scripts/build.sh) or point VYRE_BUILD_DIR at a build tree")
        shutil.copy2(library, out / "libvyre_runtime.so")
        # The compiler's tools go with it, so that an installed package
        # compiles without the build tree (they need Debian's libMLIR.so
        # of LLVM 22, as the build did).
        (out / "bin").mkdir(exist_ok=True)
        for tool in ("vyre-opt", "vyre-translate", "vyre-compile"):
            if (build / "bin" / tool).is_file():
                shutil.copy2(build / "bin" / tool, out / "bin" / tool)
        (out / "_build_info.py").write_text(
            '"""Written by setup.py: the build tree this package came from."""\n'
            f"TOOLS_DIR = {str(build / 'bin')!r}\n"
            f"SOURCE_DIR = {str(SOURCE)!r}\n", encoding="utf-8")


setup(cmdclass={"build_py": BuildWithGeneratedFiles})
