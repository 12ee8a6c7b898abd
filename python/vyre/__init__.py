"""vyre: drive vyre megakernels from Python.

    import vyre
    module = vyre.compile("examples/histogram.mlir")
    with vyre.Runtime() as rt, rt.load(module) as k:
        k.launch()
        done = k.run([vyre.slot(k.opcode("count"), [5, 1])])
        k.shutdown()

`vyre.abi` holds the ring ABI constants, generated from
include/vyre/ABI/RingABI.h when the package was built.
"""
from . import _abi as abi
from .compiler import DEFAULT_PIPELINE, Module, compile, tools_dir
from .errors import (BadModule, CompileError, DeviceLost, Hung,
                     InvalidArgument, KernelExited, NoDevice, RingFull,
                     StateError, Timeout, VulkanError, VyreError)
from .runtime import (COMPLETION_DTYPE, PRUNE_VERDICTS, SLOT_DTYPE,
                      SLOT_FIELDS, Kernel,
                      KernelDescription, Runtime, encode_packed, fault_name,
                      slot, slots)
from .producer import Producer
from .graph import EDGE_DTYPE, WAIT_DTYPE


def where() -> dict:
    """Which runtime library and tools this package uses, and why: each
    entry's "from" says whether an environment variable chose it or the
    install did (docs/python.md, "Installing")."""
    from . import _lib
    from .compiler import cache_dir, tools_source
    library, library_from = _lib.library_source()
    tools, tools_from = tools_source()
    return {
        "runtime_library": library,
        "runtime_library_from": library_from,
        "tools_dir": str(tools),
        "tools_from": tools_from,
        "compile_cache": str(cache_dir()),
    }

__version__ = "0.3.0"

__all__ = [
    "abi", "compile", "Module", "DEFAULT_PIPELINE", "tools_dir", "where",
    "Runtime",
    "Kernel", "KernelDescription", "Producer", "slot", "slots", "encode_packed",
    "fault_name", "SLOT_FIELDS", "SLOT_DTYPE", "COMPLETION_DTYPE", "PRUNE_VERDICTS",
    "EDGE_DTYPE", "WAIT_DTYPE",
    "VyreError",
    "InvalidArgument", "NoDevice", "VulkanError", "BadModule", "Timeout",
    "RingFull", "Hung", "DeviceLost", "StateError", "KernelExited",
    "CompileError",
]
