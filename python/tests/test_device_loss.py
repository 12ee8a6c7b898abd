"""An injected device loss, then Kernel.rebuild(): nothing is lost
(docs/reliability.md, "Device loss"). A runtime of its own, so that the
loss does not reach the session's kernels."""
import pytest

import vyre
from vyre import abi


def _numbered_adds(n):
    """n ATOMIC_ADDs adding 1, 2, ..., n into observable 0."""
    return [vyre.slot(abi.OP_ATOMIC_ADD, [i + 1, abi.CTRL_OBSERVABLES])
            for i in range(n)]


def _expect_every_add_once(k, done, n):
    assert sorted(done["ticket"].tolist()) == list(range(n))
    assert (done["status"] == abi.STATUS_DONE).all()
    assert k.observables(0, 1)[0] == n * (n + 1) // 2


def test_a_lost_device_raises_and_a_rebuild_runs_every_slot(builtins_once_module):
    with vyre.Runtime() as rt, rt.load(builtins_once_module) as k:
        assert k.publish(_numbered_adds(100)) == 100
        rt.inject_fault("device_lost")
        with pytest.raises(vyre.DeviceLost, match="device was lost"):
            k.launch()
        with pytest.raises(vyre.DeviceLost):
            k.publish([vyre.slot(abi.OP_NOP)])
        k.rebuild()
        k.launch()
        k.wait_idle()
        _expect_every_add_once(k, k.reap(), 100)


def test_unknown_faults_are_refused_in_python_terms(runtime):
    with pytest.raises(ValueError, match="unknown fault 'gpu_on_fire'"):
        runtime.inject_fault("gpu_on_fire")
    with pytest.raises(ValueError, match="after_calls is -1"):
        runtime.inject_fault("allocation", after_calls=-1)
    runtime.inject_fault("none")


def test_a_producers_slots_come_back_to_it_after_the_rebuild(builtins_once_module):
    # A producer's slots, staged in a once kernel; the device is lost at the
    # launch; after the owner's rebuild the producer reaps all of them.
    with vyre.Runtime() as rt, rt.load(builtins_once_module) as k:
        with k.producer() as p:
            assert p.publish(_numbered_adds(60)) == 60
            rt.inject_fault("device_lost")
            with pytest.raises(vyre.DeviceLost, match="Kernel.rebuild()"):
                k.launch()
            with pytest.raises(vyre.DeviceLost, match="publishes on"):
                p.publish([vyre.slot(abi.OP_NOP)])
            k.rebuild()
            assert p.in_flight == 60
            k.launch()
            k.wait_idle()
            _expect_every_add_once(k, p.reap(), 60)
