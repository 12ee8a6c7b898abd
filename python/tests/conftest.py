"""Shared fixtures: one device for the session, kernels compiled with
vyre.compile from the same sources the C++ end-to-end tests use."""
from pathlib import Path

import pytest

import vyre

ROOT = Path(__file__).resolve().parents[2]
KERNELS = ROOT / "unittests" / "Runtime" / "kernels"


@pytest.fixture(scope="session")
def runtime():
    with vyre.Runtime() as rt:
        yield rt
        assert rt.validation_errors == 0, "Vulkan validation errors (stderr)"


def _compile(factory, source, name):
    return vyre.compile(source, workdir=factory.mktemp(name))


@pytest.fixture(scope="session")
def builtins_module(tmp_path_factory):
    return _compile(tmp_path_factory, KERNELS / "builtins.mlir", "builtins")


@pytest.fixture(scope="session")
def builtins_once_module(tmp_path_factory):
    text = (KERNELS / "builtins.mlir").read_text()
    return _compile(tmp_path_factory,
                    text.replace("mode(persistent)", "mode(once)"), "once")


@pytest.fixture(scope="session")
def user_module(tmp_path_factory):
    return _compile(tmp_path_factory, KERNELS / "user_handlers.mlir", "user")


@pytest.fixture(scope="session")
def wide_module(tmp_path_factory):
    return _compile(tmp_path_factory, KERNELS / "wide_arms.mlir", "wide")


@pytest.fixture(scope="session")
def graph_module(tmp_path_factory):
    return _compile(tmp_path_factory, KERNELS / "graph.mlir", "graph")


@pytest.fixture
def builtins(runtime, builtins_module):
    with runtime.load(builtins_module) as k:
        k.write_buffer("dfa", dfa_table())
        yield k


def dfa_table():
    """The C++ tests' two-state automaton: table[i] = (7i + 3) % 2."""
    return [(i * 7 + 3) % 2 for i in range(512)]
