"""The runtime: open a device, load a compiled megakernel, publish slots,
wait, and read back results. Thin wrappers over the C API (runtime.h); every
failure raises the matching vyre.errors exception with the runtime's
message.

Slots are numpy uint32 rows of SLOT_FIELDS = 15 words, laid out exactly like
the C vyre_slot (opcode, tenant, priority, args[12]), so a (N, 15) array is
published without copying; so is a structured array of SLOT_DTYPE (the same
words as named fields). Use `slot()` / `slots()` to build them.
"""
import ctypes
import os
import weakref
from dataclasses import dataclass, replace
from typing import Iterable, Optional, Sequence, Union

import numpy as np

from . import _abi
from ._lib import (Completion, DebugRecord, Fault, JitStats, KernelInfo, Slot,
                   lib)
from . import _checks
from .errors import check
from .graph import TaskGraphs
from .io import IoSources

SLOT_FIELDS = 3 + _abi.SLOT_ARG_COUNT
DEFAULT_TIMEOUT_MS = 60000

# numpy view of vyre_completion, offsets taken from the ctypes structure.
COMPLETION_DTYPE = np.dtype({
    "names": [f[0] for f in Completion._fields_],
    "formats": [np.uint64 if f[1] is ctypes.c_uint64 else np.uint32
                for f in Completion._fields_],
    "offsets": [getattr(Completion, f[0]).offset for f in Completion._fields_],
    "itemsize": ctypes.sizeof(Completion),
})

# The same 15 words as named fields: a structured array of SLOT_DTYPE is
# published as it is (a view, no per-slot Python work).
SLOT_DTYPE = np.dtype([("opcode", np.uint32), ("tenant", np.uint32),
                       ("priority", np.uint32),
                       ("args", np.uint32, (_abi.SLOT_ARG_COUNT,))])
assert SLOT_DTYPE.itemsize == 4 * SLOT_FIELDS == ctypes.sizeof(Slot)

_ELEMENT_DTYPES = {"i32": np.int32, "f32": np.float32}


def slot(opcode: int, args: Sequence[int] = (), tenant: int = 0,
         priority: int = _abi.PRIORITY_NORMAL) -> np.ndarray:
    """One task as a row of SLOT_FIELDS uint32 words."""
    if len(args) > _abi.SLOT_ARG_COUNT:
        raise ValueError(f"a slot has {_abi.SLOT_ARG_COUNT} args, got {len(args)}")
    row = np.zeros(SLOT_FIELDS, dtype=np.uint32)
    row[0] = _checks.u32(opcode, "opcode")
    row[1] = _checks.u32(tenant, "tenant")
    row[2] = _checks.u32(priority, "priority")
    for i, a in enumerate(args):
        row[3 + i] = _checks.word(a, f"argument {i}")
    return row


def slots(rows: Iterable) -> np.ndarray:
    """Stacks slot rows (from `slot()`, or (opcode, args) pairs) into an
    (N, SLOT_FIELDS) array."""
    out = [r if isinstance(r, np.ndarray) else slot(*r) for r in rows]
    if not out:
        return np.zeros((0, SLOT_FIELDS), dtype=np.uint32)
    return np.stack(out)


# vyre_prune_verdict in runtime.h, by value.
PRUNE_VERDICTS = ("kept", "no_effect", "duplicate", "overwritten")


def _as_slot_array(data) -> np.ndarray:
    if isinstance(data, np.ndarray) and data.dtype.names is not None:
        if data.dtype != SLOT_DTYPE:
            raise ValueError(f"a structured slot array must have dtype "
                             f"vyre.SLOT_DTYPE {SLOT_DTYPE}; got {data.dtype}")
        return np.ascontiguousarray(data).reshape(-1).view(
            np.uint32).reshape(-1, SLOT_FIELDS)
    arr = data if isinstance(data, np.ndarray) else slots(data)
    if arr.ndim == 1:
        arr = arr.reshape(1, -1)
    if arr.ndim != 2 or arr.shape[1] != SLOT_FIELDS:
        raise ValueError(f"slots must be an (N, {SLOT_FIELDS}) array of "
                         f"(opcode, tenant, priority, 12 args); got shape "
                         f"{arr.shape}")
    if arr.dtype != np.uint32:
        if arr.dtype.kind not in "iu":
            raise ValueError(f"slots must hold integers, not {arr.dtype}")
        if arr.dtype == np.uint64:  # past int64: compare as Python ints
            arr = arr.astype(object)
        _checks.columns(arr, SLOT_FIELDS)
        arr = np.asarray(arr).astype(np.int64).astype(np.uint32)
    return np.ascontiguousarray(arr)


