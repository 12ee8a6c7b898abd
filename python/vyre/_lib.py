"""ctypes declarations of the runtime's C API (runtime/include/vyre/runtime.h).

The structures mirror the header's; their sizes are checked against the ABI
constants at import, so a header change that this file misses fails loudly
instead of corrupting memory.
"""
import ctypes
import os
from pathlib import Path

from . import _abi

u32 = ctypes.c_uint32
u64 = ctypes.c_uint64
P = ctypes.POINTER


class Slot(ctypes.Structure):
    """vyre_slot: slot words 1-15 (opcode, tenant, priority, 12 args)."""
    _fields_ = [("opcode", u32), ("tenant", u32), ("priority", u32),
                ("args", u32 * _abi.SLOT_ARG_COUNT)]


class Completion(ctypes.Structure):
    _fields_ = [("ticket", u64), ("slot", u32), ("opcode", u32),
                ("tenant", u32), ("status", u32), ("fault_code", u32)]


class DebugRecord(ctypes.Structure):
    _fields_ = [("format", u32), ("args", u32 * _abi.PRINTF_MAX_ARGS)]


class Fault(ctypes.Structure):
    _fields_ = [("slot", u32), ("code", u32)]


class KernelInfo(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("persistent", ctypes.c_int),
                ("slots", u32), ("workgroups", u32), ("workgroup_size", u32),
                ("observables", u32), ("control_words", u32),
                ("debug_records", u32), ("arms", u32), ("user_buffers", u32),
                ("tenant_mask_words", u32),
                ("priority_offsets", u32 * _abi.PRIORITY_OFFSET_WORDS),
                ("sharded", ctypes.c_int),
                ("starvation_bound", u32)]


class JitStats(ctypes.Structure):
    _fields_ = [("variants", u32), ("active", u32), ("requeued", u64),
                ("handovers", u64), ("swaps", u64)]


class IoError(ctypes.Structure):
    _fields_ = [("ticket", u64), ("slot", u32), ("source", u32),
                ("buffer", u32), ("element", u32), ("offset", u64),
                ("bytes", u32), ("code", ctypes.c_int32),
                ("message", ctypes.c_char * 160)]


class IoStats(ctypes.Structure):
    _fields_ = [("requests", u64), ("bytes", u64), ("errors", u64),
                ("service_us_mean", ctypes.c_double),
                ("service_us_max", ctypes.c_double)]


# vyre_io_read_fn: (user, offset, destination, bytes) -> 0 or a code.
IoReadFn = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_void_p, u64,
                            ctypes.c_void_p, u32)

assert ctypes.sizeof(Slot) == _abi.SLOT_BYTES - 4, "vyre_slot layout changed"
assert ctypes.sizeof(IoError) == 200, "vyre_io_error layout changed"
assert ctypes.sizeof(DebugRecord) == 4 * _abi.DEBUG_RECORD_WORDS

Runtime_p = ctypes.c_void_p
Kernel_p = ctypes.c_void_p
status = ctypes.c_int

