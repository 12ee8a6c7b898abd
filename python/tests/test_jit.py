"""The re-JIT loop from Python: profile a run, recompile with the profile
(vyre-to-spirv-jit), add the fused kernels as variants, swap to them under
load, and run a static batch as a fused variant. Every slot must complete
DONE and the observables must hold the sums the workload implies, whichever
variant served it (requeued and deferred slots included)."""
import json

import numpy as np
import pytest

import vyre
from vyre import abi

from conftest import KERNELS, dfa_table

OBS = abi.CTRL_OBSERVABLES


def skewed_workload(n, seed):
    """ATOMIC_ADD mostly, some STORE_U32 (to words nothing else touches)
    and NOP; returns the slots and the observables they leave."""
    rng = np.random.default_rng(seed)
    rows, sums = [], np.zeros(16, dtype=np.uint64)
    for i in range(n):
        pick = rng.integers(100)
        if pick < 80:
            word, value = int(rng.integers(8)), int(rng.integers(1, 100))
            rows.append(vyre.slot(abi.OP_ATOMIC_ADD, [value, OBS + word]))
            sums[word] += value
        elif pick < 90:
            rows.append(vyre.slot(abi.OP_STORE_U32, [7, OBS + 8 + i % 8]))
            sums[8 + i % 8] = 7
        else:
            rows.append(vyre.slot(abi.OP_NOP))
    return vyre.slots(rows), (sums & 0xFFFFFFFF).astype(np.uint32)


@pytest.fixture(scope="module")
def profiled(runtime, builtins_module, tmp_path_factory):
    """A profile saved from a run of the skewed workload on the generic
    kernel."""
    path = tmp_path_factory.mktemp("profile") / "builtins.profile.json"
    with runtime.load(builtins_module) as k:
        k.write_buffer("dfa", dfa_table())
        k.launch()
        k.run(skewed_workload(400, seed=1)[0])
        k.save_profile(path)
        k.shutdown()
    return path


def jit(profile, options, tmp_path_factory, name):
    return vyre.compile(
        KERNELS / "builtins.mlir",
        pipeline=f"vyre-to-spirv-jit=profile={profile} {options}",
        workdir=tmp_path_factory.mktemp(name))


def test_profile_recompile_swap_loses_no_slot(runtime, builtins_module,
                                              profiled, tmp_path_factory):
    counts = {arm["opcodes"][0]: arm["count"]
              for arm in json.loads(profiled.read_text())["arms"]}
    assert counts[abi.OP_ATOMIC_ADD] > counts[abi.OP_STORE_U32] > 0
    # Budget 3: ATOMIC_ADD (and NOP) fused, STORE_U32 requeued; with a
    # defer budget STORE_U32 is deferred instead.
    requeuing = jit(profiled, "budget=3", tmp_path_factory, "requeuing")
    deferring = jit(profiled, "budget=3 defer-budget=4096", tmp_path_factory,
                    "deferring")
    assert requeuing.manifest["fused_arms"]
    assert "deferred_arms" not in requeuing.manifest
    assert deferring.manifest["deferred_arms"]
    slots, sums = skewed_workload(3000, seed=2)
    with runtime.load(builtins_module) as k:
        k.write_buffer("dfa", dfa_table())
        first = k.add_variant(requeuing)
        second = k.add_variant(deferring.spirv_path, deferring.manifest_path)
        assert (first, second) == (1, 2)
        k.set_requeue_policy(64, 500)
        k.launch()
        done = []
        for i, part in enumerate(np.array_split(slots, 6)):
            k.swap([first, second, 0][i % 3])  # under load: slots in flight
            k.publish(part)
            done.append(k.reap())
        k.wait()
        done.append(k.reap())
        done = np.concatenate(done)
        stats = k.jit_stats
        k.shutdown()
        assert len(done) == len(slots)
        assert (done["status"] == abi.STATUS_DONE).all()
        assert sorted(done["ticket"].tolist()) == list(range(len(slots)))
        assert k.observables(0, 16).tolist() == sums.tolist()
    assert stats["variants"] == 2 and stats["swaps"] >= 5
    assert stats["requeued"] > 0 and stats["handovers"] > 0


def test_deferred_variant_requeues_nothing(runtime, builtins_module,
                                           profiled, tmp_path_factory):
    deferring = jit(profiled, "budget=3 defer-budget=4096", tmp_path_factory,
                    "deferring_alone")
    slots, sums = skewed_workload(2000, seed=3)
    with runtime.load(builtins_module) as k:
        k.write_buffer("dfa", dfa_table())
        k.swap(k.add_variant(deferring))  # not running: the next launch
        k.launch()
        done = k.run(slots)
        assert (done["status"] == abi.STATUS_DONE).all()
        assert k.observables(0, 16).tolist() == sums.tolist()
        assert k.jit_stats["requeued"] == 0
        k.shutdown()


def test_fused_batch_matches_the_interpreter(runtime, tmp_path_factory):
    items = [(abi.OP_ATOMIC_ADD, [i + 1, OBS + i % 4]) for i in range(40)]
    items += [(abi.OP_STORE_U32, [99, OBS + 5])]
    text = (KERNELS / "builtins.mlir").read_text().rstrip()
    assert text.endswith("}")
    batch = "\n".join(f"    vyre.work_item opcode({op}) args [{a}, {w}]"
                      for op, (a, w) in items)
    source = f"{text[:-1]}  vyre.batch @py {{\n{batch}\n  }}\n}}\n"
    generic = vyre.compile(source, workdir=tmp_path_factory.mktemp("gen"))
    fused = vyre.compile(source, pipeline="vyre-to-spirv-batch",
                         workdir=tmp_path_factory.mktemp("fused"))
    results = []
    for run_fused in (False, True):
        with runtime.load(generic) as k:
            k.write_buffer("dfa", dfa_table())
            index = k.add_variant(fused)
            if run_fused:
                first = k.run_batch(index)
                k.launch()
                k.wait()
                done = k.reap()
                assert done["ticket"].tolist() == list(
                    range(first, first + len(items)))
            else:
                k.launch()
                done = k.run(vyre.slots([vyre.slot(op, args)
                                         for op, args in items]))
            assert (done["status"] == abi.STATUS_DONE).all()
            # One more slot through the interpreter: by its completion the
            # interpreter has scanned the ring, and a batch item it found
            # still PUBLISHED would have run twice (ABI v6 left them so
            # until the batch kernel marked them CLAIMED).
            marker = k.run(vyre.slots([vyre.slot(abi.OP_ATOMIC_ADD,
                                                 [1, OBS + 6])]))
            assert (marker["status"] == abi.STATUS_DONE).all()
            results.append(k.observables(0, 8).tolist())
            k.shutdown()
    assert results[0] == results[1]
    assert results[0][:4] == [sum(i + 1 for i in range(40) if i % 4 == w)
                              for w in range(4)]
    assert results[0][5] == 99
