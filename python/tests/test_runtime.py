"""End-to-end through Python on the default device: the same checks as the
C++ tests for a few opcodes, numpy round trips, and the error cases."""
import json

import numpy as np
import pytest

import vyre
from vyre import abi

from conftest import dfa_table

OBS = abi.CTRL_OBSERVABLES
DONE, FAULT = abi.STATUS_DONE, abi.STATUS_FAULT


def test_builtins_compute_what_the_abi_says(builtins):
    k = builtins
    k.launch()
    packed = vyre.encode_packed([(abi.OP_ATOMIC_ADD, 5, OBS + 10),
                                 (abi.OP_STORE_U32, 9, OBS + 11),
                                 (abi.OP_LOAD_U32, OBS + 11, 12)])
    # Order matters between these, so they run one at a time.
    for row in [vyre.slot(abi.OP_STORE_U32, [42, OBS]),
                vyre.slot(abi.OP_ATOMIC_ADD, [5, OBS + 1]),
                vyre.slot(abi.OP_ATOMIC_ADD, [7, OBS + 1]),
                vyre.slot(abi.OP_LOAD_U32, [OBS, 2]),
                vyre.slot(abi.OP_COMPARE_SWAP, [OBS + 40, 0, 99, 50]),
                vyre.slot(abi.OP_COMPARE_SWAP, [OBS + 40, 0, 11, 51]),
                vyre.slot(abi.OP_MEMCPY, [OBS, OBS + 20, 3]),
                vyre.slot(abi.OP_DFA_STEP, [1, 0x41, 30]),
                vyre.slot(abi.OP_PRINTF, [7, 1, 2, 3]),
                packed]:
        done = k.run(row)
        assert done["status"].tolist() == [DONE], done
    obs = k.observables()
    assert obs[0] == 42 and obs[1] == 12 and obs[2] == 42
    assert obs[40] == 99 and obs[50] == 0  # the first CAS swapped 0 -> 99
    assert obs[51] == 99  # the failed CAS saw the first one's 99
    assert list(obs[20:23]) == [42, 12, 42]
    assert obs[30] == dfa_table()[256 + 0x41]
    assert obs[10] == 5 and obs[12] == 9
    assert k.read_control(OBS + 40)[0] == 99
    records, dropped = k.debug_log()
    assert records == [(7, 1, 2, 3)] and dropped == 0
    counters = k.handler_counters()
    assert counters[k.opcode("compare_swap")] == 2  # arm i serves opcode i
    k.shutdown()


def test_numpy_batches_of_atomic_adds_sum_like_numpy(builtins):
    k = builtins
    k.launch()
    rng = np.random.default_rng(7)
    n = 5000
    words = rng.integers(0, 64, n)
    values = rng.integers(0, 1000, n)
    batch = np.zeros((n, vyre.SLOT_FIELDS), dtype=np.uint32)
    batch[:, 0] = abi.OP_ATOMIC_ADD
    batch[:, 2] = abi.PRIORITY_NORMAL
    batch[:, 3] = values
    batch[:, 4] = OBS + words
    done = k.run(batch)
    assert len(done) == n
    assert (done["status"] == DONE).all()
    assert done["ticket"].tolist() == sorted(done["ticket"].tolist())
    expected = np.zeros(64, dtype=np.uint64)
    np.add.at(expected, words, values)
    assert k.observables().astype(np.uint64).tolist() == expected.tolist()
    assert k.done_count == n and k.fault_count == 0
    k.shutdown()


def test_a_structured_slot_array_is_published_in_one_call(builtins):
    k = builtins
    k.launch()
    n = 3000
    batch = np.zeros(n, dtype=vyre.SLOT_DTYPE)
    batch["opcode"] = abi.OP_ATOMIC_ADD
    batch["priority"] = abi.PRIORITY_NORMAL
    batch["args"][:, 0] = np.arange(n) % 7
    batch["args"][:, 1] = OBS + (np.arange(n) % 8)
    before = k.observables().astype(np.int64)[:8]
    done = k.run(batch)
    assert len(done) == n and (done["status"] == DONE).all()
    expected = np.zeros(8, dtype=np.int64)
    np.add.at(expected, np.arange(n) % 8, np.arange(n) % 7)
    assert (k.observables().astype(np.int64)[:8] - before).tolist() == \
        expected.tolist()
    wrong = np.zeros(2, dtype=[("opcode", np.uint32), ("x", np.uint32)])
    with pytest.raises(ValueError, match="vyre.SLOT_DTYPE"):
        k.publish(wrong)
    k.shutdown()


def test_wait_mode_is_checked_and_spinning_serves(runtime, builtins_once_module):
    with runtime.load(builtins_once_module) as k:
        with pytest.raises(ValueError, match="spin"):
            k.set_wait_mode("busy")
        k.set_wait_mode("spin")
        k.publish([vyre.slot(abi.OP_NOP)] * 50)
        k.launch()
        k.wait()
        assert len(k.reap()) == 50


