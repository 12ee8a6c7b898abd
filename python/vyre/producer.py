"""Publishing from several Python threads at once: vyre.Producer.

A Producer is one thread's publisher on a kernel. Threads with a producer
each publish and reap without a lock between them: the runtime reserves a
run of free ring positions with one atomic compare-and-swap, and ctypes
releases the GIL for the call, so the threads' publishes overlap. Each
producer reaps only the slots it published. Kernel.publish and Kernel.reap
(the thread that owns the kernel) may run beside producers.

    with kernel.producer() as p:      # in each worker thread
        p.publish(slots)              # (N, 15) uint32 or SLOT_DTYPE array
        done = p.reap()               # this producer's completions

Rules (docs/runtime.md, "Producers"): one thread at a time per producer; a
kernel with JIT variants has none; closing a producer with slots not reaped
yet raises StateError, since their completions would be lost.
"""
import ctypes

import numpy as np

from ._lib import lib
from .errors import check
from .runtime import publish_with, reap_with

DEFAULT_TIMEOUT_MS = 10000


class Producer:
    """One host thread's publisher on a Kernel (Kernel.producer())."""

    def __init__(self, kernel):
        handle = ctypes.c_void_p()
        check(lib.vyre_producer_create(kernel.handle, ctypes.byref(handle)),
              "creating a producer")
        self._kernel = kernel  # the kernel outlives its producers
        self._handle = handle

    @property
    def handle(self):
        if not self._handle or not self._kernel._handle:
            raise ValueError("the producer (or its kernel) is closed")
        return self._handle

    def publish(self, data, timeout_ms: int = DEFAULT_TIMEOUT_MS) -> int:
        """As Kernel.publish, from this producer's thread: returns how many
        went in; raises RingFull (with .published set) if not all did."""
        return publish_with(lib.vyre_producer_publish, self.handle, data,
                            timeout_ms)

    @property
    def in_flight(self) -> int:
        """Slots this producer published and has not reaped."""
        return lib.vyre_producer_in_flight(self.handle)

    def reap(self) -> np.ndarray:
        """This producer's finished slots as a COMPLETION_DTYPE array, in
        ticket order; frees their ring slots."""
        return reap_with(lib.vyre_producer_reap, self.handle, self.in_flight)

    def close(self) -> None:
        """Destroys the producer; StateError while slots are not reaped."""
        if self._handle and self._kernel._handle:
            check(lib.vyre_producer_destroy(self._handle),
                  "closing the producer")
        self._handle = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
