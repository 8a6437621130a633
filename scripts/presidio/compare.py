#!/usr/bin/env python3
"""Side-by-side comparison of sahayak's guard and Microsoft Presidio on the labelled corpus.

Both tools see the messages of tests/fixtures/pii/*.jsonl. For each tool the script measures
messages per second (wall time over the whole corpus, median of several repeats) and, against
the labels, recall (a labelled entity is found when a detected span overlaps it), precision
(a detection is right when it overlaps a labelled entity) and the false positives on the
messages without personal data.

- sahayak: the release binary, `sahayak redact --json`, all messages on stdin, one a line; it
  prints one JSON line per message with the entities' CHAR offsets. Timed as a process (start
  included), and over the corpus repeated --concat times in one process (start amortised).
- Presidio: presidio-analyzer's predefined recognizers on a BLANK spaCy English pipeline (no
  model download, so no NER: no PERSON or LOCATION), `AnalyzerEngine.analyze(text, "en")`
  per message, in this process after a warm-up pass. Two recognizer sets:
    * "default": the set Presidio enables out of the box for English (its
      conf/default_recognizers.yaml: credit card, phone, email, IBAN, IP, dates, URLs, US/UK
      ids...; the India recognizers are disabled there);
    * "all": every predefined recognizer that supports English switched on (adds IN_PAN,
      IN_AADHAAR, IN_GSTIN, IN_VOTER, IN_PASSPORT, UK/AU/SG/ZA/NG/PH/CA ids...). Model-based
      recognizers (Hugging Face NER, LangExtract) stay off. Presidio's recognizers for other
      languages (es, it, pl, de, fi, ko, sv, th, tr) cover none of the corpus's kinds.
  Its context words are English; the blank pipeline gets a one-line component that sets each
  token's lemma to its lowercase form, so the lemma-based context boost still works.

Overlapping Presidio results are resolved the way its anonymizer does before counting
(highest score, then longest, wins). Every Presidio entity type counts as a detection,
including DATE_TIME and URL.

Run: see scripts/presidio/README.md.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import statistics
import subprocess
import sys
import time
import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# Presidio entity type -> sahayak kind.
PRESIDIO_TO_SAHAYAK = {
    "PHONE_NUMBER": "PHONE",
    "EMAIL_ADDRESS": "EMAIL",
    "CREDIT_CARD": "CARD",
    "IN_AADHAAR": "IN_AADHAAR",
    "IN_PAN": "IN_PAN",
    "IN_GSTIN": "IN_GSTIN",
    "IP_ADDRESS": "IP",
    "IBAN_CODE": "IBAN",
    "PERSON": "PERSON",
    "LOCATION": "ADDRESS",
}

# Recognizers that need a model or a remote service: never switched on here.
MODEL_RECOGNIZERS = {
    "SpacyRecognizer",
    "StanzaRecognizer",
    "TransformersRecognizer",
    "HuggingFaceNerRecognizer",
    "GLiNERRecognizer",
    "BasicLangExtractRecognizer",
    "AzureOpenAILangExtractRecognizer",
    "AzureAILanguageRecognizer",
    "AzureHealthDeidRecognizer",
}


# ---------------------------------------------------------------------------------------------
# Corpus


@dataclass
class Case:
    at: str
    lang: str
    text: str  # as given to both tools (newlines replaced by spaces, same length)
    gold: list[tuple[str, int, int]]  # (kind, start, end) in chars


def load_corpus(folder: Path) -> tuple[list[Case], int]:
    files = sorted(folder.glob("*.jsonl"))
    if not files:
        sys.exit(f"no *.jsonl in {folder}")
    cases, with_newline = [], 0
    for file in files:
        for i, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            d = json.loads(line)
            text = d["text"]
            # The CLI reads one message a line; a newline becomes a space (same offsets).
            if any(c in text for c in "\r\n"):
                with_newline += 1
                text = text.replace("\r", " ").replace("\n", " ")
            # The labelled spans: each entity's text found in order in the message, as
            # tests/pii_corpus.rs does (a start already used is skipped).
            used, gold = set(), []
            for e in d["entities"]:
                start = -1
                pos = text.find(e["text"])
                while pos != -1:
                    if pos not in used:
                        start = pos
                        break
                    pos = text.find(e["text"], pos + len(e["text"]))
                if start < 0:
                    sys.exit(f"{file}:{i}: {e['text']!r} is not in the message")
                used.add(start)
                gold.append((e["kind"], start, start + len(e["text"])))
            cases.append(Case(f"{file.name}:{i}", d["lang"], text, gold))
    return cases, with_newline


# ---------------------------------------------------------------------------------------------
# Scoring


def overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


@dataclass
class Detection:
    kind: str  # sahayak kind, or the Presidio entity type
    start: int
    end: int
    score: float = 1.0


@dataclass
class Scores:
    name: str
    per_kind: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    per_kind_same: dict[str, int] = field(default_factory=Counter)
    det_total: int = 0
    det_right: int = 0
    clean_fp: int = 0
    clean_flagged: int = 0
    clean_fp_types: Counter = field(default_factory=Counter)
    clean_fp_examples: list[str] = field(default_factory=list)

    def recall(self, kinds: set[str] | None = None, same_kind: bool = False) -> float:
        found = total = 0
        for k, (f, n) in self.per_kind.items():
            if kinds is None or k in kinds:
                found += self.per_kind_same[k] if same_kind else f
                total += n
        return found / total if total else float("nan")

    def labelled(self, kinds: set[str] | None = None) -> int:
        return sum(n for k, (_, n) in self.per_kind.items() if kinds is None or k in kinds)

    def precision(self) -> float:
        return self.det_right / self.det_total if self.det_total else float("nan")


def score(name: str, cases: list[Case], found: list[list[Detection]], to_kind) -> Scores:
    s = Scores(name)
    for case, dets in zip(cases, found, strict=True):
        for kind, g0, g1 in case.gold:
            hits = [d for d in dets if overlaps(d.start, d.end, g0, g1)]
            s.per_kind[kind][1] += 1
            if hits:
                s.per_kind[kind][0] += 1
            if any(to_kind(d.kind) == kind for d in hits):
                s.per_kind_same[kind] += 1
        for d in dets:
            s.det_total += 1
            if any(overlaps(d.start, d.end, g0, g1) for _, g0, g1 in case.gold):
                s.det_right += 1
        if not case.gold and dets:
            s.clean_flagged += 1
            s.clean_fp += len(dets)
            for d in dets:
                s.clean_fp_types[d.kind] += 1
                s.clean_fp_examples.append(
                    f"{d.kind} {case.text[d.start : d.end]!r} ({d.score:.2f}) in {case.text!r}"
                )
    return s


# ---------------------------------------------------------------------------------------------
# sahayak


def sahayak_bin(arg: str | None) -> Path:
    if arg:
        return Path(arg)
    target = os.environ.get("CARGO_TARGET_DIR")
    return (Path(target) if target else REPO / "target") / "release" / "sahayak"


def run_sahayak(binary: Path, texts: list[str]) -> tuple[float, list[str]]:
    data = ("\n".join(texts) + "\n").encode("utf-8")
    t0 = time.perf_counter()
    p = subprocess.run(
        [str(binary), "redact", "--json"], input=data, capture_output=True, check=False
    )
    elapsed = time.perf_counter() - t0
    if p.returncode != 0:
        sys.exit(f"{binary} redact --json failed ({p.returncode}):\n{p.stderr.decode()}")
    return elapsed, p.stdout.decode("utf-8").splitlines()


def sahayak_detections(lines: list[str], n: int) -> list[list[Detection]]:
    if len(lines) != n:
        sys.exit(f"sahayak printed {len(lines)} lines for {n} messages")
    out = []
    for line in lines:
        d = json.loads(line)
        out.append([Detection(e["kind"], e["start"], e["end"]) for e in d["entities"]])
    return out


# ---------------------------------------------------------------------------------------------
# Presidio


def build_analyzer(recognizer_set: str):
    # The email recognizer checks domains with tldextract, which would fetch the Public Suffix
    # List on first use; an empty URL list makes it use the snapshot it ships (no network).
    os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
    import spacy
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import SpacyNlpEngine
    from presidio_analyzer.recognizer_registry.recognizers_loader_utils import (
        RecognizerConfigurationLoader,
        RecognizerListLoader,
    )
    from spacy.language import Language

    if "lowercase_lemma" not in Language.factories:

        @Language.component("lowercase_lemma")
        def lowercase_lemma(doc):
            for token in doc:
                token.lemma_ = token.lower_
            return doc

    class BlankSpacyNlpEngine(SpacyNlpEngine):
        """SpacyNlpEngine over spacy.blank("en"): tokenizer only, nothing to download."""

        def load(self) -> None:
            nlp = spacy.blank("en")
            nlp.add_pipe("lowercase_lemma")
            self.nlp = {"en": nlp}

    nlp_engine = BlankSpacyNlpEngine()
    nlp_engine.load()

    conf = RecognizerConfigurationLoader.get(
        registry_configuration={"supported_languages": ["en"], "global_regex_flags": 26}
    )
    recognizers_conf = []
    for original in conf["recognizers"]:
        r = dict(original)
        name = r.get("class_name") or r["name"]
        if name in MODEL_RECOGNIZERS:
            continue
        if recognizer_set == "all":
            r["enabled"] = True
        recognizers_conf.append(r)
    recognizers = [
        r
        for r in RecognizerListLoader.get(recognizers_conf, ["en"], conf["global_regex_flags"])
        if type(r).__name__ not in MODEL_RECOGNIZERS
    ]
    registry = RecognizerRegistry(
        recognizers=recognizers,
        supported_languages=["en"],
        global_regex_flags=conf["global_regex_flags"],
    )
    return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=["en"])


def resolve_overlaps(results, threshold: float) -> list[Detection]:
    """Non-overlapping detections: highest score first, then the longest, as the anonymizer."""
    cands = sorted(
        (r for r in results if r.score >= threshold),
        key=lambda r: (-r.score, -(r.end - r.start), r.start),
    )
    kept: list[Detection] = []
    for r in cands:
        if all(not overlaps(r.start, r.end, k.start, k.end) for k in kept):
            kept.append(Detection(r.entity_type, r.start, r.end, r.score))
    return sorted(kept, key=lambda d: d.start)


# ---------------------------------------------------------------------------------------------
# Report


def fmt(x: float) -> str:
    return "n/a" if math.isnan(x) else f"{x:.3f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=REPO / "tests/fixtures/pii")
    ap.add_argument("--sahayak-bin", help="default: $CARGO_TARGET_DIR/release/sahayak")
    ap.add_argument("--repeats", type=int, default=5, help="timed runs per tool (median)")
    ap.add_argument("--concat", type=int, default=20, help="corpus copies in one sahayak run")
    ap.add_argument(
        "--thresholds",
        default="0,0.5",
        help="Presidio score thresholds to report (its AnalyzerEngine default is 0)",
    )
    ap.add_argument("--sets", default="default,all", help="Presidio recognizer sets")
    ap.add_argument("--examples", type=int, default=25, help="false positives to list")
    args = ap.parse_args()

    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    logging.getLogger("tldextract").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore")

    cases, with_newline = load_corpus(args.corpus)
    texts = [c.text for c in cases]
    n = len(cases)
    clean = sum(1 for c in cases if not c.gold)
    labelled = sum(len(c.gold) for c in cases)
    print(
        f"corpus: {n} messages ({clean} without personal data), {labelled} labelled entities, "
        f"{sum(len(t.encode()) for t in texts)} bytes; {with_newline} message(s) had a "
        "newline, given to both tools as a space",
        file=sys.stderr,
    )

    # sahayak
    binary = sahayak_bin(args.sahayak_bin)
    if not binary.exists():
        sys.exit(f"{binary} not found: run `cargo build --release` first (or --sahayak-bin)")
    times1, lines = [], []
    for _ in range(args.repeats):
        t, lines = run_sahayak(binary, texts)
        times1.append(t)
    sah_found = sahayak_detections(lines, n)
    timesk = [run_sahayak(binary, texts * args.concat)[0] for _ in range(args.repeats)]
    t1, tk = statistics.median(times1), statistics.median(timesk)
    sah_mps, sah_mps_k = n / t1, n * args.concat / tk
    startup = max(0.0, t1 - (tk - t1) / (args.concat - 1)) if args.concat > 1 else float("nan")
    print(
        f"sahayak: {binary}; corpus x1 median {t1 * 1e3:.1f} ms, x{args.concat} median "
        f"{tk * 1e3:.1f} ms (process start + load ~{startup * 1e3:.1f} ms)",
        file=sys.stderr,
    )
    sah = score("sahayak", cases, sah_found, lambda k: k)

    # Presidio
    import spacy

    thresholds = [float(x) for x in args.thresholds.split(",")]
    rows = []  # (name, mps, Scores, kinds claimed)
    claimed_by_set: dict[str, set[str]] = {}
    for rset in args.sets.split(","):
        t0 = time.perf_counter()
        analyzer = presidio_analyzer_for(rset)
        load = time.perf_counter() - t0
        claimed = claimed_kinds(analyzer)
        claimed_by_set[rset] = claimed
        results = [analyzer.analyze(text=t, language="en") for t in texts]  # warm-up
        times = []
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            for t in texts:
                analyzer.analyze(text=t, language="en")
            times.append(time.perf_counter() - t0)
        tp = statistics.median(times)
        print(
            f"presidio ({rset}): "
            f"{len(analyzer.registry.recognizers)} recognizers, engine load {load:.2f} s, "
            f"corpus median {tp:.2f} s; entities: {sorted(analyzer.get_supported_entities('en'))}",
            file=sys.stderr,
        )
        for th in thresholds:
            found = [resolve_overlaps(r, th) for r in results]
            s = score(
                f"presidio {rset}, score ≥ {th:g}",
                cases,
                found,
                lambda k: PRESIDIO_TO_SAHAYAK.get(k, k),
            )
            rows.append((s.name, n / tp, s, claimed))

    # Tables
    default_claimed = claimed_by_set.get("default") or build_claimed("default")
    all_claimed = claimed_by_set.get("all") or build_claimed("all")
    dk = ", ".join(sorted(default_claimed))
    ak = ", ".join(sorted(all_claimed - default_claimed))
    print(
        f"\nversions: presidio-analyzer {_version('presidio-analyzer')}, spaCy {spacy.__version__}"
    )
    print(
        f"corpus: {n} messages, {clean} without personal data, {labelled} labelled entities "
        f"({sah.labelled(default_claimed)} of kinds Presidio's default set claims: {dk}; "
        f"{sah.labelled(all_claimed)} with the full set, adding {ak})\n"
    )
    print(
        "| tool | messages/s | recall, all labelled | recall, default-set kinds | "
        "recall, full-set kinds | same-kind recall, full-set kinds | precision | "
        f"false positives on {clean} clean messages (messages flagged) |"
    )
    print("|---|---|---|---|---|---|---|---|")

    def line(name, mps, s):
        print(
            f"| {name} | {mps} | {fmt(s.recall())} | {fmt(s.recall(default_claimed))} | "
            f"{fmt(s.recall(all_claimed))} | {fmt(s.recall(all_claimed, True))} | "
            f"{fmt(s.precision())} | {s.clean_fp} ({s.clean_flagged}) |"
        )

    line(
        "sahayak (release binary)",
        f"{sah_mps:,.0f} per process; {sah_mps_k:,.0f} over {args.concat}× corpus",
        sah,
    )
    for name, mps, s, _ in rows:
        line(name, f"{mps:,.0f}", s)

    head = [
        "sahayak / Presidio",
        "messages/s (process)",
        "messages/s (start amortised)",
        "recall, all",
        "recall, full-set kinds",
    ]
    print("\n| " + " | ".join(head) + " |")
    print("|---|---|---|---|---|")
    for name, mps, s, _ in rows:
        print(
            f"| vs {name} | {sah_mps / mps:,.1f}× | {sah_mps_k / mps:,.1f}× | "
            f"{ratio(sah.recall(), s.recall())} | "
            f"{ratio(sah.recall(all_claimed), s.recall(all_claimed))} |"
        )

    kinds = sorted(sah.per_kind, key=lambda k: (-sah.per_kind[k][1], k))
    print("\nRecall per labelled kind (overlap, any kind):\n")
    print("| kind | labelled | sahayak | " + " | ".join(r[0] for r in rows) + " |")
    print("|---|---|---|" + "---|" * len(rows))
    for k in kinds:
        f, t = sah.per_kind[k]
        cells = [f"{r[2].per_kind[k][0] / t:.2f}" for r in rows]
        print(f"| {k} | {t} | {f / t:.2f} | " + " | ".join(cells) + " |")

    print("\nFalse positives on the clean messages, by detected type:\n")
    for name, s in [("sahayak", sah)] + [(r[0], r[2]) for r in rows]:
        types = ", ".join(f"{k} {v}" for k, v in s.clean_fp_types.most_common()) or "none"
        print(f"- {name}: {types}")
    for name, s in [("sahayak", sah)] + [(r[0], r[2]) for r in rows[:1]]:
        if s.clean_fp_examples:
            print(f"\nExamples, {name} (first {args.examples}):\n")
            for e in s.clean_fp_examples[: args.examples]:
                print(f"- {e}")


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "n/a"


def build_claimed(recognizer_set: str) -> set[str]:
    """The sahayak kinds a Presidio recognizer set claims (for a set not run)."""
    return claimed_kinds(presidio_analyzer_for(recognizer_set))


def claimed_kinds(analyzer) -> set[str]:
    """The sahayak kinds the analyzer's entity types map to."""
    return {
        PRESIDIO_TO_SAHAYAK[e]
        for e in analyzer.get_supported_entities("en")
        if e in PRESIDIO_TO_SAHAYAK
    }


def presidio_analyzer_for(recognizer_set: str):
    if recognizer_set not in ("default", "all"):
        sys.exit(f"unknown recognizer set {recognizer_set!r} (default, all)")
    return build_analyzer(recognizer_set)


def _version(dist: str) -> str:
    from importlib.metadata import version

    return version(dist)


if __name__ == "__main__":
    main()
