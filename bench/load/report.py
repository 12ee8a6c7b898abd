#!/usr/bin/env python3
"""Merges the load benchmark's JSON files (vyre-load-bench, bench/cuda/load.cu)
into the ratio table and the plots.

  bench/load/report.py [--png OUT.png] [--markdown] RESULT.json [MORE.json ...]

For each task kind and offered rate it prints the best p99 of every side
(over that side's configurations: vyre's geometries, the batchers' B, T and
depth, naming the one that gave it) and the ratio of each baseline's p99 to
vyre's best (above 1: vyre is faster). A saturated point (achieved under 85%
of offered) has no meaningful p99 and is shown as "sat". The PNG has p99
latency and achieved throughput against offered load, log-log, one line per
side.
"""
import argparse
import gzip
import json
import math
from collections import defaultdict

SIDES = ["vyre", "vulkan-batch", "cuda-batch", "cuda-graph"]
BASELINES = ["vulkan-batch", "cuda-batch", "cuda-graph"]


def load(paths):
    points, extra = [], {}
    for path in paths:
        with (gzip.open if path.endswith(".gz") else open)(path, "rt") as f:
            data = json.load(f)
        points += data.get("points", [])
        for key in ("drain", "round_trip", "device"):
            if data.get(key) is not None:
                extra.setdefault(key, data[key])
    return points, extra


def is_default_vyre(config):
    return config.startswith("load (")


def best_by_rate(points, side, only=None):
    """{(kind, offered): point with the lowest p99 among unsaturated ones}."""
    best = {}
    for p in points:
        if p["side"] != side or (only and not only(p["config"])):
            continue
        key = (p["kind"], p["offered"])
        if p["offered"] > 0 and p["saturated"]:
            best.setdefault(key, None)
            continue
        if p["offered"] == 0:  # closed loop: the highest throughput
            cur = best.get(key)
            if cur is None or p["achieved"] > cur["achieved"]:
                best[key] = p
            continue
        cur = best.get(key)
        if cur is None or p["p99_us"] < cur["p99_us"]:
            best[key] = p
    return best


def fmt_rate(r):
    if r == 0:
        return "closed"
    for unit, scale in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if r >= scale:
            return f"{r / scale:g}{unit}"
    return f"{r:g}"


def table(points, markdown):
    kinds = sorted({p["kind"] for p in points},
                   key=lambda k: ["nop", "atomic_add", "lcg16", "lcg4096"].index(k)
                   if k in ["nop", "atomic_add", "lcg16", "lcg4096"] else 9)
    columns = [("vyre default", best_by_rate(points, "vyre", is_default_vyre)),
               ("vyre best", best_by_rate(points, "vyre"))]
    columns += [(s, best_by_rate(points, s)) for s in BASELINES
                if any(p["side"] == s for p in points)]
    lines, verdicts = [], []
    for kind in kinds:
        rates = sorted({p["offered"] for p in points if p["kind"] == kind})
        head = ["offered/s"] + [c for c, _ in columns] + \
               [f"{c}/vyre" for c, _ in columns[2:]]
        if markdown:
            lines += [f"\n**{kind}**: p99 latency in us (closed: M tasks/s); best "
                      "configuration in brackets\n",
                      "| " + " | ".join(head) + " |",
                      "|" + "---|" * len(head)]
        else:
            lines += [f"\n{kind}: p99 latency, us (closed loop: M tasks/s)",
                      "  " + "".join(f"{h:>26}" for h in head)]
        wins, losses = [], []
        for rate in rates:
            cells, ratios = [fmt_rate(rate)], []
            vy = columns[1][1].get((kind, rate))
            for i, (_, best) in enumerate(columns):
                p = best.get((kind, rate), "absent")
                if p == "absent":
                    cells.append("-")
                elif p is None:
                    cells.append("sat")
                elif rate == 0:
                    cells.append(f"{p['achieved'] / 1e6:.2f} [{short(p)}]")
                else:
                    cells.append(f"{p['p99_us']:.1f} [{short(p)}]")
                if i >= 2:
                    ratios.append(ratio(p, vy, rate))
            cells += ratios
            if rate > 0:
                base = [columns[i][1].get((kind, rate)) for i in range(2, len(columns))]
                base = [b for b in base if b]
                if vy and base:
                    (wins if vy["p99_us"] < min(b["p99_us"] for b in base)
                     else losses).append(fmt_rate(rate))
                elif base and not vy:
                    losses.append(fmt_rate(rate) + " (vyre saturated)")
            if markdown:
                lines.append("| " + " | ".join(cells) + " |")
            else:
                lines.append("  " + "".join(f"{c:>26}" for c in cells))
        verdicts.append(f"{kind}: vyre's p99 beats the best batched baseline at "
                        f"{', '.join(wins) or 'no offered rate'}; it does not at "
                        f"{', '.join(losses) or 'any rate'}")
    return lines, verdicts