# name: (restype, argtypes)
SIGNATURES = {
    "vyre_last_error": (ctypes.c_char_p, []),
    "vyre_status_name": (ctypes.c_char_p, [status]),
    "vyre_runtime_create": (status, [ctypes.c_char_p, ctypes.c_int,
                                     P(Runtime_p)]),
    "vyre_runtime_destroy": (None, [Runtime_p]),
    "vyre_runtime_device_name": (ctypes.c_char_p, [Runtime_p]),
    "vyre_runtime_is_cpu": (ctypes.c_int, [Runtime_p]),
    "vyre_runtime_validation_errors": (u32, [Runtime_p]),
    "vyre_runtime_list_devices": (status, [ctypes.c_char_p, u32]),
    "vyre_runtime_inject_fault": (status, [Runtime_p, ctypes.c_int, u32]),
    "vyre_kernel_load": (status, [Runtime_p, ctypes.c_char_p, ctypes.c_char_p,
                                  P(Kernel_p)]),
    "vyre_kernel_destroy": (None, [Kernel_p]),
    "vyre_kernel_get_info": (status, [Kernel_p, P(KernelInfo)]),
    "vyre_kernel_opcode": (status, [Kernel_p, ctypes.c_char_p, P(u32)]),
    "vyre_kernel_handler_name": (ctypes.c_char_p, [Kernel_p, u32]),
    "vyre_kernel_buffer_info": (status, [Kernel_p, u32, P(ctypes.c_char_p),
                                         P(u32), P(ctypes.c_char_p)]),
    "vyre_kernel_batch": (status, [Kernel_p, ctypes.c_char_p, P(Slot), u32,
                                   P(u32)]),
    "vyre_kernel_prune_batch": (status, [Kernel_p, ctypes.c_void_p, u32,
                                         P(u32), ctypes.c_void_p]),
    "vyre_kernel_set_buffer_length": (status, [Kernel_p, ctypes.c_char_p, u32]),
    "vyre_kernel_write_buffer": (status, [Kernel_p, ctypes.c_char_p, u32,
                                          ctypes.c_void_p, u32]),
    "vyre_kernel_read_buffer": (status, [Kernel_p, ctypes.c_char_p, u32,
                                         ctypes.c_void_p, u32]),
    "vyre_kernel_set_tenant_mask_words": (status, [Kernel_p, u32, P(u32), u32]),
    "vyre_kernel_set_tenant_quota": (status, [Kernel_p, u32, u32]),
    "vyre_kernel_set_queue_capacities": (status, [Kernel_p, P(u32)]),
    "vyre_kernel_set_watchdog": (status, [Kernel_p, u32]),
    "vyre_kernel_set_wait_mode": (status, [Kernel_p, u32]),
    "vyre_kernel_set_dispatch_workgroups": (status, [Kernel_p, u32]),
    "vyre_kernel_dispatch_workgroups": (u32, [Kernel_p]),
    "vyre_kernel_set_loop_budget": (status, [Kernel_p, u32]),
    "vyre_kernel_launch": (status, [Kernel_p]),
    "vyre_kernel_wait_idle": (status, [Kernel_p, u32]),
    "vyre_kernel_publish": (status, [Kernel_p, ctypes.c_void_p, u32, u32,
                                     P(u32)]),
    "vyre_kernel_wait": (status, [Kernel_p, u64, u32]),
    "vyre_kernel_reap": (status, [Kernel_p, ctypes.c_void_p, u32, P(u32)]),
    "vyre_kernel_published": (u64, [Kernel_p]),
    "vyre_kernel_publish_graph": (status, [Kernel_p, ctypes.c_void_p, u32,
                                           ctypes.c_void_p, u32, u32,
                                           P(u64)]),
    "vyre_kernel_dependency_waits": (status, [Kernel_p, ctypes.c_void_p, u32,
                                              P(u32)]),
    "vyre_kernel_dependency_counters": (u32, [Kernel_p, P(u32)]),
    "vyre_kernel_batch_edges": (status, [Kernel_p, ctypes.c_char_p,
                                         ctypes.c_void_p, u32, P(u32)]),
    "vyre_producer_create": (status, [Kernel_p, P(ctypes.c_void_p)]),
    "vyre_producer_destroy": (status, [ctypes.c_void_p]),
    "vyre_producer_publish": (status, [ctypes.c_void_p, ctypes.c_void_p, u32,
                                       u32, P(u32)]),
    "vyre_producer_reap": (status, [ctypes.c_void_p, ctypes.c_void_p, u32,
                                    P(u32)]),
    "vyre_producer_in_flight": (u32, [ctypes.c_void_p]),
    "vyre_kernel_read_control": (status, [Kernel_p, u32, P(u32), u32]),
    "vyre_kernel_write_control": (status, [Kernel_p, u32, u32]),
    "vyre_kernel_read_observables": (status, [Kernel_p, u32, P(u32), u32]),
    "vyre_kernel_read_handler_counters": (status, [Kernel_p, P(u32), u32]),
    "vyre_kernel_save_profile": (status, [Kernel_p, ctypes.c_char_p]),
    "vyre_kernel_read_fault_log": (status, [Kernel_p, P(Fault), u32, P(u32)]),
    "vyre_kernel_read_debug_log": (status, [Kernel_p, P(DebugRecord), u32,
                                            P(u32), P(u32)]),
    "vyre_kernel_shutdown": (status, [Kernel_p, u32, P(u32)]),
    "vyre_kernel_rebuild": (status, [Kernel_p]),
    "vyre_kernel_add_variant": (status, [Kernel_p, ctypes.c_char_p,
                                         ctypes.c_char_p, P(u32)]),
    "vyre_kernel_swap": (status, [Kernel_p, u32, u32]),
    "vyre_kernel_run_batch": (status, [Kernel_p, u32, u32, P(u64)]),
    "vyre_kernel_set_requeue_policy": (status, [Kernel_p, u32, u32]),
    "vyre_kernel_jit_stats": (status, [Kernel_p, P(JitStats)]),
    "vyre_encode_packed": (status, [P(u32), u32, P(Slot)]),
    "vyre_kernel_add_io_file": (status, [Kernel_p, u32, ctypes.c_char_p]),
    "vyre_kernel_add_io_file_direct": (status, [Kernel_p, u32, ctypes.c_char_p]),
    "vyre_kernel_add_io_memory": (status, [Kernel_p, u32, ctypes.c_void_p,
                                           u64]),
    "vyre_kernel_add_io_callback": (status, [Kernel_p, u32, IoReadFn,
                                             ctypes.c_void_p]),
    "vyre_kernel_read_io_errors": (status, [Kernel_p, P(IoError), u32,
                                            P(u32)]),
    "vyre_kernel_io_stats": (status, [Kernel_p, P(IoStats)]),
}


def library_source() -> tuple:
    """The runtime library's path and what chose it: $VYRE_RUNTIME_LIBRARY,
    else the copy installed with the package."""
    env = os.environ.get("VYRE_RUNTIME_LIBRARY")
    if env:
        return env, "$VYRE_RUNTIME_LIBRARY"
    return (str(Path(__file__).resolve().parent / "libvyre_runtime.so"),
            "the copy installed with the package")



def load():
    path = library_source()[0]
    try:
        lib = ctypes.CDLL(path)
    except OSError as e:
        raise ImportError(
            f"vyre: cannot load the runtime library {path} ({e}); reinstall "
            "the package from a vyre build (pip install --no-build-isolation "
            "./python) or set VYRE_RUNTIME_LIBRARY") from e
    for name, (restype, argtypes) in SIGNATURES.items():
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes
    return lib


lib = load()
