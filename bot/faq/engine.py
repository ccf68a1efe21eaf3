"""Answering a question: detect its language, retrieve, and decline honestly when unsure."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from bot.faq import text
from bot.faq.detect import Detection, detect
from bot.faq.index import Hit, Index
from bot.faq.store import OFFTOPIC, Entry, load_national, load_offtopic

# Below this confidence the bot says it does not know (tuned on tests/data/faq_dev.jsonl with
# bench/faq_bench.py: the lowest that declines >= 90% of off-topic questions, because a wrong
# answer costs more than a handoff to the secretary); a council's own entry
# takes precedence over a national one; and a question declines as off-topic when an
# off-topic phrasing scores at least OFFTOPIC_RATIO of the best entry.
CONFIDENCE_THRESHOLD = 0.12
OFFTOPIC_RATIO = 0.6
SMALL_TALK = "small-talk"
COUNCIL_PREFERENCE = 0.5  # a council's own entry wins unless a national one is twice as good
MAX_QUESTION_CHARS = 1000
MIN_CONTENT_WORDS = 1
MIN_WORDS_FOR_LANGUAGE = 3  # one or two words are too few to call a language unsupported


class Outcome(enum.StrEnum):
    ANSWERED = "answered"
    NOT_CONFIDENT = "not_confident"
    OFF_TOPIC = "off_topic"  # clearly about something else (weather, tax …)
    TOO_SHORT = "too_short"
    UNSUPPORTED_LANGUAGE = "unsupported_language"


@dataclass(frozen=True)
class FaqAnswer:
    outcome: Outcome
    language: str  # the language to reply in
    score: float = 0.0
    entry: Entry | None = None
    answer: str | None = None
    unsupported: str | None = None
    answer_language: str | None = None  # differs from `language` for council entries

    @property
    def answered(self) -> bool:
        return self.outcome is Outcome.ANSWERED

    @property
    def source(self) -> str | None:
        return self.entry.source.line() if self.entry else None


class FaqEngine:
    """Holds the national index; council entries are searched beside it on each question."""

    def __init__(self, entries: Sequence[Entry], offtopic: Sequence[Entry] = ()) -> None:
        self.entries = list(entries)
        self.index = Index([*self.entries, *offtopic])
        self._by_id = {entry.id: entry for entry in self.entries}

    def entry(self, entry_id: str) -> Entry | None:
        return self._by_id.get(entry_id)

    def ask(
        self,
        question: str,
        *,
        hint: str | None = None,
        council_entries: Sequence[Entry] = (),
    ) -> FaqAnswer:
        question = question.strip()[:MAX_QUESTION_CHARS]
        fallback = hint or "en"
        if not text.has_letters(question):
            return FaqAnswer(Outcome.TOO_SHORT, fallback)
        detection: Detection = detect(question, hint)
        if detection.language is None:
            if detection.unsupported and len(question.split()) >= MIN_WORDS_FOR_LANGUAGE:
                return FaqAnswer(
                    Outcome.UNSUPPORTED_LANGUAGE, "en", unsupported=detection.unsupported
                )
            return FaqAnswer(Outcome.TOO_SHORT, fallback)
        language = detection.language
        if len(text.words(question, language)) < MIN_CONTENT_WORDS:
            return FaqAnswer(Outcome.TOO_SHORT, language)
        best = self._best(question, language, council_entries)
        if (best is None or best.score < CONFIDENCE_THRESHOLD) and hint and hint != language:
            # Mixed-language questions ("hvad betyder kommunalbestyrelsen for us?"): the
            # reader's own language may match better; the answer stays in the question's.
            other = self._best(question, hint, council_entries)
            if other is not None and other.score >= CONFIDENCE_THRESHOLD:
                best = other
        if best is not None and best.entry.topic == OFFTOPIC:
            if best.entry.id == SMALL_TALK or len(text.words(question, language)) <= 1:
                # "hello", "thanks", "who are you": invite a real question instead
                return FaqAnswer(Outcome.TOO_SHORT, language, score=best.score)
            return FaqAnswer(Outcome.OFF_TOPIC, language, score=best.score)
        if best is None or best.score < CONFIDENCE_THRESHOLD:
            score = best.score if best else 0.0
            if len(text.words(question, language)) <= 1:  # "hi", "help", "ok": not a question
                return FaqAnswer(Outcome.TOO_SHORT, language, score=score)
            return FaqAnswer(Outcome.NOT_CONFIDENT, language, score=score)
        entry_text = best.entry.text(language)
        answer_language = language
        if entry_text is None:  # a council entry written in another language
            answer_language, entry_text = next(iter(best.entry.texts.items()))
        return FaqAnswer(
            Outcome.ANSWERED,
            language,
            score=best.score,
            entry=best.entry,
            answer=entry_text.answer,
            answer_language=answer_language,
        )

    def _best(self, question: str, language: str, council_entries: Sequence[Entry]) -> Hit | None:
        """The best entry; an off-topic hit when off-topic phrasings come close to the best."""
        scores = self.index.scores(question, language)
        if not scores.any():
            best: Hit | None = None
        else:
            top = int(scores.argmax())
            best = Hit(self.index.entries[top], float(scores[top]), language)
            offtopic = [i for i, e in enumerate(self.index.entries) if e.topic == OFFTOPIC]
            if offtopic and best.entry.topic != OFFTOPIC:
                strongest = max(offtopic, key=lambda i: scores[i])
                if scores[strongest] >= OFFTOPIC_RATIO * best.score:
                    best = Hit(self.index.entries[strongest], float(scores[strongest]), language)
        local = self.index.search_extra(council_entries, question, language)
        if (
            local
            and local[0].score >= CONFIDENCE_THRESHOLD
            and (
                best is None
                or best.entry.topic == OFFTOPIC
                or local[0].score >= COUNCIL_PREFERENCE * best.score
            )
        ):
            return local[0]
        return best


@cache
def national_engine() -> FaqEngine:
    """The shared engine with every national entry (built once per process)."""
    return FaqEngine(load_national(), load_offtopic())
