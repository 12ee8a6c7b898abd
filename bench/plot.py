#!/usr/bin/env python3
"""Draws vyre-bench's JSON: the single-task latency CDFs and the throughput
bars, side by side, into one PNG.

  bench/plot.py RESULT.json OUT.png
"""
import json
import sys

import matplotlib
matplotlib.use("Agg")  # no display on CI or the GPU machine
import matplotlib.pyplot as plt
import numpy as np


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__)
    with open(argv[1]) as f:
        result = json.load(f)
    fig, (lat, tp) = plt.subplots(1, 2, figsize=(12, 4.5))

    labels = {"persistent": "persistent megakernel",
              "once": "once megakernel",
              "submit_fence": "submit + fence per task"}
    for key, samples in result["round_trip_us"].items():
        xs = np.sort(np.asarray(samples))
        ys = np.arange(1, len(xs) + 1) / len(xs)
        lat.plot(xs, ys, label=f"{labels.get(key, key)} (p50 {np.median(xs):.1f} us)")
    lat.set_xscale("log")
    lat.set_xlabel("publish -> completion seen (us, log)")
    lat.set_ylabel("fraction of tasks")
    lat.set_title("single-task round trip")
    lat.legend(fontsize=8)
    lat.grid(True, which="both", alpha=0.3)

    rows = result["throughput_tasks_per_s"]
    workloads = list(dict.fromkeys(r["workload"] for r in rows))
    sides = list(dict.fromkeys(r["side"] for r in rows))
    width = 0.8 / len(sides)
    smallest = min(r["tasks_per_s"] for r in rows) / 1e6
    for i, side in enumerate(sides):
        values = [next((r["tasks_per_s"] / 1e6 for r in rows
                        if r["workload"] == w and r["side"] == side), 0)
                  for w in workloads]
        tp.bar(np.arange(len(workloads)) + i * width, values, width, label=side)
    tp.set_xticks(np.arange(len(workloads)) + width * (len(sides) - 1) / 2)
    tp.set_xticklabels(workloads)
    tp.set_ylabel("M tasks/s")
    tp.set_yscale("log")
    tp.set_ylim(bottom=smallest / 3)  # keep the slowest side's bar visible
    tp.set_title(f"batched throughput ({result['tasks']} tasks)")
    tp.legend(fontsize=8)

    fig.suptitle(result["device"])
    fig.tight_layout()
    fig.savefig(argv[2], dpi=110)
    print(f"wrote {argv[2]}")


if __name__ == "__main__":
    main(sys.argv)
