#!/usr/bin/env python3
"""Do per-business send thresholds earn their keep? Chooses, for each business, the lowest
threshold on the calibrated probability at which at least 0.90 of the answers its development
queries would send are right (the most coverage at that precision), then compares those
thresholds with the global one on the held-out test queries.

    cargo run --release -- eval evals/search --report out
    python3 scripts/per_business_thresholds.py out/search/results.json [GLOBAL]

GLOBAL is the shipped threshold (0.72, SEND_THRESHOLD in src/knowledge/index/calibration.rs).
"""
import collections
import json
import sys

TARGET = 0.90


def business(case):
    return case["suite"].split("/")[-1].removesuffix(".toml")


def sent(case, threshold):
    return bool(case["hits"]) and case["probability"] >= threshold


def figures(cases):
    """Right when sent, answered: over (case, threshold) pairs."""
    n_sent = right = in_scope = answered = 0
    for c, t in cases:
        if c["expect"]:
            in_scope += 1
        if sent(c, t):
            n_sent += 1
            if c["expect"]:
                answered += 1
                if c["rank"] == 1:
                    right += 1
    return right / max(n_sent, 1), answered / max(in_scope, 1)


def main():
    results = json.load(open(sys.argv[1]))
    glob = float(sys.argv[2]) if len(sys.argv) > 2 else 0.72
    by = collections.defaultdict(lambda: {"dev": [], "test": []})
    for c in results["cases"]:
        by[business(c)][c["set"]].append(c)
    grid = [x / 100 for x in range(40, 96)]
    chosen = {}
    print(f"{'business':22} thr  dev right/answered  test per-business  test global")
    for b, sets in sorted(by.items()):
        best = None
        for t in grid:
            right, answered = figures([(c, t) for c in sets["dev"]])
            if right >= TARGET and (best is None or answered > best[1]):
                best = (t, answered)
        chosen[b] = best[0] if best else glob
        dev = figures([(c, chosen[b]) for c in sets["dev"]])
        own = figures([(c, chosen[b]) for c in sets["test"]])
        base = figures([(c, glob) for c in sets["test"]])
        print(f"{b:22} {chosen[b]:.2f} {dev[0]:.3f} / {dev[1]:.3f}      {own[0]:.3f} / {own[1]:.3f}      {base[0]:.3f} / {base[1]:.3f}")
    for s in ["dev", "test"]:
        own = figures([(c, chosen[b]) for b, sets in by.items() for c in sets[s]])
        base = figures([(c, glob) for sets in by.values() for c in sets[s]])
        print(f"{s}: per-business {own[0]:.3f} right / {own[1]:.3f} answered; global {base[0]:.3f} / {base[1]:.3f}")


if __name__ == "__main__":
    main()