def short(p):
    c = p["config"]
    return c.split(" (")[0] if p["side"] == "vyre" else c.replace("us depth=", "/d")


def ratio(p, vy, rate):
    if p in (None, "absent") or not vy:
        return "-"
    if rate == 0:
        return f"{p['achieved'] / vy['achieved']:.2f}x"
    return f"{p['p99_us'] / vy['p99_us']:.2f}x"


def plot(points, out):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    kinds = [k for k in ["nop", "atomic_add", "lcg16", "lcg4096"]
             if any(p["kind"] == k for p in points)]
    fig, axes = plt.subplots(2, len(kinds), figsize=(4.5 * len(kinds), 8),
                             squeeze=False)
    lines = [("vyre default", "vyre", is_default_vyre), ("vyre best", "vyre", None)]
    lines += [(s, s, None) for s in BASELINES if any(p["side"] == s for p in points)]
    for col, kind in enumerate(kinds):
        for i, (label, side, only) in enumerate(lines):
            color = f"C{i}"
            best = best_by_rate(points, side, only)
            xs = sorted(r for (k, r), p in best.items() if k == kind and r > 0 and p)
            if xs:
                axes[0][col].plot(xs, [best[(kind, x)]["p99_us"] for x in xs], "o-",
                                  label=label, markersize=3, color=color)
            # Throughput: the best achieved at each offered rate, saturated
            # points included, and the closed-loop maximum as a dashed line.
            mine = [p for p in points if p["side"] == side and p["kind"] == kind
                    and (not only or only(p["config"]))]
            rates = sorted({p["offered"] for p in mine if p["offered"] > 0})
            if rates:
                axes[1][col].plot(rates, [max(p["achieved"] for p in mine
                                              if p["offered"] == r) for r in rates],
                                  "o-", label=label, markersize=3, color=color)
            closed = [p["achieved"] for p in mine if p["offered"] == 0]
            if closed:
                axes[1][col].axhline(max(closed), color=color, linestyle="--",
                                     linewidth=0.8)
        axes[0][col].set_title(f"{kind}: p99 latency")
        axes[1][col].set_title(f"{kind}: achieved (dashed: closed loop)")
        for row, ylabel in ((0, "p99 us (arrival to completion)"), (1, "tasks/s")):
            ax = axes[row][col]
            ax.set_xscale("log")
            ax.set_yscale("log")
            ax.set_xlabel("offered tasks/s")
            ax.set_ylabel(ylabel)
            ax.grid(True, which="both", alpha=0.3)
        axes[0][col].legend(fontsize=7)
        axes[1][col].legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(out, dpi=110)


def extras(extra):
    out = []
    drain = extra.get("drain")
    if drain:
        med = lambda key: sorted(r[key] for r in drain)[len(drain) // 2]
        n = drain[0]["slots"]
        out.append(f"pre-filled once drain of {n} slots (median of {len(drain)}): "
                   f"host publish {med('publish_us'):.0f} us, device "
                   f"{med('device_us'):.0f} us ({n / med('device_us') / 1e3:.2f} G slots/s), "
                   f"host reap {med('reap_us'):.0f} us; host "
                   f"{1e3 * (med('publish_us') + med('reap_us')) / n:.1f} ns/slot")
    rt = extra.get("round_trip")
    if rt:
        def p(key, q):
            v = sorted(rt[key])
            return v[min(len(v) - 1, int(q / 100 * len(v)))] if v else math.nan
        out.append(f"single-slot round trip: p50 {p('total_us', 50):.2f} us, "
                   f"p99 {p('total_us', 99):.2f} us")
        if rt.get("publish_us"):
            out.append("  parts (p50): publish call {:.2f}, to CLAIMED seen {:.2f}, "
                       "to completion seen {:.2f}, reap call {:.2f} us".format(
                           p("publish_us", 50), p("to_claimed_us", 50),
                           p("to_completed_us", 50), p("reap_us", 50)))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("json", nargs="+")
    ap.add_argument("--png")
    ap.add_argument("--markdown", action="store_true")
    args = ap.parse_args()
    points, extra = load(args.json)
    if "device" in extra:
        print(f"device: {extra['device']}")
    lines, verdicts = table(points, args.markdown)
    print("\n".join(lines))
    print()
    print("\n".join(verdicts))
    for line in extras(extra):
        print(line)
    if args.png:
        plot(points, args.png)
        print(f"wrote {args.png}")


if __name__ == "__main__":
    main()
