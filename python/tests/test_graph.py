"""Task graphs from Python: a graph published in one call runs in
dependency order; a fault poisons its dependents; bad graphs are refused
whole, in Python's terms."""
import numpy as np
import pytest

import vyre

from conftest import ROOT



@pytest.fixture
def graph(runtime, graph_module):
    with runtime.load(graph_module) as k:
        k.write_buffer("value", np.zeros(4096, dtype=np.int32))
        k.launch()
        yield k
        k.shutdown()


def diamond(fail_root=False):
    rows = vyre.slots([(17 if fail_root else 16, [0, 4095]),
                       (16, [1, 0]), (16, [2, 0]), (16, [3, 1])])
    edges = np.array([[0, 1], [0, 2], [1, 3], [2, 3]])
    return rows, edges


def test_a_graph_runs_in_dependency_order(graph):
    rows, edges = diamond()
    first = graph.publish_graph(rows, edges)
    graph.wait()
    done = graph.reap()
    assert list(done["ticket"] - first) == [0, 1, 2, 3]
    assert (done["status"] == vyre.abi.STATUS_DONE).all()
    # each task wrote its first predecessor's value plus one
    assert list(graph.read_buffer("value", 0, 4)) == [1, 2, 2, 3]
    assert graph.dependency_counters == (1024, 1024)
    assert graph.dependency_waits().size == 0


def test_a_fault_fails_its_dependents(graph):
    rows, edges = diamond(fail_root=True)
    graph.publish_graph(rows, edges)
    graph.wait()
    done = graph.reap()
    assert [vyre.fault_name(c) for c in done["fault_code"]] == [
        "user", "dependency_failed", "dependency_failed", "dependency_failed"]


def test_bad_graphs_are_refused_in_python_terms(graph):
    rows, _ = diamond()
    with pytest.raises(vyre.InvalidArgument, match="topological order"):
        graph.publish_graph(rows, [[1, 0]])
    with pytest.raises(ValueError, match=r"\(M, 2\) pairs"):
        graph.publish_graph(rows, [0, 1])
    with pytest.raises(ValueError, match="integers"):
        graph.publish_graph(rows, np.array([[0.0, 1.0]]))
    assert graph.published == 0


def test_waits_are_reported_before_launch(runtime, graph_module):
    with runtime.load(graph_module) as k:
        rows, edges = diamond()
        first = k.publish_graph(rows, edges)
        waits = k.dependency_waits()
        assert sorted(waits["ticket"] - first) == [1, 2, 3]
        assert list(waits[waits["ticket"] == first + 3]["target"]) == [2]
        k.launch()
        k.wait()
        assert k.reap().size == 4
        k.shutdown()


def test_a_batch_with_edges_is_published_as_its_graph(runtime):
    module = vyre.compile(ROOT / "examples" / "reduce_tree.mlir")
    with runtime.load(module) as k:
        edges = k.batch_edges("tree")
        assert [tuple(e) for e in edges] == [(0, 4), (1, 4), (2, 5), (3, 5),
                                             (4, 6), (5, 6)]
        k.launch()
        k.publish_graph(k.batch("tree"), edges)
        k.wait()
        assert (k.reap()["status"] == vyre.abi.STATUS_DONE).all()
        assert k.observables(0, 1)[0] == 4096 * 4095 // 2
        k.shutdown()
