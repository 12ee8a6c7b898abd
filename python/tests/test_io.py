"""GPU-initiated IO from Python: sources, errors and counts
(unittests/Runtime/kernels/io.mlir, as IoTest uses it)."""
import os
import tempfile

import numpy as np
import pytest

import vyre
from vyre import abi

from conftest import KERNELS, _compile

ROW_WORDS, SUM_ROW = 8, 16


@pytest.fixture(scope="module")
def io_module(tmp_path_factory):
    return _compile(tmp_path_factory, KERNELS / "io.mlir", "io")


def _table(rows):
    r = np.arange(rows, dtype=np.uint32)[:, None]
    w = np.arange(ROW_WORDS, dtype=np.uint32)[None, :]
    return (r * 131 + w * 7).astype(np.uint32)


def _lookups(rows, source):
    s = np.zeros(len(rows), dtype=vyre.SLOT_DTYPE)
    s["opcode"] = SUM_ROW
    s["priority"] = abi.PRIORITY_NORMAL
    s["args"][:, 0] = rows
    s["args"][:, 1] = np.arange(len(rows))
    s["args"][:, 2] = np.arange(len(rows))
    s["args"][:, 3] = source
    return s


def _run(kernel, slots):
    kernel.launch()
    done = kernel.run(slots)
    kernel.shutdown()
    return done[np.argsort(done["ticket"])]


def test_memory_and_callback_sources_answer_misses(runtime, io_module):
    table = _table(32)
    rows = np.array([0, 5, 31, 5, 12], dtype=np.uint32)
    with runtime.load(io_module) as k:
        k.set_buffer_length("stage", 2 * len(rows) * ROW_WORDS)
        k.set_buffer_length("out", 2 * len(rows))
        k.add_io_memory(0, table)
        k.add_io_callback(1, lambda off, n: table.tobytes()[off:off + n])
        slots = np.concatenate([_lookups(rows, 0), _lookups(rows, 1)])
        slots["args"][len(rows):, 1:3] += len(rows)
        done = _run(k, slots)
        assert (done["status"] == abi.STATUS_DONE).all()
        expected = table[rows].sum(axis=1, dtype=np.uint32) + 1
        out = k.read_buffer("out")
        assert (out[:len(rows)] == expected).all()
        assert (out[len(rows):] == expected).all()
        assert k.io_stats["requests"] == 2 * len(rows)
        assert k.io_errors() == []


@pytest.mark.parametrize("direct", [False, True])
def test_a_file_source_reads_with_pread_or_direct_io(runtime, io_module,
                                                      direct):
    table = _table(300)  # 9600 bytes: rows in three 4 KiB blocks
    path = tempfile.mkstemp(dir="/var/tmp")[1]  # tmpfs has no O_DIRECT
    try:
        table.tofile(path)
        rows = np.array([0, 130, 299, 257], dtype=np.uint32)
        with runtime.load(io_module) as k:
            k.set_buffer_length("stage", len(rows) * ROW_WORDS)
            k.set_buffer_length("out", len(rows))
            try:
                k.add_io_file(0, path, direct=direct)
            except vyre.InvalidArgument as e:
                if direct and "does not support direct IO" in str(e):
                    pytest.skip("/var/tmp has no direct IO here")
                raise
            done = _run(k, _lookups(rows, 0))
            assert (done["status"] == abi.STATUS_DONE).all()
            expected = table[rows].sum(axis=1, dtype=np.uint32) + 1
            assert (k.read_buffer("out") == expected).all()
    finally:
        os.unlink(path)


def test_a_failing_source_faults_its_slot_with_the_reason(runtime, io_module):
    def broken(offset, nbytes):
        raise OSError("disk on fire")
    with runtime.load(io_module) as k:
        k.set_buffer_length("stage", 2 * ROW_WORDS)
        k.set_buffer_length("out", 2)
        k.add_io_callback(2, broken)
        k.add_io_memory(0, _table(1))
        slots = _lookups(np.array([0, 0], dtype=np.uint32), 2)
        slots["args"][1, 3] = 0  # a source that works
        done = _run(k, slots)
        assert done["status"][0] == abi.STATUS_FAULT
        assert vyre.fault_name(done["fault_code"][0]) == "io_error"
        assert done["status"][1] == abi.STATUS_DONE
        errors = k.io_errors()
        assert len(errors) == 1 and errors[0]["source"] == 2
        assert "callback returned" in errors[0]["message"]


def test_sources_are_checked(runtime, io_module, user_module):
    with runtime.load(user_module) as plain:
        with pytest.raises(vyre.StateError, match="no IO requests"):
            plain.add_io_memory(0, b"1234")
    with runtime.load(io_module) as k:
        k.add_io_memory(0, b"1234")
        with pytest.raises(vyre.InvalidArgument, match="already registered"):
            k.add_io_memory(0, b"5678")
        with pytest.raises(vyre.InvalidArgument, match="cannot open"):
            k.add_io_file(1, "/nonexistent/table.bin")
