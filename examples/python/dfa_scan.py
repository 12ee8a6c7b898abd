#!/usr/bin/env python3
"""The DFA scanner example (examples/dfa_scan.mlir), driven from Python.

Compiles the megakernel with vyre.compile, uploads the KMP automaton of
PATTERN and the text as numpy arrays, publishes one SCAN slot per chunk,
and checks the device's count against a CPU scan.

    build/venv/bin/python examples/python/dfa_scan.py [PATTERN [TEXTFILE]]
"""
import sys
import time
from pathlib import Path

import numpy as np

import vyre

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "examples" / "dfa"))
from prepare import cpu_count, kmp_table  # noqa: E402  (the CLI example's)

CHUNK = 256


def main() -> int:
    pattern = (sys.argv[1] if len(sys.argv) > 1 else "License").encode()
    text = Path(sys.argv[2] if len(sys.argv) > 2 else ROOT / "LICENSE.TXT").read_bytes()
    if not pattern:
        sys.exit("dfa_scan.py: the pattern must not be empty")

    table = np.array(kmp_table(pattern), dtype=np.int32)
    words = np.frombuffer(text + b"\0" * (-len(text) % 4), dtype="<i4")

    module = vyre.compile(ROOT / "examples" / "dfa_scan.mlir")
    with vyre.Runtime() as rt, rt.load(module) as k:
        print(f"device: {rt.device_name}; kernel {k.info.name}, "
              f"{k.info.slots} slots, {'persistent' if k.info.persistent else 'once'} mode")
        for name, data in (("table", table), ("text", words)):
            k.set_buffer_length(name, data.size)
            k.write_buffer(name, data)

        # SCAN a0 = first byte, a1 = bytes, a2 = overlap, a3 = accept, a4 = observable
        starts = np.arange(0, len(text), CHUNK)
        scan = np.zeros((starts.size, vyre.SLOT_FIELDS), dtype=np.uint32)
        scan[:, 0] = k.opcode("scan")
        scan[:, 2] = vyre.abi.PRIORITY_NORMAL
        scan[:, 3] = starts
        scan[:, 4] = np.minimum(CHUNK, len(text) - starts)
        scan[:, 5] = len(pattern) - 1
        scan[:, 6] = len(pattern)

        # A once-mode kernel serves what is in the ring and returns, so
        # publish at most what the slots' priority partition holds per launch.
        step = k.capacity(scan)
        begin = time.perf_counter()
        for at in range(0, starts.size, step):
            k.publish(scan[at:at + step])
            k.launch()
            k.wait_idle()
            done = k.reap()
            bad = done[done["status"] != vyre.abi.STATUS_DONE]
            if bad.size:
                sys.exit(f"{bad.size} chunks faulted: {k.faults()}")

        seconds = time.perf_counter() - begin
        found = int(k.observables(0, 1)[0])
    cpu_begin = time.perf_counter()
    expected = cpu_count(pattern, text)
    cpu_seconds = time.perf_counter() - cpu_begin
    print(f"\"{pattern.decode()}\": device {found}, CPU {expected} "
          f"({starts.size} chunks of {CHUNK} bytes)")
    # Publish to reap of every chunk, launches included (a once-mode kernel
    # is launched per ring's worth), against the CPU scan of the same text.
    print(f"device scan {seconds * 1e3:.2f} ms "
          f"({len(text) / seconds / 1e6:.1f} MB/s, launches included), "
          f"CPU scan in Python {cpu_seconds * 1e3:.2f} ms")
    return 0 if found == expected else 1


if __name__ == "__main__":
    sys.exit(main())