def test_bad_slots_fault_with_the_right_code(builtins):
    k = builtins
    k.launch()
    done = k.run([vyre.slot(0x1234),                                  # unknown
                  vyre.slot(abi.OP_ATOMIC_ADD, [1, OBS], tenant=40),  # >= 32
                  vyre.slot(abi.OP_ATOMIC_ADD, [1, OBS], tenant=2),   # no arms
                  vyre.slot(abi.OP_COMPARE_SWAP, [51, 0, 1], tenant=1),
                  vyre.slot(abi.OP_LOAD_U32, [OBS, 64]),              # OOB
                  vyre.slot(abi.OP_NOP)])
    assert done["status"].tolist() == [FAULT] * 5 + [DONE]
    assert done["fault_code"].tolist() == [
        abi.FAULT_UNKNOWN_OPCODE, abi.FAULT_TENANT_OUT_OF_RANGE,
        abi.FAULT_TENANT_DENIED, abi.FAULT_TENANT_DENIED,
        abi.FAULT_OUT_OF_BOUNDS, 0]
    names = [name for _, _, name in k.faults()]
    assert names == ["unknown_opcode", "tenant_out_of_range", "tenant_denied",
                     "tenant_denied", "out_of_bounds"]
    # The host can widen tenant 2 while the kernel runs.
    k.set_tenant_mask(2, 1 << k.opcode("atomic_add"))
    again = k.run(vyre.slot(abi.OP_ATOMIC_ADD, [3, OBS + 5], tenant=2))
    assert again["status"].tolist() == [DONE]
    assert k.observables(5, 1)[0] == 3
    k.shutdown()


def test_tenant_quota_faults_the_excess_and_runs_the_rest(builtins):
    k = builtins
    k.set_tenant_quota(1, 3)
    # Not launched: nothing leaves the ring, so tenant 1 is held at 3.
    k.publish([vyre.slot(abi.OP_ATOMIC_ADD, [1, OBS + 9], tenant=1)] * 8)
    early = k.reap()
    assert early["fault_code"].tolist() == [abi.FAULT_QUOTA_EXCEEDED] * 5
    k.launch()
    k.wait()
    assert (k.reap()["status"] == DONE).sum() == 3
    assert k.observables(9, 1)[0] == 3
    with pytest.raises(vyre.InvalidArgument, match="out of range"):
        k.set_tenant_quota(32, 1)
    k.shutdown()


def test_once_mode_drains_what_was_published(runtime, builtins_once_module):
    with runtime.load(builtins_once_module) as k:
        assert not k.info.persistent
        k.write_buffer("dfa", dfa_table())
        k.publish([vyre.slot(abi.OP_ATOMIC_ADD, [1, OBS + 3])] * 100)
        k.launch()
        k.wait_idle()
        done = k.reap()
        assert len(done) == 100 and (done["status"] == DONE).all()
        assert k.observables(3, 1)[0] == 100


def test_user_buffer_numpy_round_trip(runtime, user_module):
    with runtime.load(user_module) as k:
        assert k.buffers == {"data": (0, "i32")}
        with pytest.raises(vyre.StateError, match="set_buffer_length"):
            k.launch()
        k.set_buffer_length("data", 16)
        k.write_buffer("data", np.arange(16, dtype=np.int32) * -3)
        got = k.read_buffer("data")
        assert got.dtype == np.int32
        assert got.tolist() == [-3 * i for i in range(16)]
        k.launch()
        # "data" lives in host memory, which a GPU does not re-read while
        # the kernel runs: a write now is refused, naming the way out.
        with pytest.raises(vyre.StateError, match="device_local"):
            k.write_buffer("data", np.zeros(1, dtype=np.int32))
        add = k.opcode("add")
        done = k.run([vyre.slot(add, [i, 10]) for i in range(16)] +
                     [vyre.slot(add, [3, 5000])])       # user fault 300
        assert done["fault_code"].tolist() == [0] * 16 + [300]
        assert k.read_buffer("data").tolist() == [10 - 3 * i for i in range(16)]
        k.run(vyre.slot(k.opcode("double"), [3, 7]))
        assert k.observables(7, 1)[0] == 2 * (10 - 9)
        k.shutdown()


def test_prune_drops_subsumed_slots_and_keeps_the_result(builtins):
    k = builtins
    batch = [vyre.slot(abi.OP_STORE_U32, [1, OBS + 3]),
             vyre.slot(abi.OP_STORE_U32, [2, OBS + 3]),
             vyre.slot(abi.OP_STORE_U32, [2, OBS + 3]),
             vyre.slot(abi.OP_NOP),
             vyre.slot(abi.OP_LOAD_U32, [OBS + 3, 4])]
    kept, verdicts = k.prune(batch)
    assert [vyre.PRUNE_VERDICTS[v] for v in verdicts] == [
        "overwritten", "kept", "duplicate", "no_effect", "kept"]
    assert kept[:, 0].tolist() == [abi.OP_STORE_U32, abi.OP_LOAD_U32]
    k.launch()
    for row in kept:  # in publish order
        k.run(row)
    assert k.observables(3, 2).tolist() == [2, 2]
    k.shutdown()


