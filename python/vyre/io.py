"""GPU-initiated IO from Python: the sources a kernel's vyre.io_read
requests name, the failed requests, and the counts (docs/python.md, "IO").

Kernel inherits these methods; a source registered here stays alive as
long as the kernel (the arrays and callbacks are kept referenced).
"""
import ctypes
import errno
import os

import numpy as np

from ._lib import IoError, IoReadFn, IoStats, lib
from . import _checks
from .errors import check


class IoSources:
    """The IO methods of a Kernel (mixed in)."""

    def _keep(self, thing) -> None:
        if not hasattr(self, "_io_kept"):
            self._io_kept = []
        self._io_kept.append(thing)

    def add_io_file(self, source: int, path, direct: bool = False) -> None:
        """Requests for `source` read `path`: with pread through the page
        cache, or with `direct=True` through direct IO (O_DIRECT: whole
        4 KiB blocks, no page-cache copy; for data read once or larger than
        memory)."""
        add = (lib.vyre_kernel_add_io_file_direct if direct
               else lib.vyre_kernel_add_io_file)
        check(add(self.handle, _checks.u32(source, "source"), os.fsencode(path)),
              f"adding IO source {source}")

    def add_io_memory(self, source: int, data) -> None:
        """Requests for `source` read the bytes of `data` (a numpy array or
        any buffer; kept alive with the kernel, read in place)."""
        arr = np.ascontiguousarray(np.frombuffer(data, dtype=np.uint8)
                                   if not isinstance(data, np.ndarray)
                                   else data)
        self._keep(arr)
        check(lib.vyre_kernel_add_io_memory(self.handle, _checks.u32(source, "source"),
                                            arr.ctypes.data, arr.nbytes),
              f"adding IO source {source}")

    def add_io_callback(self, source: int, read) -> None:
        """Requests for `source` call read(offset, nbytes), which returns
        that many bytes (bytes, bytearray or a numpy array). An exception,
        or a result of another length, fails the request: its slot ends
        FAULT io_error, and io_errors() tells why. read runs on the runtime's
        IO thread, or inside this kernel's reap, wait and publish calls."""
        def trampoline(_user, offset, destination, nbytes):
            try:
                data = memoryview(read(offset, nbytes)).cast("B")
            except Exception:  # reported as the request's error code
                return errno.EIO
            if data.nbytes != nbytes:
                return errno.ERANGE
            ctypes.memmove(destination, bytes(data), nbytes)
            return 0
        fn = IoReadFn(trampoline)
        self._keep(fn)
        check(lib.vyre_kernel_add_io_callback(
            self.handle, _checks.u32(source, "source"), fn, None),
              f"adding IO source {source}")

    def io_errors(self) -> list:
        """Failed requests since the last call, oldest first: dicts with
        ticket, slot, source, buffer, element, offset, bytes, code and
        message."""
        out, buf = [], (IoError * 64)()
        while True:
            n = ctypes.c_uint32()
            check(lib.vyre_kernel_read_io_errors(self.handle, buf, len(buf),
                                                 ctypes.byref(n)))
            for e in buf[:n.value]:
                entry = {name: getattr(e, name) for name, _ in IoError._fields_}
                entry["message"] = e.message.decode(errors="replace")
                out.append(entry)
            if n.value < len(buf):
                return out

    @property
    def io_stats(self) -> dict:
        """requests, bytes, errors, service_us_mean, service_us_max."""
        s = IoStats()
        check(lib.vyre_kernel_io_stats(self.handle, ctypes.byref(s)))
        return {name: getattr(s, name) for name, _ in IoStats._fields_}
