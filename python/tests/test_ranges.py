"""Integers that cross into the runtime as 32-bit words are range-checked,
not wrapped (issue 23: an opcode of 2**40 was accepted, a timeout of -1
became 49 days)."""
import numpy as np
import pytest

import vyre
from vyre import abi


def test_slot_fields_out_of_range_are_refused():
    with pytest.raises(ValueError, match="opcode is 1099511627776"):
        vyre.slot(1 << 40)
    with pytest.raises(ValueError, match="tenant is -1"):
        vyre.slot(0, tenant=-1)
    with pytest.raises(ValueError, match="argument 2 is 4294967296"):
        vyre.slot(0, [0, 0, 1 << 32])
    # Signed words are fine: -1 is 0xFFFFFFFF.
    assert vyre.slot(0, [-1])[3] == 0xFFFFFFFF


def test_slot_arrays_out_of_range_are_refused(builtins):
    rows = np.zeros((2, vyre.SLOT_FIELDS), dtype=np.int64)
    rows[1, 0] = 1 << 40
    with pytest.raises(ValueError, match="opcode is 1099511627776"):
        builtins.publish(rows)
    rows[1, 0] = abi.OP_NOP
    rows[0, 5] = -(1 << 31) - 1
    with pytest.raises(ValueError, match="argument is -2147483649"):
        builtins.publish(rows)


def test_timeouts_and_words_out_of_range_are_refused(builtins):
    builtins.launch()
    with pytest.raises(ValueError, match="timeout_ms is -1"):
        builtins.wait(0, timeout_ms=-1)
    with pytest.raises(ValueError, match="timeout_ms is -1"):
        builtins.publish([vyre.slot(abi.OP_NOP)], timeout_ms=-1)
    with pytest.raises(ValueError, match="value is 1099511627776"):
        builtins.write_control(abi.CTRL_OBSERVABLES, 1 << 40)
    with pytest.raises(ValueError, match="max_in_flight is -5"):
        builtins.set_tenant_quota(0, -5)
    builtins.shutdown()


def test_buffer_writes_never_cast_silently(runtime, user_module):
    with runtime.load(user_module) as k:
        k.set_buffer_length("data", 4)
        with pytest.raises(TypeError, match="holds 32-bit integers; got float64"):
            k.write_buffer("data", np.array([1.5, 2.0]))
        with pytest.raises(TypeError, match="holds 32-bit integers; got float32"):
            k.write_buffer("data", np.ones(2, dtype=np.float32))
        with pytest.raises(ValueError, match="a value of 4294967296 does not fit"):
            k.write_buffer("data", np.array([1 << 32], dtype=np.int64))
        with pytest.raises(TypeError, match="holds 32-bit integers"):
            k.write_buffer("data", [0.5])
        # Words in range go in, signed or unsigned, from any integer type.
        k.write_buffer("data", np.array([-1, 7, (1 << 32) - 1, 3], dtype=np.int64))
        assert k.read_buffer("data").tolist() == [-1, 7, -1, 3]
        k.write_buffer("data", [5, 6])
        assert k.read_buffer("data", 0, 2).tolist() == [5, 6]
