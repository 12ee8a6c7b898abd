"""Task graphs from Python: slots that wait for other slots (docs/python.md,
"Task graphs"; the C side is vyre/graph.h).

Kernel inherits these methods. The kernel must be compiled with
`dependency_counters = N` on its vyre.megakernel.
"""
import ctypes

import numpy as np

from ._lib import lib
from . import _checks
from .errors import check

# One edge: task `to` runs after task `from` (indices into the graph's slots).
EDGE_DTYPE = np.dtype([("from", "<u4"), ("to", "<u4")])
# A task still waiting on a dependency counter (Kernel.dependency_waits).
WAIT_DTYPE = np.dtype([("ticket", "<u8"), ("slot", "<u4"), ("counter", "<u4"),
                       ("count", "<u4"), ("target", "<u4"),
                       ("poisoned", "<u4"), ("reserved", "<u4")])


def _as_edges(edges) -> np.ndarray:
    """An EDGE_DTYPE array from a structured array or (M, 2) integers."""
    if isinstance(edges, np.ndarray) and edges.dtype.names is not None:
        if edges.dtype != EDGE_DTYPE:
            raise ValueError(f"a structured edge array must have dtype "
                             f"vyre.EDGE_DTYPE {EDGE_DTYPE}; got {edges.dtype}")
        return np.ascontiguousarray(edges).reshape(-1)
    arr = np.asarray(edges if len(edges) else np.zeros((0, 2), np.int64))
    if arr.ndim != 2 or arr.shape[1] != 2:
        raise ValueError(f"edges must be (M, 2) pairs of (from, to) task "
                         f"indices; got shape {arr.shape}")
    if arr.dtype.kind not in "iu":
        raise ValueError(f"edges must hold integers, not {arr.dtype}")
    if arr.size and (arr.min() < 0 or arr.max() > 0xFFFFFFFF):
        raise ValueError("edges name tasks by index: 0 or more")
    out = np.zeros(arr.shape[0], dtype=EDGE_DTYPE)
    out["from"], out["to"] = arr[:, 0], arr[:, 1]
    return out


class TaskGraphs:
    """The task-graph methods of a Kernel (mixed in)."""

    def publish_graph(self, slots, edges, timeout_ms: int = 10000) -> int:
        """Publishes `slots` as one graph whose `edges` ((from, to) task
        indices, from < to: the slots are in topological order) say which
        task runs after which; whole or not at all (RingFull, nothing
        published, when the queues cannot take it now). A task whose
        predecessor faulted ends FAULT dependency_failed without running.
        Returns the first task's ticket; task i has ticket first + i."""
        from .runtime import _as_slot_array
        arr = _as_slot_array(slots)
        e = _as_edges(edges)
        first = ctypes.c_uint64()
        check(lib.vyre_kernel_publish_graph(
            self.handle, arr.ctypes.data, arr.shape[0], e.ctypes.data,
            e.shape[0], _checks.timeout(timeout_ms), ctypes.byref(first)),
            "publishing the graph")
        return first.value

    def batch_edges(self, name: str) -> np.ndarray:
        """The `after` edges of vyre.batch `name` as an EDGE_DTYPE array
        (empty for a batch without them); publish the batch with
        publish_graph(k.batch(name), k.batch_edges(name))."""
        n = ctypes.c_uint32()
        check(lib.vyre_kernel_batch_edges(self.handle, name.encode(), None, 0,
                                          ctypes.byref(n)),
              f"reading batch {name!r}")
        out = np.zeros(n.value, dtype=EDGE_DTYPE)
        if n.value:
            check(lib.vyre_kernel_batch_edges(self.handle, name.encode(),
                                              out.ctypes.data, n.value,
                                              ctypes.byref(n)))
        return out

    def dependency_waits(self) -> np.ndarray:
        """Tasks still waiting on a dependency counter, as a WAIT_DTYPE
        array (ticket, slot, counter, count, target, poisoned): what a stuck
        graph waits for. Reads the counters from the device."""
        n = ctypes.c_uint32()
        check(lib.vyre_kernel_dependency_waits(self.handle, None, 0,
                                               ctypes.byref(n)))
        out = np.zeros(n.value, dtype=WAIT_DTYPE)
        if n.value:
            got = ctypes.c_uint32()
            check(lib.vyre_kernel_dependency_waits(
                self.handle, out.ctypes.data, n.value, ctypes.byref(got)))
            out = out[:min(got.value, n.value)]
        return out

    @property
    def dependency_counters(self) -> tuple:
        """(counters the kernel declares, how many are free now)."""
        free = ctypes.c_uint32()
        total = lib.vyre_kernel_dependency_counters(self.handle,
                                                    ctypes.byref(free))
        return total, free.value
