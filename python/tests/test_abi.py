"""The package's ABI constants come from RingABI.h and agree with the C
runtime and with what the compiler writes into manifests."""
import ctypes
import importlib.util

import vyre
from vyre import _lib

from conftest import ROOT


def test_constants_match_the_header_they_were_generated_from():
    spec = importlib.util.spec_from_file_location(
        "abi_constants", ROOT / "scripts" / "abi_constants.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    header = gen.parse(str(ROOT / "include" / "vyre" / "ABI" / "RingABI.h"))
    assert header, "no constants parsed"
    for _, name, value, _ in header:
        short = name[len("VYRE_"):]
        assert getattr(vyre.abi, short) == value, (
            f"{short} is stale: rebuild the package (cmake --build build)")


def test_slot_rows_have_the_c_layout():
    assert vyre.SLOT_FIELDS * 4 == ctypes.sizeof(_lib.Slot)
    assert ctypes.sizeof(_lib.Slot) == vyre.abi.SLOT_BYTES - 4
    row = vyre.slot(5, [1, 2, 0xFFFFFFFF], tenant=3, priority=1)
    assert list(row[:6]) == [5, 3, 1, 1, 2, 0xFFFFFFFF]
    assert vyre.slot(0, [-1])[3] == 0xFFFFFFFF


def test_manifest_speaks_this_abi_version(builtins_module):
    assert builtins_module.manifest["abi_version"] == vyre.abi.ABI_VERSION


def test_fault_names():
    assert vyre.fault_name(vyre.abi.FAULT_TENANT_DENIED) == "tenant_denied"
    assert vyre.fault_name(vyre.abi.FAULT_USER_BASE + 44) == "user"
    # Fault-log geometry shares the FAULT_ prefix but names no fault code.
    assert vyre.fault_name(vyre.abi.FAULT_LOG_ENTRIES) == "reserved"
    assert vyre.fault_name(vyre.abi.FAULT_IO_ERROR) == "io_error"
    assert vyre.fault_name(vyre.abi.FAULT_DEVICE_LOST) == "device_lost"
    assert (vyre.fault_name(vyre.abi.FAULT_DEPENDENCY_FAILED)
            == "dependency_failed")
    assert vyre.fault_name(vyre.abi.FAULT_QUEUE_FULL) == "queue_full"
    assert vyre.fault_name(vyre.abi.FAULT_QUEUE_FULL + 1) == "reserved"


def test_where_says_which_library_and_tools(monkeypatch, tmp_path):
    found = vyre.where()
    assert found["runtime_library"].endswith("libvyre_runtime.so")
    assert found["runtime_library_from"] == "the copy installed with the package"
    monkeypatch.setenv("VYRE_TOOLS_DIR", str(tmp_path))
    assert vyre.where()["tools_dir"] == str(tmp_path)
    assert vyre.where()["tools_from"] == "$VYRE_TOOLS_DIR"
