"""vyre.Producer: several Python threads publishing into one kernel."""
import threading

import numpy as np
import pytest

import vyre
from vyre import abi


def _adds(n, value, word):
    """n ATOMIC_ADD slots of `value` into observable `word`."""
    s = np.zeros(n, dtype=vyre.SLOT_DTYPE)
    s["opcode"] = abi.OP_ATOMIC_ADD
    s["priority"] = abi.PRIORITY_NORMAL
    s["args"][:, 0] = value
    s["args"][:, 1] = abi.CTRL_OBSERVABLES + word
    return s


def test_threads_publish_and_reap_their_own_slots(builtins):
    builtins.launch()
    threads, each = 3, 2000
    results = [None] * threads
    errors = []

    def work(t):
        try:
            with builtins.producer() as p:
                got = []
                slots = _adds(each, t + 1, t)
                at = 0
                while sum(len(g) for g in got) < each:
                    if at < each:  # batches of 100; a full ring says so
                        try:
                            at += p.publish(slots[at:at + 100], timeout_ms=0)
                        except vyre.RingFull as e:
                            at += e.published
                    got.append(p.reap())
                results[t] = np.concatenate(got)
        except Exception as e:  # reported by the main thread
            errors.append(e)

    pool = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
    for th in pool:
        th.start()
    for th in pool:
        th.join()
    assert not errors, errors
    tickets = np.concatenate([r["ticket"] for r in results])
    assert len(np.unique(tickets)) == threads * each  # each came back once
    for r in results:
        assert len(r) == each
        assert (r["status"] == abi.STATUS_DONE).all()
    obs = builtins.observables(0, threads)
    assert list(obs) == [each * (t + 1) for t in range(threads)]


def test_closing_a_producer_with_slots_in_flight_is_refused(builtins):
    p = builtins.producer()
    p.publish(_adds(3, 1, 0))
    assert p.in_flight == 3
    with pytest.raises(vyre.StateError, match="not reaped"):
        p.close()
    builtins.launch()
    builtins.wait()
    assert len(p.reap()) == 3
    p.close()
    with pytest.raises(ValueError, match="closed"):
        p.publish(_adds(1, 1, 0))