def test_save_profile_writes_each_arms_count(builtins, tmp_path):
    k = builtins
    k.launch()
    k.run([vyre.slot(abi.OP_ATOMIC_ADD, [1, OBS + 5])] * 3
          + [vyre.slot(abi.OP_NOP)])
    path = tmp_path / "run.profile.json"
    k.save_profile(path)
    profile = json.loads(path.read_text())
    assert profile["vyre_profile"] == abi.PROFILE_FORMAT
    assert profile["kernel"] == k.info.name
    counts = {arm["opcodes"][0]: arm["count"] for arm in profile["arms"]}
    assert counts[abi.OP_ATOMIC_ADD] == 3 and counts[abi.OP_NOP] == 1
    assert len(profile["arms"]) == k.info.arms
    with pytest.raises(vyre.VyreError, match="cannot write the profile"):
        k.save_profile(tmp_path / "missing" / "dir" / "p.json")
    k.shutdown()


def test_wide_kernel_masks_and_counters(runtime, wide_module):
    with runtime.load(wide_module) as k:
        assert k.info.arms == 40 and k.info.tenant_mask_words == 2
        k.launch()
        k.set_tenant_mask(1, (1 << 33) | 1)   # arms 0 and 33
        done = k.run([vyre.slot(16 + 33, [0], tenant=1),
                      vyre.slot(16 + 34, [0], tenant=1),
                      vyre.slot(16 + 0, [0], tenant=1)])
        assert done["fault_code"].tolist() == [0, abi.FAULT_TENANT_DENIED, 0]
        assert k.observables(0, 1)[0] == 34 + 1
        counters = k.handler_counters()
        assert counters[33] == 1 and counters[0] == 1 and counters.sum() == 2
        with pytest.raises(ValueError, match="beyond arm 63"):
            k.set_tenant_mask(1, 1 << 64)
        k.shutdown()


def test_errors_carry_the_runtime_message(runtime, builtins_module, tmp_path):
    with pytest.raises(vyre.BadModule, match="manifest"):
        bad = tmp_path / "bad.json"
        bad.write_text("{}")
        runtime.load(builtins_module.spirv_path, bad)
    with runtime.load(builtins_module) as k:
        with pytest.raises(vyre.InvalidArgument, match="outside the 64"):
            k.observables(60, 8)
        with pytest.raises(ValueError, match=r"\(N, 15\)"):
            k.publish(np.zeros((2, 3), dtype=np.uint32))
        with pytest.raises(KeyError, match="no user buffer 'nope'"):
            k.read_buffer("nope")
        # Not launched: the normal-priority partition fills and publish
        # gives up.
        normal = k.capacity([vyre.slot(abi.OP_NOP)])
        first, end = k.partition(abi.PRIORITY_NORMAL)
        assert k.info.sharded and normal == end - first < k.info.slots
        with pytest.raises(vyre.RingFull) as full:
            k.publish([vyre.slot(abi.OP_NOP)] * (normal + 1), timeout_ms=0)
        assert full.value.published == normal
    with pytest.raises(ValueError, match="closed"):
        k.launch()


def test_compile_errors_show_the_diagnostic():
    with pytest.raises(vyre.CompileError, match="is not allowed in a vyre.megakernel"):
        vyre.compile("vyre.megakernel @k slots(4) workgroups(1) "
                     "workgroup_size(4) mode(once) {\n"
                     "  %c = arith.constant 0 : i32\n}\n")
    with pytest.raises(vyre.CompileError, match="no such file"):
        vyre.compile("/nonexistent/kernel.mlir")


def test_queue_capacities_let_zeroed_slots_fill_the_ring(runtime,
                                                        builtins_module):
    with runtime.load(builtins_module) as k:
        slots = k.info.slots
        critical = k.partition(abi.PRIORITY_CRITICAL)
        assert critical[1] - critical[0] < slots // 4  # the compiled layout
        zeroed = np.zeros((slots, vyre.SLOT_FIELDS), dtype=np.uint32)
        zeroed[:, 0] = abi.OP_ATOMIC_ADD
        zeroed[:, 3] = 1
        zeroed[:, 4] = OBS + 3  # priority (field 2) stays 0: critical
        with pytest.raises(ValueError, match="add up to 10 slots"):
            k.set_queue_capacities([10, 0, 0, 0, 0])
        with pytest.raises(ValueError, match="give 5 capacities"):
            k.set_queue_capacities([slots])
        k.set_queue_capacities([slots, 0, 0, 0, 0])
        assert k.partition(abi.PRIORITY_CRITICAL) == (0, slots)
        assert k.capacity(zeroed) == slots
        k.publish(zeroed, timeout_ms=0)  # the whole ring, not launched yet
        k.launch()
        k.wait(k.published)
        done = k.reap()
        assert len(done) == slots and (done["status"] == DONE).all()
        assert k.observables()[3] == slots
        with pytest.raises(vyre.StateError, match="is running"):
            k.set_queue_capacities([slots, 0, 0, 0, 0])
        k.shutdown()
