"""vyre.compile: .mlir source -> SPIR-V binary + ABI manifest, by running the
vyre-opt and vyre-translate tools of the build this package came from.

Debian's MLIR 22 packages ship no MLIR Python bindings (no `mlir` Python
package, only the C API archives and binding headers), so the dialect is
reached through the tools, exactly as a user would from the shell; see
docs/python.md.
"""
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Union

from .errors import CompileError

DEFAULT_PIPELINE = "vyre-to-spirv-interpreter"


def tools_dir() -> Path:
    """$VYRE_TOOLS_DIR, else the build tree recorded at install time."""
    env = os.environ.get("VYRE_TOOLS_DIR")
    if env:
        return Path(env)
    from . import _build_info
    return Path(_build_info.TOOLS_DIR)


def _tool(name: str) -> str:
    path = tools_dir() / name
    if path.is_file():
        return str(path)
    found = shutil.which(name)
    if found:
        return found
    raise CompileError(f"{name} not found in {tools_dir()} or on PATH; build "
                       "vyre (bash scripts/build.sh) or set VYRE_TOOLS_DIR")


@dataclass(frozen=True)
class Module:
    """A compiled kernel: what Runtime.load takes."""
    kernel: Optional[str]
    spirv_path: Path
    manifest_path: Path
    lowered_path: Path

    @property
    def spirv(self) -> bytes:
        return self.spirv_path.read_bytes()

    @property
    def manifest(self) -> dict:
        import json
        return json.loads(self.manifest_path.read_text())


def _run(cmd, what: str) -> None:
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise CompileError(f"{what} failed (exit {r.returncode}):\n"
                           f"{r.stderr.strip() or r.stdout.strip()}")


def compile(source: Union[str, os.PathLike], pipeline: str = DEFAULT_PIPELINE,
            kernel: Optional[str] = None,
            workdir: Union[str, os.PathLike, None] = None) -> Module:
    """Compiles a vyre module: `source` is a path to a .mlir file or the
    MLIR text itself. `pipeline` names a vyre-opt pass pipeline ending in
    the spirv dialect; `kernel` picks one megakernel when the module has
    several. Files go to `workdir` (default: a new temporary directory).
    Raises CompileError with the tools' diagnostics on bad input."""
    out = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="vyre-"))
    out.mkdir(parents=True, exist_ok=True)
    text = str(source)
    is_text = not isinstance(source, os.PathLike) and (
        "\n" in text or "vyre." in text) and not Path(text).is_file()
    if is_text:
        src = out / "input.mlir"
        src.write_text(text)
    else:
        src = Path(source)
        if not src.is_file():
            raise CompileError(f"{src}: no such file")
    stem = kernel or src.stem
    lowered = out / f"{stem}.spirv.mlir"
    _run([_tool("vyre-opt"), str(src), f"--{pipeline}", "-o", str(lowered)],
         f"vyre-opt --{pipeline} {src}")
    pick = [f"--vyre-kernel={kernel}"] if kernel else []
    spv, manifest = out / f"{stem}.spv", out / f"{stem}.json"
    _run([_tool("vyre-translate"), str(lowered), "--vyre-to-spirv", *pick,
          "-o", str(spv)], "vyre-translate --vyre-to-spirv")
    _run([_tool("vyre-translate"), str(lowered), "--vyre-to-manifest", *pick,
          "-o", str(manifest)], "vyre-translate --vyre-to-manifest")
    return Module(kernel, spv, manifest, lowered)
