#!/usr/bin/env python3
"""Prints the figures of bench/compare.sh's alternating runs, A against B.

  bench/compare-report.py RESULTS_DIR SPEC_A SPEC_B

RESULTS_DIR holds bench-A1.json, bench-B1.json, ... (vyre-bench) and
load-A1.json, ... (vyre-load-bench --sections rtt,drain). Every figure is
shown per round (so the spread between rounds of one side is visible next to
the difference between sides) and as the median over rounds, with the ratio
B/A of the medians.
"""
import glob
import json
import os
import sys


def pct(values, q):
    v = sorted(values)
    return v[min(len(v) - 1, int(q / 100 * len(v)))] if v else float("nan")


def figures(bench, load):
    """name -> (value, unit, better) for one round of one side."""
    out = {}
    rt = bench["round_trip_us"]["persistent"]
    out["round trip p50"] = (pct(rt, 50), "us", "lower")
    out["round trip p99"] = (pct(rt, 99), "us", "lower")
    for row in bench["throughput_tasks_per_s"]:
        if row["side"] == "persistent":
            out[f"{row['workload']} persistent"] = (row["tasks_per_s"] / 1e6, "M/s", "higher")
            out[f"{row['workload']} host ns/slot (publish+reap)"] = (
                1e9 * (row["host_publish_s"] + row["host_reap_s"]) / bench["tasks"],
                "ns", "lower")
    out["publish ceiling"] = (1e9 / bench["publish_ceiling_tasks_per_s"], "ns/slot", "lower")
    if load:
        if load.get("round_trip"):
            out["load_rt round trip p50"] = (pct(load["round_trip"]["total_us"], 50), "us", "lower")
        drain = load.get("drain") or []
        if drain:
            med = lambda k: pct([r[k] for r in drain], 50)
            out["1M drain host publish"] = (med("publish_us"), "us", "lower")
            out["1M drain launch->idle"] = (med("launch_to_idle_us"), "us", "lower")
            if med("device_us") > 0:
                out["1M drain device"] = (med("device_us"), "us", "lower")
            out["1M drain host reap"] = (med("reap_us"), "us", "lower")
        wide = load.get("drain_wide") or []
        wide_device = pct([r["device_us"] for r in wide], 50) if wide else 0
        if wide_device > 0:
            out["1M drain device, 132 x 1024 lanes"] = (wide_device, "us", "lower")
    return out


def side(results, tag):
    rounds = []
    for path in sorted(glob.glob(os.path.join(results, f"bench-{tag}*.json"))):
        r = path[len(os.path.join(results, f"bench-{tag}")):-len(".json")]
        with open(path) as f:
            bench = json.load(f)
        load = None
        lp = os.path.join(results, f"load-{tag}{r}.json")
        if os.path.exists(lp):
            with open(lp) as f:
                load = json.load(f)
        rounds.append(figures(bench, load))
    return rounds


def main(argv):
    if len(argv) != 4:
        sys.exit(__doc__)
    results, spec_a, spec_b = argv[1:]
    a, b = side(results, "A"), side(results, "B")
    if not a or not b:
        sys.exit(f"compare-report: no rounds for A or B in {results}")
    print(f"\nA = {spec_a}, B = {spec_b}; {len(a)} rounds each, run A B A B ...")
    print(f"  {'figure':42} {'A rounds':>24} {'B rounds':>24} {'A med':>9} {'B med':>9} {'B/A':>7}")
    for name, (_, unit, better) in a[0].items():
        va = [r[name][0] for r in a if name in r]
        vb = [r[name][0] for r in b if name in r]
        if not va or not vb:
            continue
        ma, mb = pct(va, 50), pct(vb, 50)
        fa = " ".join(f"{x:.1f}" for x in va)
        fb = " ".join(f"{x:.1f}" for x in vb)
        print(f"  {name + ' (' + unit + ', ' + better + ')':42} {fa:>24} {fb:>24} "
              f"{ma:9.2f} {mb:9.2f} {mb / ma if ma else float('nan'):6.2f}x")


if __name__ == "__main__":
    main(sys.argv)