def publish_with(call, handle, data, timeout_ms: int) -> int:
    """`call` (vyre_kernel_publish or vyre_producer_publish) on `data`: how
    many went in; a RingFull or other error carries .published."""
    arr = _as_slot_array(data)
    done = ctypes.c_uint32()
    try:
        check(call(handle, arr.ctypes.data, arr.shape[0],
                   _checks.timeout(timeout_ms),
                   ctypes.byref(done)))
    except Exception as e:
        e.published = done.value
        raise
    return done.value


def reap_with(call, handle, chunk_size: int) -> np.ndarray:
    """Every completion `call` (vyre_kernel_reap or vyre_producer_reap) has,
    as a COMPLETION_DTYPE array in ticket order."""
    chunks = []
    while True:
        chunk = np.zeros(max(chunk_size, 1), dtype=COMPLETION_DTYPE)
        n = ctypes.c_uint32()
        check(call(handle, chunk.ctypes.data, chunk.size, ctypes.byref(n)))
        chunks.append(chunk[:n.value])
        if n.value < chunk.size:
            break
    out = np.concatenate(chunks)
    return out[np.argsort(out["ticket"], kind="stable")]


def encode_packed(ops: Sequence[Sequence[int]]) -> np.ndarray:
    """A PACKED_SLOT of up to PACKED_MAX_OPS inner (opcode, x, y) ops."""
    flat = (ctypes.c_uint32 * (3 * len(ops)))(
        *[int(v) & 0xFFFFFFFF for op in ops for v in op])
    out = Slot()
    check(lib.vyre_encode_packed(flat, len(ops), ctypes.byref(out)),
          "encode_packed")
    return np.frombuffer(bytearray(out), dtype=np.uint32).copy()


# Fault code -> name, from the generated FAULT_* codes (not the fault-log
# geometry, FAULT_LOG_ENTRIES and FAULT_LOG_ENTRY_WORDS, nor the user base).
_FAULT_NAMES = {v: k[len("FAULT_"):].lower() for k, v in vars(_abi).items()
                if k.startswith("FAULT_") and not k.startswith("FAULT_LOG_")
                and k != "FAULT_USER_BASE"}


def fault_name(code: int) -> str:
    """Like vyre_fault_name: "user" for user codes, "reserved" if unknown."""
    if code >= _abi.FAULT_USER_BASE:
        return "user"
    return _FAULT_NAMES.get(code, "reserved")


@dataclass(frozen=True)
class KernelDescription:
    name: str
    persistent: bool
    slots: int
    workgroups: int
    workgroup_size: int
    observables: int
    control_words: int
    debug_records: int
    arms: int
    user_buffers: int
    tenant_mask_words: int
    #: slots of priority p: [priority_offsets[p], priority_offsets[p + 1])
    priority_offsets: tuple
    sharded: bool
    #: restricted passes (critical and high only) in a row at most
    starvation_bound: int


