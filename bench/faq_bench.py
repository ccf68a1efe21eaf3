"""FAQ benchmark: accuracy per language, abstention, latency and memory, beside a baseline.

The baseline, measured in the same run on the same questions, is plain BM25 over the paragraphs of
the five seed reports (what one would build without a curated multilingual store): it answers with
the best paragraph, and declines only when no word matches.

    .venv/bin/python bench/faq_bench.py [--questions FILE.jsonl] [--seeds ../shared/seeds]

Latency is measured on one core (the process pins itself to CPU 0).
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.faq.engine import FaqAnswer, FaqEngine, Outcome  # noqa: E402
from bot.faq.evaluate import Case, Report, evaluate, load_cases  # noqa: E402
from bot.faq.store import Entry, EntryText, Source, load_national, load_offtopic  # noqa: E402

_TOKEN = re.compile(r"\w+", re.UNICODE)


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


class Bm25Paragraphs:
    """Plain BM25 (k1=1.5, b=0.75) over seed paragraphs; lowercase word tokens, nothing else."""

    def __init__(self, seeds: Path) -> None:
        self.paragraphs: list[str] = []
        for path in sorted(seeds.glob("*.txt")):
            raw = path.read_text(encoding="utf-8", errors="replace")
            for block in re.split(r"\n\s*\n", raw):
                block = " ".join(block.split())
                if len(block) >= 80:
                    self.paragraphs.append(block)
        self.docs = [Counter(_TOKEN.findall(p.lower())) for p in self.paragraphs]
        self.lengths = [sum(d.values()) for d in self.docs]
        self.average = sum(self.lengths) / len(self.lengths)
        frequency: Counter[str] = Counter()
        for doc in self.docs:
            frequency.update(doc.keys())
        n = len(self.docs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in frequency.items()}

    def ask(self, question: str, language: str) -> FaqAnswer:
        terms = _TOKEN.findall(question.lower())
        best, best_score = -1, 0.0
        for index, doc in enumerate(self.docs):
            score = 0.0
            for term in terms:
                tf = doc.get(term)
                if tf:
                    norm = tf + 1.5 * (1 - 0.75 + 0.75 * self.lengths[index] / self.average)
                    score += self.idf[term] * tf * 2.5 / norm
            if score > best_score:
                best, best_score = index, score
        if best < 0:
            return FaqAnswer(Outcome.NOT_CONFIDENT, language)
        paragraph = self.paragraphs[best]
        entry = Entry(
            id=f"paragraph-{best}",
            topic="facts",
            source=Source("seed", "paragraph"),
            texts={language: EntryText(paragraph, ())},
        )
        return FaqAnswer(Outcome.ANSWERED, language, best_score, entry, paragraph, language)


def timed(ask: Callable[[Case], FaqAnswer], cases: list[Case]) -> tuple[Report, list[float]]:
    latencies: list[float] = []

    def measured(case: Case) -> FaqAnswer:
        start = time.perf_counter()
        answer = ask(case)
        latencies.append((time.perf_counter() - start) * 1000)
        return answer

    return evaluate(cases, measured), latencies


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--questions", type=Path, default=ROOT / "tests/data/faq_dev.jsonl")
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared/seeds")
    parser.add_argument("--failures", action="store_true")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
    cases = load_cases(args.questions)

    gc.collect()
    before = rss_mb()
    start = time.perf_counter()
    baseline = Bm25Paragraphs(args.seeds)
    baseline_build = time.perf_counter() - start
    baseline_memory = rss_mb() - before

    gc.collect()
    before = rss_mb()
    start = time.perf_counter()
    engine = FaqEngine(load_national(), load_offtopic())
    engine.ask("warm up the language detector", hint="en")
    engine_build = time.perf_counter() - start
    engine_memory = rss_mb() - before

    base_report, base_latency = timed(lambda c: baseline.ask(c.question, c.language), cases)
    report, latency = timed(lambda c: engine.ask(c.question, hint=c.language), cases)

    print(
        f"questions: {len(cases)} from {args.questions.name}; "
        f"store: {len(engine.entries)} entries, {engine.index.documents} documents"
    )
    print("\ncouncilbot FAQ")
    print(report.table())
    print("\nbaseline: BM25 over seed paragraphs")
    print(base_report.table())
    ours, base = report.total, base_report.total
    rows = [
        (
            "accuracy (in scope)",
            f"{ours.accuracy:.1%}",
            f"{base.accuracy:.1%}",
            ours.accuracy / base.accuracy if base.accuracy else float("inf"),
        ),
        (
            "off-topic declined",
            f"{ours.decline_rate:.1%}",
            f"{base.decline_rate:.1%}",
            ours.decline_rate / base.decline_rate if base.decline_rate else float("inf"),
        ),
        (
            "latency p50 ms",
            f"{statistics.median(latency):.2f}",
            f"{statistics.median(base_latency):.2f}",
            statistics.median(latency) / statistics.median(base_latency),
        ),
        (
            "latency p95 ms",
            f"{percentile(latency, 95):.2f}",
            f"{percentile(base_latency, 95):.2f}",
            percentile(latency, 95) / percentile(base_latency, 95),
        ),
        ("build s", f"{engine_build:.2f}", f"{baseline_build:.2f}", engine_build / baseline_build),
        (
            "memory MB (RSS growth)",
            f"{engine_memory:.0f}",
            f"{baseline_memory:.0f}",
            engine_memory / baseline_memory if baseline_memory > 0 else float("inf"),
        ),
    ]
    print(f"\n{'measure':<24}{'councilbot':>12}{'baseline':>12}{'ratio':>9}")
    for name, value, reference, ratio in rows:
        print(f"{name:<24}{value:>12}{reference:>12}{ratio:>9.2f}")
    if args.failures:
        for case, answer in report.failures:
            got = answer.entry.id if answer.entry else answer.outcome.value
            print(f"[{case.language}] {case.entry} ← {got} ({answer.score:.2f}): {case.question}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
