"""vyre.compile: .mlir source -> SPIR-V binary + ABI manifest, by running the
vyre-compile tool of the build this package came from.

Debian's MLIR 22 packages ship no MLIR Python bindings (no `mlir` Python
package, only the C API archives and binding headers), so the dialect is
reached through the tools, exactly as a user would from the shell; see
docs/python.md.
"""
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Union

from .errors import CompileError

DEFAULT_PIPELINE = "vyre-to-spirv-interpreter"


def tools_source() -> tuple:
    """The tools' directory and what chose it: $VYRE_TOOLS_DIR, else the
    tools installed with the package, else the build tree recorded at
    install time."""
    env = os.environ.get("VYRE_TOOLS_DIR")
    if env:
        return Path(env), "$VYRE_TOOLS_DIR"
    installed = Path(__file__).resolve().parent / "bin"
    if (installed / "vyre-compile").is_file():
        return installed, "the copies installed with the package"
    from . import _build_info
    return Path(_build_info.TOOLS_DIR), "the build tree recorded at install"


def tools_dir() -> Path:
    """Where vyre.compile finds vyre-compile (tools_source)."""
    return tools_source()[0]


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


def cache_dir() -> Path:
    """Where vyre.compile keeps what it compiled: $VYRE_CACHE_DIR, else
    $XDG_CACHE_HOME/vyre or ~/.cache/vyre."""
    env = os.environ.get("VYRE_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "vyre"


def _cache_key(text: str, stem: str, pipeline: str,
               kernel: Optional[str]) -> str:
    """The source, the options, the profile a pipeline names, and the tools
    (path, size, mtime: a rebuilt vyre-compile misses)."""
    h = hashlib.sha256()
    for part in (text, stem, pipeline, kernel or ""):
        h.update(part.encode() + b"\0")
    for path in re.findall(r"profile=([^\s]+)", pipeline):
        h.update(Path(path).read_bytes() if Path(path).is_file() else b"-")
    for tool in ("vyre-compile",):
        path = _tool(tool)
        st = os.stat(path)
        h.update(f"{path}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()[:32]


def compile(source: Union[str, os.PathLike], pipeline: str = DEFAULT_PIPELINE,
            kernel: Optional[str] = None,
            workdir: Union[str, os.PathLike, None] = None,
            cache: bool = True) -> Module:
    """Compiles a vyre module: `source` is a path to a .mlir file or the
    MLIR text itself. `pipeline` names a vyre-opt pass pipeline ending in
    the spirv dialect; `kernel` picks one megakernel when the module has
    several. Files go to `workdir`; without one, to the compile cache
    (cache_dir(), keyed by the source, the options and the tools), where
    the same source and options are compiled once (`cache=False`: a new
    temporary directory every time). Raises CompileError with the tools'
    diagnostics on bad input."""
    text = str(source)
    is_text = not isinstance(source, os.PathLike) and (
        "\n" in text or "vyre." in text) and not Path(text).is_file()
    if not is_text:
        src = Path(source)
        if not src.is_file():
            raise CompileError(f"{src}: no such file")
        text = src.read_text()
    stem = kernel or ("input" if is_text else Path(source).stem)
    if workdir is None and cache:
        out = cache_dir() / "compile" / _cache_key(text, stem, pipeline, kernel)
        lowered = out / f"{stem}.spirv.mlir"
        spv, manifest = out / f"{stem}.spv", out / f"{stem}.json"
        if lowered.is_file() and spv.is_file() and manifest.is_file():
            return Module(kernel, spv, manifest, lowered)
        # Compiled beside the entry, then renamed into place: a reader never
        # sees half an entry, and two compiles of one key both succeed.
        out.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=out.name + ".", dir=out.parent))
        try:  # from the user's file, so diagnostics name it
            compile(source, pipeline, kernel, scratch, cache=False)
        except CompileError:
            shutil.rmtree(scratch, ignore_errors=True)
            raise
        try:
            scratch.rename(out)
        except OSError:
            shutil.rmtree(scratch, ignore_errors=True)  # another one won
        return Module(kernel, spv, manifest, lowered)
    out = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="vyre-"))
    out.mkdir(parents=True, exist_ok=True)
    if is_text:
        src = out / "input.mlir"
        src.write_text(text)
    lowered = out / f"{stem}.spirv.mlir"
    pick = [f"--vyre-kernel={kernel}"] if kernel else []
    spv, manifest = out / f"{stem}.spv", out / f"{stem}.json"
    # One step: the binary, its manifest, spirv-val (vyre-compile).
    _run([_tool("vyre-compile"), str(src), f"--{pipeline}", *pick,
          "-o", str(spv), f"--manifest={manifest}",
          f"--keep-lowered={lowered}"], f"compiling {src} (--{pipeline})")
    return Module(kernel, spv, manifest, lowered)
