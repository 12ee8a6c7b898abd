"""The worked example of docs/python.md runs and agrees with the CPU."""
import subprocess
import sys

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
