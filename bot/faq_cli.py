"""`councilbot faq ask|eval|train`: the FAQ for scripts, evaluation and deploys."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from typing import Any

from bot.config import load_settings
from bot.faq import model_cache
from bot.faq.engine import FaqAnswer, national_engine
from bot.faq.evaluate import evaluate, load_cases
from bot.faq.store import Entry, load_national, load_offtopic
from bot.operator import OperatorError, migrated_engine
from bot.services import faq
from db import queries
from db.session import session_factory


def answer_json(answer: FaqAnswer) -> dict[str, Any]:
    return {
        "answered": answer.answered,
        "answer": answer.answer if answer.answered else "",
        "lang": answer.language,
        "entry_id": answer.entry.id if answer.entry else None,
        "score": round(answer.score, 4),
        "source": answer.source if answer.answered else None,
        "outcome": answer.outcome.value,
        "suggestions": [entry.id for entry in answer.suggestions],
    }


def _train() -> int:
    """Load the model cache's file for the current store, or train and write it."""
    start = time.perf_counter()
    entries = [*load_national(), *load_offtopic()]
    path = model_cache.cache_dir() / model_cache.file_name(entries)
    was_cached = model_cache.load(path, len(entries)) is not None
    if not was_cached:
        model_cache.cached_classifier(entries)
    seconds = time.perf_counter() - start
    if not path.exists():
        raise OperatorError(f"could not write the model cache {path}: see the log above")
    state = "already up to date" if was_cached else f"trained in {seconds:.0f} s"
    print(f"FAQ classifier {state}: {path}")
    return 0


async def _council_entries(council_id: int) -> list[Entry]:
    engine = await migrated_engine(load_settings())
    try:
        async with session_factory(engine)() as session:
            council = await queries.council_by_id(session, council_id)
            if council is None:
                raise OperatorError(f"there is no council with id {council_id}")
            return await faq.council_entries(session, council)
    finally:
        await engine.dispose()


def faq_command(args: argparse.Namespace) -> int:
    if args.action == "train":
        return _train()
    engine = national_engine()
    if args.action == "eval":
        report = evaluate(load_cases(args.file), lambda c: engine.ask(c.question, hint=c.language))
        if args.json:
            print(json.dumps(report.as_json()))
        else:
            print(report.table())
        if args.failures:
            for case, answer in report.failures:
                got = answer.entry.id if answer.entry else answer.outcome.value
                print(
                    f"[{case.language}] {case.question!r}: expected {case.entry}, got {got} "
                    f"({answer.score:.2f})",
                    file=sys.stderr,
                )
        return 0
    local = asyncio.run(_council_entries(args.council)) if args.council else []
    if args.batch:
        with args.batch.open(encoding="utf-8") as handle:
            for line in handle:
                if not line.strip():
                    continue
                item = json.loads(line)
                answer = engine.ask(
                    item["question"], hint=item.get("lang") or args.lang, council_entries=local
                )
                print(json.dumps(answer_json(answer), ensure_ascii=False))
        return 0
    if not args.question:
        raise OperatorError('give a question, e.g. councilbot faq ask "Hvor længe sidder rådet?"')
    answer = engine.ask(args.question, hint=args.lang, council_entries=local)
    if args.json:
        print(json.dumps(answer_json(answer), ensure_ascii=False))
    elif answer.answered:
        print(f"{answer.answer}\n\nSource: {answer.source}  (score {answer.score:.2f})")
    else:
        print(f"(not answered: {answer.outcome.value}, best score {answer.score:.2f})")
    return 0
