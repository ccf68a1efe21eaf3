"""Score the FAQ on a question file: accuracy per language and how often it declines."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from bot.faq.engine import FaqAnswer


@dataclass(frozen=True)
class Case:
    language: str
    question: str
    in_scope: bool
    expect: list[list[str]]
    entry: str | None = None


def load_cases(path: Path) -> list[Case]:
    cases = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            data = json.loads(line)
            if data.get("kind") not in ("in_scope", "out_of_scope"):
                raise ValueError(f"{path}:{number}: kind must be in_scope or out_of_scope")
            cases.append(
                Case(
                    language=data["lang"],
                    question=data["question"],
                    in_scope=data["kind"] == "in_scope",
                    expect=data.get("expect") or [],
                    entry=data.get("entry"),
                )
            )
    return cases


def matches(answer: str | None, expect: list[list[str]]) -> bool:
    if answer is None:
        return False
    folded = answer.casefold()
    return all(any(alt.casefold() in folded for alt in group) for group in expect)


@dataclass
class Tally:
    in_scope: int = 0
    correct: int = 0
    abstained: int = 0
    suggested: int = 0  # abstained, but the right answer was among the offered buttons
    wrong: int = 0
    out_of_scope: int = 0
    declined: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.in_scope if self.in_scope else 0.0

    @property
    def abstention(self) -> float:
        return self.abstained / self.in_scope if self.in_scope else 0.0

    @property
    def decline_rate(self) -> float:
        return self.declined / self.out_of_scope if self.out_of_scope else 0.0


@dataclass
class Report:
    by_language: dict[str, Tally] = field(default_factory=dict)
    failures: list[tuple[Case, FaqAnswer]] = field(default_factory=list)

    @property
    def total(self) -> Tally:
        total = Tally()
        for tally in self.by_language.values():
            for count in fields(Tally):
                setattr(total, count.name, getattr(total, count.name) + getattr(tally, count.name))
        return total

    def table(self) -> str:
        lines = [
            f"{'lang':<6}{'in-scope':>9}{'correct':>9}{'accuracy':>10}{'abstain':>9}"
            f"{'wrong':>7}{'off-topic':>10}{'declined':>10}"
        ]
        rows = [*sorted(self.by_language.items()), ("all", self.total)]
        for language, tally in rows:
            lines.append(
                f"{language:<6}{tally.in_scope:>9}{tally.correct:>9}{tally.accuracy:>10.1%}"
                f"{tally.abstention:>9.1%}{tally.wrong:>7}{tally.out_of_scope:>10}"
                f"{tally.decline_rate:>10.1%}"
            )
        return "\n".join(lines)

    def as_json(self) -> dict[str, Any]:
        return {
            language: {
                "accuracy": round(t.accuracy, 4),
                "abstention": round(t.abstention, 4),
                "abstained_right_answer_offered": t.suggested,
                "off_topic_declined": round(t.decline_rate, 4),
                "in_scope": t.in_scope,
                "out_of_scope": t.out_of_scope,
            }
            for language, t in [*sorted(self.by_language.items()), ("all", self.total)]
        }


def evaluate(cases: Iterable[Case], ask: Callable[[Case], FaqAnswer]) -> Report:
    report = Report()
    for case in cases:
        tally = report.by_language.setdefault(case.language, Tally())
        answer = ask(case)
        if case.in_scope:
            tally.in_scope += 1
            if not answer.answered:
                tally.abstained += 1
                tally.suggested += _offered(answer, case)
                report.failures.append((case, answer))
            elif matches(answer.answer, case.expect):
                tally.correct += 1
            else:
                tally.wrong += 1
                report.failures.append((case, answer))
        else:
            tally.out_of_scope += 1
            if answer.answered:
                report.failures.append((case, answer))
            else:
                tally.declined += 1
    return report


def _offered(answer: FaqAnswer, case: Case) -> bool:
    """Whether one of the entries offered as buttons answers the question."""
    for entry in answer.suggestions:
        entry_text = entry.text(answer.language)
        if entry_text is not None and matches(entry_text.answer, case.expect):
            return True
    return False