class _Closeable:
    """`with` support: close() on exit, whatever happened inside."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _buffer_words(name: str, dtype, data) -> np.ndarray:
    """`data` as the 4-byte elements of buffer `name` (dtype float32 or an
    int type), or TypeError / ValueError saying why not."""
    given_array = isinstance(data, np.ndarray)
    arr = np.asarray(data)
    if np.dtype(dtype).kind == "f":
        if arr.dtype == np.float32:
            return arr
        if given_array or arr.dtype.kind not in "iuf":
            raise TypeError(
                f"buffer {name!r} holds float32; got {arr.dtype} data "
                f"(convert it with .astype(np.float32) if the rounding is "
                f"what you want)")
        return arr.astype(np.float32)  # Python numbers, by value
    if arr.dtype.kind not in "iu":
        raise TypeError(f"buffer {name!r} holds 32-bit integers; got "
                        f"{arr.dtype} data (floats would be truncated)")
    if arr.dtype.itemsize == 4:
        return arr
    if arr.size and (arr.min() < -(1 << 31) or arr.max() >= (1 << 32)):
        raise ValueError(f"buffer {name!r} holds 32-bit words; a value of "
                         f"{arr.min() if arr.min() < -(1 << 31) else arr.max()}"
                         f" does not fit")
    return (arr.astype(np.int64) & 0xFFFFFFFF).astype(np.uint32)


class Runtime(_Closeable):
    """A Vulkan device. `device`: an index or a name substring; None picks
    $VYRE_DEVICE, else the first GPU, else lavapipe."""

    def __init__(self, device: Union[int, str, None] = None,
                 validation: bool = False):
        handle = ctypes.c_void_p()
        name = None if device is None else str(device).encode()
        check(lib.vyre_runtime_create(name, int(validation),
                                      ctypes.byref(handle)), "opening a device")
        self._handle = handle
        self._kernels = weakref.WeakSet()

    @staticmethod
    def list_devices() -> list:
        buf = ctypes.create_string_buffer(8192)
        check(lib.vyre_runtime_list_devices(buf, len(buf)), "listing devices")
        return [l for l in buf.value.decode().splitlines() if l]

    @property
    def handle(self):
        if not self._handle:
            raise ValueError("this vyre.Runtime is closed")
        return self._handle

    @property
    def device_name(self) -> str:
        return lib.vyre_runtime_device_name(self.handle).decode()

    @property
    def is_cpu(self) -> bool:
        return bool(lib.vyre_runtime_is_cpu(self.handle))

    @property
    def validation_errors(self) -> int:
        return lib.vyre_runtime_validation_errors(self.handle)

    INJECTABLE_FAULTS = {"none": 0, "device_lost": 1, "allocation": 2}

    def inject_fault(self, fault: str, after_calls: int = 0) -> None:
        """Makes the device fail on command, for tests (docs/reliability.md):
        "device_lost" from the next submit or fence check after `after_calls`
        more (every kernel then raises DeviceLost until Kernel.rebuild()),
        "allocation" fails one buffer allocation, "none" disarms."""
        if fault not in self.INJECTABLE_FAULTS:
            raise ValueError(f"unknown fault {fault!r} to inject; the faults "
                             f"are {', '.join(self.INJECTABLE_FAULTS)}")
        check(lib.vyre_runtime_inject_fault(
            self.handle, self.INJECTABLE_FAULTS[fault],
            _checks.u32(after_calls, "after_calls")), "injecting a fault")

    def load(self, module, manifest: Optional[str] = None) -> "Kernel":
        """Loads a compiled kernel: a vyre.Module (from vyre.compile), or the
        paths of its SPIR-V binary and ABI manifest."""
        if manifest is None:
            spv, manifest = module.spirv_path, module.manifest_path
        else:
            spv = module
        kernel = Kernel(self, str(spv), str(manifest))
        self._kernels.add(kernel)
        return kernel

    def close(self) -> None:
        """Destroys the kernels still open, then the device."""
        if self._handle:
            for k in list(self._kernels):
                k.close()
            lib.vyre_runtime_destroy(self._handle)
            self._handle = None

    def __del__(self):
        self.close()


class Kernel(_Closeable, IoSources, TaskGraphs):
    """A loaded megakernel: its buffers, ring and single dispatch. Use as a
    context manager (or call close()) so a persistent kernel is shut down."""

    def __init__(self, runtime: Runtime, spv: str, manifest: str):
        handle = ctypes.c_void_p()
        check(lib.vyre_kernel_load(runtime.handle, spv.encode(),
                                   manifest.encode(), ctypes.byref(handle)),
              f"loading {spv}")
        self._runtime = runtime  # keeps the device alive while we are
        self._handle = handle
        info = KernelInfo()
        check(lib.vyre_kernel_get_info(handle, ctypes.byref(info)))
        self.info = KernelDescription(
            info.name.decode(), bool(info.persistent), info.slots,
            info.workgroups, info.workgroup_size, info.observables,
            info.control_words, info.debug_records, info.arms,
            info.user_buffers, info.tenant_mask_words,
            tuple(info.priority_offsets), bool(info.sharded),
            info.starvation_bound)

    # --- lifetime ---------------------------------------------------------
    @property
    def handle(self):
        if not self._handle:
            raise ValueError(f"kernel {self.info.name} is closed")
        return self._handle

    def close(self) -> None:
        if self._handle:
            lib.vyre_kernel_destroy(self._handle)
            self._handle = None

    def __del__(self):
        if getattr(self, "_handle", None) and self._runtime._handle:
            self.close()

    # --- what the manifest says -------------------------------------------
    def opcode(self, name: str) -> int:
        """Opcode of a handler or built-in ("scan", "atomic_add")."""
        out = ctypes.c_uint32()
        check(lib.vyre_kernel_opcode(self.handle, name.encode(),
                                     ctypes.byref(out)))
        return out.value

    def handler_name(self, opcode: int) -> Optional[str]:
        name = lib.vyre_kernel_handler_name(self.handle, opcode)
        return name.decode() if name else None

    @property
    def buffers(self) -> dict:
        """User buffers: name -> (elements, element type); 0 = not sized."""
        out = {}
        for i in range(self.info.user_buffers):
            name, etype = ctypes.c_char_p(), ctypes.c_char_p()
            n = ctypes.c_uint32()
            check(lib.vyre_kernel_buffer_info(self.handle, i, ctypes.byref(name),
                                              ctypes.byref(n),
                                              ctypes.byref(etype)))
            out[name.value.decode()] = (n.value, etype.value.decode())
        return out

    def batch(self, name: str) -> np.ndarray:
        """The slots of static batch `name` (a vyre.batch)."""
        count = ctypes.c_uint32()
        check(lib.vyre_kernel_batch(self.handle, name.encode(), None, 0,
                                    ctypes.byref(count)), f"batch {name}")
        out = np.zeros((count.value, SLOT_FIELDS), dtype=np.uint32)
        check(lib.vyre_kernel_batch(
            self.handle, name.encode(),
            out.ctypes.data_as(ctypes.POINTER(Slot)), count.value,
            ctypes.byref(count)), f"batch {name}")
        return out

    def prune(self, data):
        """Host-side batch pruning (vyre_kernel_prune_batch): returns the
        slots left, in order, and one verdict per input slot, an index into
        PRUNE_VERDICTS (0 kept, 1 no effect, 2 duplicate, 3 overwritten)."""
        arr = np.ascontiguousarray(_as_slot_array(data), dtype=np.uint32).copy()
        verdicts = np.zeros(arr.shape[0], dtype=np.uint8)
        kept = ctypes.c_uint32()
        check(lib.vyre_kernel_prune_batch(self.handle, arr.ctypes.data,
                                          arr.shape[0], ctypes.byref(kept),
                                          verdicts.ctypes.data))
        return arr[:kept.value], verdicts

    # --- user buffers and the tenant table (before or after launch) -------
    def set_buffer_length(self, name: str, elements: int) -> None:
        check(lib.vyre_kernel_set_buffer_length(
            self.handle, name.encode(), _checks.u32(elements, "elements")))

    def _buffer_dtype(self, name: str):
        entry = self.buffers.get(name)
        if entry is None:
            raise KeyError(f"kernel {self.info.name} has no user buffer "
                           f"{name!r}; it has {sorted(self.buffers)}")
        return _ELEMENT_DTYPES.get(entry[1], np.uint32), entry[0]

    def write_buffer(self, name: str, data, first: int = 0) -> None:
        """Copies `data` into user buffer `name` from element `first`. An f32
        buffer takes a float32 array, or numbers; an i32 buffer takes an
        integer array or integers, each a 32-bit word (-2**31 .. 2**32-1).
        Anything else is an error, never a silent cast: a float64 array into
        an f32 buffer would round, floats into an i32 buffer would truncate."""
        dtype, _ = self._buffer_dtype(name)
        arr = np.ascontiguousarray(_buffer_words(name, dtype, data))
        check(lib.vyre_kernel_write_buffer(self.handle, name.encode(), first,
                                           arr.ctypes.data, arr.size),
              f"writing buffer {name}")

    def read_buffer(self, name: str, first: int = 0,
                    count: Optional[int] = None) -> np.ndarray:
        """Elements of user buffer `name`, as int32 or float32."""
        dtype, elements = self._buffer_dtype(name)
        if count is None:
            count = elements - first
        out = np.zeros(max(count, 0), dtype=dtype)
        check(lib.vyre_kernel_read_buffer(self.handle, name.encode(), first,
                                          out.ctypes.data, count),
              f"reading buffer {name}")
        return out

    def set_tenant_mask(self, tenant: int, mask: int) -> None:
        """Lets `tenant` run the arms whose bits are set in `mask` (a Python
        int of any width: bit h is arm h)."""
        if mask < 0:
            raise ValueError("a tenant mask is a non-negative int")
        words = self.info.tenant_mask_words
        if mask >> (32 * words):
            raise ValueError(f"mask has bits beyond arm {32 * words - 1}; "
                             f"kernel {self.info.name} has {self.info.arms} arms")
        arr = (ctypes.c_uint32 * words)(
            *[(mask >> (32 * w)) & 0xFFFFFFFF for w in range(words)])
        check(lib.vyre_kernel_set_tenant_mask_words(self.handle, tenant, arr,
                                                    words))

    def set_tenant_quota(self, tenant: int, max_in_flight: int) -> None:
        """At most `max_in_flight` slots of `tenant` in the ring (0: no
        limit); slots over it complete at once as FAULT QUOTA_EXCEEDED."""
        check(lib.vyre_kernel_set_tenant_quota(
            self.handle, _checks.u32(tenant, "tenant"),
            _checks.u32(max_in_flight, "max_in_flight")))

    def set_watchdog(self, ms: int) -> None:
        check(lib.vyre_kernel_set_watchdog(self.handle, _checks.u32(ms, "ms")))

    _WAIT_MODES = {"backoff": 0, "spin": 1}

    def set_wait_mode(self, mode: str) -> None:
        """How waits poll: "backoff" (the default: spin briefly, then yield
        and sleep, giving the core back) or "spin" (never sleep, for the
        lowest latency when this thread owns a core)."""
        if mode not in self._WAIT_MODES:
            raise ValueError(f"wait mode {mode!r} is not one of "
                             f"{sorted(self._WAIT_MODES)}")
        check(lib.vyre_kernel_set_wait_mode(self.handle,
                                            self._WAIT_MODES[mode]))

    @property
    def dispatch_workgroups(self) -> int:
        return lib.vyre_kernel_dispatch_workgroups(self.handle)

    @dispatch_workgroups.setter
    def dispatch_workgroups(self, n: int) -> None:
        check(lib.vyre_kernel_set_dispatch_workgroups(
            self.handle, _checks.u32(n, "workgroups")))

    def set_loop_budget(self, back_edges: int) -> None:
        check(lib.vyre_kernel_set_loop_budget(
            self.handle, _checks.u32(back_edges, "back_edges")))

    # --- running ------------------------------------------------------------
    def launch(self) -> None:
        check(lib.vyre_kernel_launch(self.handle), f"launching {self.info.name}")

    def wait_idle(self, timeout_ms: int = DEFAULT_TIMEOUT_MS) -> None:
        check(lib.vyre_kernel_wait_idle(self.handle, _checks.timeout(timeout_ms)))

    @property
    def published(self) -> int:
        return lib.vyre_kernel_published(self.handle)

    def publish(self, data, timeout_ms: int = DEFAULT_TIMEOUT_MS) -> int:
        """Publishes slots (an (N, 15) array or rows), waiting up to
        timeout_ms for free ring slots. Returns how many went in; raises
        RingFull (with .published set) if not all did."""
        return publish_with(lib.vyre_kernel_publish, self.handle, data,
                            timeout_ms)

    def producer(self):
        """A vyre.Producer: a publisher of its own for another thread, which
        publishes and reaps without a lock (vyre/producer.py)."""
        from .producer import Producer
        return Producer(self)

    def wait(self, target: Optional[int] = None,
             timeout_ms: int = DEFAULT_TIMEOUT_MS) -> None:
        """Waits until `target` slots (default: all published) finished."""
        target = self.published if target is None else target
        check(lib.vyre_kernel_wait(self.handle, target,
                                   _checks.timeout(timeout_ms)))

    def reap(self) -> np.ndarray:
        """Finished slots as a structured array (ticket, slot, opcode,
        tenant, status, fault_code), in ticket order; frees their slots."""
        return reap_with(lib.vyre_kernel_reap, self.handle, self.info.slots)

    def run(self, data, timeout_ms: int = DEFAULT_TIMEOUT_MS) -> np.ndarray:
        """Publishes, waits for every slot and reaps: the completions of
        what this call published, in order. Keeps the ring from filling by
        reaping while it publishes."""
        arr = _as_slot_array(data)
        first = self.published
        got = []
        at = 0
        step = self.capacity(arr)
        while at < arr.shape[0]:
            chunk = arr[at:at + step]
            self.publish(chunk, timeout_ms)
            at += chunk.shape[0]
            self.wait(self.published, timeout_ms)
            got.append(self.reap())
        out = np.concatenate(got) if got else np.zeros(0, COMPLETION_DTYPE)
        return out[out["ticket"] >= first]

    def set_queue_capacities(self, capacities) -> None:
        """Sizes the priority queues: priority p (0 critical ... 4 idle)
        gets capacities[p] ring slots; the five must add up to the ring.
        Only before launch (or after shutdown, every completion reaped) and
        without producers. A zeroed slot is critical, so [slots, 0, 0, 0,
        0] lets such slots fill the whole ring."""
        caps = [int(c) for c in capacities]
        if len(caps) != _abi.PRIORITY_LEVELS:
            raise ValueError(f"give {_abi.PRIORITY_LEVELS} capacities "
                             f"(critical, high, normal, low, idle), "
                             f"not {len(caps)}")
        if any(c < 0 or c > 0xFFFFFFFF for c in caps):
            raise ValueError(f"capacities must be slot counts from 0 to "
                             f"4294967295, got {caps}")
        if sum(caps) != self.info.slots:
            raise ValueError(f"the capacities add up to {sum(caps)} slots, "
                             f"but kernel {self.info.name}'s ring has "
                             f"{self.info.slots}; give the five priorities "
                             f"all of it")
        arr = (ctypes.c_uint32 * _abi.PRIORITY_LEVELS)(*caps)
        check(lib.vyre_kernel_set_queue_capacities(self.handle, arr),
              f"sizing {self.info.name}'s queues")
        info = KernelInfo()
        check(lib.vyre_kernel_get_info(self.handle, ctypes.byref(info)))
        self.info = replace(self.info,
                            priority_offsets=tuple(info.priority_offsets))

    def partition(self, priority: int) -> tuple:
        """Ring slots [first, end) that take slots of `priority` (vyre-shard
        priority partitions; the whole ring when the kernel has none)."""
        off = self.info.priority_offsets
        return (off[priority], off[priority + 1])

    def capacity(self, data=None) -> int:
        """Slots that can be in flight at once for `data`'s priorities: the
        smallest partition among them (the ring size without partitions)."""
        if not self.info.sharded:
            return self.info.slots
        used = (range(_abi.PRIORITY_LEVELS) if data is None else
                set(int(p) for p in _as_slot_array(data)[:, 2]))
        sizes = [self.partition(p)[1] - self.partition(p)[0] for p in used
                 if p < _abi.PRIORITY_LEVELS]
        sizes = [n for n in sizes if n > 0]
        return min(sizes) if sizes else self.info.slots

    def shutdown(self, timeout_ms: int = DEFAULT_TIMEOUT_MS) -> None:
        """Persistent kernels: waits for every published slot, then stops
        the dispatch. Raises if slots were left unrun."""
        unfinished = ctypes.c_uint32()
        check(lib.vyre_kernel_shutdown(self.handle, _checks.timeout(timeout_ms),
                                       ctypes.byref(unfinished)))

    def rebuild(self) -> None:
        """After DeviceLost: creates the device again under every kernel of
        the runtime and loses nothing. Slots no lane held run again (a kernel
        that was serving is launched again); slots a lane held complete as
        FAULT device_lost; observables, tenant masks, counts and user
        buffers come back as the device left them."""
        check(lib.vyre_kernel_rebuild(self.handle), "rebuilding the kernel")

    # --- JIT variants (docs/runtime.md, "JIT variants") -----------------------
    def add_variant(self, module, manifest: Optional[str] = None) -> int:
        """Adds a binary compiled from the same kernel (a JIT-fused kernel
        from vyre-to-spirv-jit, or a fused batch from vyre-to-spirv-batch)
        as a vyre.Module or SPIR-V and manifest paths; returns its number
        for swap() or run_batch(). 0 is the kernel loaded first."""
        if manifest is None:
            spv, manifest = module.spirv_path, module.manifest_path
        else:
            spv = module
        index = ctypes.c_uint32()
        check(lib.vyre_kernel_add_variant(self.handle, os.fsencode(spv),
                                          os.fsencode(manifest),
                                          ctypes.byref(index)),
              f"adding variant {spv}")
        return index.value

    def swap(self, index: int, timeout_ms: int = DEFAULT_TIMEOUT_MS) -> None:
        """Makes variant `index` the running kernel without losing a slot;
        slots a fused variant requeues go to variant 0 and complete as
        usual."""
        check(lib.vyre_kernel_swap(self.handle, _checks.u32(index, "index"),
                                   _checks.timeout(timeout_ms)),
              f"swapping to variant {index}")

    def run_batch(self, index: int,
                  timeout_ms: int = DEFAULT_TIMEOUT_MS) -> int:
        """Runs fused batch variant `index` once: its items take ring slots
        and complete like published slots (reap() returns them). Returns
        the first item's ticket; the others follow in batch order."""
        first = ctypes.c_uint64()
        check(lib.vyre_kernel_run_batch(self.handle, _checks.u32(index, "index"),
                                        _checks.timeout(timeout_ms),
                                        ctypes.byref(first)),
              f"running batch variant {index}")
        return first.value

    def set_requeue_policy(self, threshold: int,
                           max_wait_us: int = 2000) -> None:
        """Requeued slots go to the generic kernel once `threshold` (>= 1;
        default slots/4) wait, the oldest has waited `max_wait_us` (0: no
        limit), or nothing else is in flight."""
        check(lib.vyre_kernel_set_requeue_policy(self.handle, threshold,
                                                 max_wait_us))

    @property
    def jit_stats(self) -> dict:
        """variants, active, requeued, handovers, swaps (vyre_jit_stats)."""
        out = JitStats()
        check(lib.vyre_kernel_jit_stats(self.handle, ctypes.byref(out)))
        return {name: getattr(out, name) for name, _ in JitStats._fields_}

    # --- reading results ------------------------------------------------------
    def read_control(self, first: int, count: int = 1) -> np.ndarray:
        out = np.zeros(count, dtype=np.uint32)
        check(lib.vyre_kernel_read_control(
            self.handle, first, out.ctypes.data_as(ctypes.POINTER(ctypes.c_uint32)),
            count))
        return out

    def write_control(self, word: int, value: int) -> None:
        check(lib.vyre_kernel_write_control(
            self.handle, _checks.u32(word, "word"),
            _checks.word(value, "value")))

    def observables(self, first: int = 0,
                    count: Optional[int] = None) -> np.ndarray:
        count = self.info.observables - first if count is None else count
        out = np.zeros(count, dtype=np.uint32)
        check(lib.vyre_kernel_read_observables(
            self.handle, first, out.ctypes.data_as(ctypes.POINTER(ctypes.c_uint32)),
            count))
        return out

    def handler_counters(self) -> np.ndarray:
        """Executions of each dispatch arm, in arm order."""
        out = np.zeros(self.info.arms, dtype=np.uint32)
        check(lib.vyre_kernel_read_handler_counters(
            self.handle, out.ctypes.data_as(ctypes.POINTER(ctypes.c_uint32)),
            out.size))
        return out

    def save_profile(self, path) -> None:
        """Writes the per-arm execution counts as a profile file that
        vyre-opt reads (--vyre-attach-profile=file=PATH, or the pipeline
        option profile=PATH): the input of JIT recompilation."""
        check(lib.vyre_kernel_save_profile(self.handle, os.fsencode(path)))

    @property
    def done_count(self) -> int:
        return int(self.read_control(_abi.CTRL_DONE_COUNT)[0])

    @property
    def fault_count(self) -> int:
        return int(self.read_control(_abi.CTRL_FAULT_COUNT)[0])

    def faults(self) -> list:
        """The fault log, oldest first: (slot, code, name) tuples."""
        buf = (Fault * _abi.FAULT_LOG_ENTRIES)()
        n = ctypes.c_uint32()
        check(lib.vyre_kernel_read_fault_log(self.handle, buf, len(buf),
                                             ctypes.byref(n)))
        return [(f.slot, f.code, fault_name(f.code)) for f in buf[:n.value]]

    def debug_log(self):
        """(records, dropped): PRINTF records as (format, a0, a1, a2) tuples
        and how many did not fit."""
        cap = max(self.info.debug_records, 1)
        buf = (DebugRecord * cap)()
        n, dropped = ctypes.c_uint32(), ctypes.c_uint32()
        check(lib.vyre_kernel_read_debug_log(self.handle, buf, cap,
                                             ctypes.byref(n),
                                             ctypes.byref(dropped)))
        return ([(r.format, *r.args) for r in buf[:n.value]], dropped.value)
