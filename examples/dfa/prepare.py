#!/usr/bin/env python3
"""Prepares the DFA-scanner example (examples/dfa_scan.mlir).

Builds the KMP automaton of PATTERN as a transition table, packs TEXT into
32-bit words, writes a vyre-run workload of one SCAN slot per chunk, and
prints the number of (overlapping) occurrences a plain CPU scan finds, which
the device run must reproduce.

  prepare.py PATTERN TEXTFILE OUTDIR [--chunk BYTES]
Writes OUTDIR/table.txt, OUTDIR/text.u32, OUTDIR/scan.workload and
OUTDIR/expected.txt, and prints the vyre-run command line arguments.
"""
import argparse
import os
import struct
import sys


def kmp_table(pattern: bytes):
    """next = table[state * 256 + byte]; state len(pattern) accepts."""
    m = len(pattern)
    fail = [0] * (m + 1)
    k = 0
    for i in range(1, m):
        while k and pattern[i] != pattern[k]:
            k = fail[k]
        if pattern[i] == pattern[k]:
            k += 1
        fail[i + 1] = k
    table = []
    for state in range(m + 1):
        for byte in range(256):
            s = state
            if s == m:
                s = fail[m]
            while s and pattern[s] != byte:
                s = fail[s]
            if pattern[s] == byte:
                s += 1
            table.append(s)
    return table


def cpu_count(pattern: bytes, text: bytes) -> int:
    count, at = 0, text.find(pattern)
    while at != -1:
        count += 1
        at = text.find(pattern, at + 1)
    return count


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pattern")
    ap.add_argument("text")
    ap.add_argument("outdir")
    ap.add_argument("--chunk", type=int, default=256)
    args = ap.parse_args()
    pattern = args.pattern.encode()
    if not pattern:
        sys.exit("prepare.py: the pattern must not be empty")
    text = open(args.text, "rb").read()
    os.makedirs(args.outdir, exist_ok=True)

    table = kmp_table(pattern)
    with open(os.path.join(args.outdir, "table.txt"), "w") as f:
        f.write("\n".join(map(str, table)) + "\n")
    padded = text + b"\0" * (-len(text) % 4)
    with open(os.path.join(args.outdir, "text.u32"), "wb") as f:
        f.write(padded)
    accept = len(pattern)
    with open(os.path.join(args.outdir, "scan.workload"), "w") as f:
        f.write("# SCAN first-byte bytes overlap accept observable\n")
        for start in range(0, len(text), args.chunk):
            n = min(args.chunk, len(text) - start)
            f.write(f"scan {start} {n} {len(pattern) - 1} {accept} 0\n")
    expected = cpu_count(pattern, text)
    with open(os.path.join(args.outdir, "expected.txt"), "w") as f:
        f.write(f"{expected}\n")
    print(f"--buffer-length table={len(table)} --buffer table={args.outdir}/table.txt "
          f"--buffer-length text={len(padded) // 4} --buffer text={args.outdir}/text.u32 "
          f"--workload {args.outdir}/scan.workload --expect-observable 0={expected}")


if __name__ == "__main__":
    main()
