"""The structure of a vyre-run trace (issue 24): every slice is on a named
track, slices on one track never overlap, the slots-in-flight counter is
there and never negative, and (with --jit) the swap is marked, and (with
--handovers) the hand-overs to the interpreter, and every task-graph flow
arrow (issue 26) starts and ends inside a slice, in pairs.
    python3 check_trace.py TRACE [--jit] [--handovers]"""
import json
import sys
from collections import defaultdict


def main(path: str, *flags: str) -> int:
    events = json.load(open(path))["traceEvents"]
    names = {e["tid"] for e in events
             if e["ph"] == "M" and e["name"] == "thread_name"}
    slices = defaultdict(list)
    for e in events:
        if e["ph"] == "X":
            slices[e["tid"]].append((e["ts"], e["ts"] + e["dur"]))
    problems = [f"track {tid} has no name" for tid in slices if tid not in names]
    for tid, spans in slices.items():
        spans.sort()
        for (_, end), (start, _) in zip(spans, spans[1:]):
            if start < end - 1e-6:  # us, printed to the ns
                problems.append(f"track {tid}: a slice starts at {start} "
                                f"before the one before it ends at {end}")
                break
    counts = [e["args"]["in flight"] for e in events if e["ph"] == "C"]
    if not counts or min(counts) < 0 or counts[-1] != 0:
        problems.append("the slots-in-flight counter is missing, negative "
                        "or does not end at 0")
    markers = [e["name"] for e in events if e["ph"] == "i"]
    if "--jit" in flags and "JIT: fused kernel swapped in" not in markers:
        problems.append("no JIT swap marker")
    handovers = markers.count("JIT: hand-over to the interpreter")
    if "--handovers" in flags and not handovers:
        problems.append("no hand-over marker")
    starts = {e["id"]: e for e in events if e["ph"] == "s"}
    ends = {e["id"]: e for e in events if e["ph"] == "f"}
    if set(starts) != set(ends):
        problems.append("a flow arrow has no start or no end")

    def inside(e):
        return any(a - 1e-6 <= e["ts"] <= b + 1e-6 for a, b in slices[e["tid"]])

    for e in list(starts.values()) + list(ends.values()):
        if not inside(e):
            problems.append(f"flow {e['id']} ({e['ph']}) at {e['ts']} is "
                            f"outside every slice of track {e['tid']}")
            break
    for p in problems:
        print(p)
    print(f"{sum(map(len, slices.values()))} slices on {len(slices)} named "
          f"tracks, {len(counts)} counter points, {len(markers)} markers, "
          f"{handovers} hand-overs marked, {len(starts)} flow arrows, "
          f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
