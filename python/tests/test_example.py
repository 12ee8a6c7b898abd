"""The worked example of docs/python.md runs and agrees with the CPU."""
import subprocess
import sys

import pytest

import vyre

from conftest import ROOT


def test_dfa_scan_example_matches_the_cpu(tmp_path):
    # 120 KB: more chunks than the ring has slots, so several launches.
    text = tmp_path / "text.txt"
    text.write_bytes((b"abracadabra " * 7 + b"xyz\n") * 1400)
    r = subprocess.run([sys.executable, str(ROOT / "examples" / "python" /
                                            "dfa_scan.py"), "abra", str(text)],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout + r.stderr
    assert '"abra": device 19600, CPU 19600' in r.stdout


def test_compile_caches_by_source_and_options(tmp_path, monkeypatch):
    monkeypatch.setenv("VYRE_CACHE_DIR", str(tmp_path / "cache"))
    from pathlib import Path
    source = Path(__file__).resolve().parents[2] / "examples" / "histogram.mlir"
    first = vyre.compile(source)
    again = vyre.compile(source)
    assert again.spirv_path == first.spirv_path  # the same entry, not compiled twice
    assert first.spirv_path.is_relative_to(tmp_path / "cache")
    other = vyre.compile(source, pipeline="vyre-to-spirv-interpreter=shard=false")
    assert other.spirv_path != first.spirv_path
    fresh = vyre.compile(source, cache=False)
    assert not fresh.spirv_path.is_relative_to(tmp_path / "cache")
    with pytest.raises(vyre.CompileError, match="histogram-bad.mlir"):
        bad = tmp_path / "histogram-bad.mlir"
        bad.write_text(source.read_text().replace("vyre.yield", "vyre.nope", 1))
        vyre.compile(bad)
    assert not list((tmp_path / "cache" / "compile").glob("*.*"))  # no scratch left
