#!/usr/bin/env python3
"""Fits the send probability of src/knowledge/index/calibration.rs on the development search
suites, and prints the precision / coverage curve and the weights to paste there.

    cargo run --release --example hybrid_features -- evals/search > features.jsonl
    python3 scripts/calibrate_confidence.py features.jsonl

(`hybrid_features` needs SAHAYAK_EMBEDDINGS_URL; see its header.) A logistic regression with a
small L2 penalty over standardised features, the same features the Rust code computes; the
weights are printed folded back onto the raw features. Labels: the top hit is one of the
case's expected ids (an out-of-scope case is never right). Only numpy is needed.
"""
import json
import sys

import numpy as np


def flag(b):
    return 1.0 if b else 0.0


def common(result):
    s = result["signals"]
    terms = s.get("terms", 0)
    known = 1.0 - s.get("unknown_terms", 0) / terms if terms else 0.0
    return [
        result["confidence"],
        s.get("known_coverage", 0.0),
        s.get("coverage", 0.0),
        known,
        min(terms, 4) / 4.0,
    ]


def lexical_features(case):
    r = case["lexical"]
    s = r["signals"]
    return common(r) + [
        s.get("coverage_margin", 0.0),
        s.get("score_margin", 0.0),
        flag(s.get("off_topic_terms", 0)),
    ]


def hybrid_features(case):
    r = case["hybrid"]
    s = r["signals"]
    d = s.get("dense") or {}
    median = d.get("median", 0.0)
    top_over = d.get("top", 0.0) - median if r["hits"] else 0.0
    return common(case["lexical"]) + [
        d.get("best", 0.0) - median,
        d.get("margin", 0.0),
        top_over,
        flag(d.get("agrees") and d.get("lexical_kept")),
        flag(d.get("lexical_kept")),
        flag(s.get("off_topic_terms", 0)),
    ]


def right(result, expect):
    return 1.0 if result["hits"] and result["hits"][0]["id"] in expect else 0.0


def fit(x, y, l2=0.01, steps=4000, rate=0.3):
    mu, sd = x.mean(0), x.std(0) + 1e-6
    z = (x - mu) / sd
    w, b = np.zeros(z.shape[1]), 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(z @ w + b)))
        g = p - y
        w -= rate * (z.T @ g / len(y) + l2 * w)
        b -= rate * g.mean()
    return w / sd, b - (w * mu / sd).sum()


def curve(name, p, y, answerable):
    print(name)
    for th in [0.5, 0.6, 0.65, 0.7, 0.72, 0.75, 0.8, 0.85, 0.9]:
        sent = p >= th
        precision = y[sent].mean() if sent.any() else 0.0
        answered = (sent & (answerable == 1)).sum() / answerable.sum()
        print(f"  at {th:.2f}: {sent.sum():4d} sent, right when sent {precision:.3f}, answered {answered:.3f}")


def main():
    cases = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
    answerable = np.array([1 if c["expect"] else 0 for c in cases])
    for name, features, key in [
        ("LEXICAL", lexical_features, "lexical"),
        ("HYBRID", hybrid_features, "hybrid"),
    ]:
        x = np.array([features(c) for c in cases])
        y = np.array([right(c[key], c["expect"]) for c in cases])
        w, b = fit(x, y)
        p = 1 / (1 + np.exp(-(x @ w + b)))
        curve(f"{name}: development set, {len(cases)} cases", p, y, answerable)
        print(f"  weights: [{', '.join(f'{v:.4f}' for v in w)}]")
        print(f"  bias: {b:.4f}\n")


if __name__ == "__main__":
    main()
