"""The FAQ as a council service: questions are recorded, unanswered ones go to the secretary,
whose answer returns to the person and can become one of the council's own entries."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.faq.detect import detect
from bot.faq.engine import FaqAnswer, FaqEngine
from bot.faq.store import Entry, EntryText, Source
from bot.services import audit
from db import queries
from db.models import Council, FaqEntry, FaqQuestion, Person, Role

QUESTION_MAX = 1000
ANSWER_MAX = 3000
COUNCIL_ENTRY_PREFIX = "c"


class Status(enum.StrEnum):
    ANSWERED = "answered"  # answered from the knowledge store
    DECLINED = "declined"  # the bot did not know
    NOT_HELPFUL = "not_helpful"  # answered, but the person said it did not help
    FORWARDED = "forwarded"  # sent to the secretary
    REPLIED = "replied"  # the secretary answered


class FaqInputError(ValueError):
    """A council entry the secretary wrote cannot be saved as it is."""


def council_entry(row: FaqEntry, council_name: str) -> Entry:
    return Entry(
        id=f"{COUNCIL_ENTRY_PREFIX}{row.id}",
        topic="council",
        source=Source(publisher=council_name, title=""),
        texts={row.language: EntryText(answer=row.answer, questions=(row.question,))},
        council_id=row.council_id,
    )


async def council_entries(session: AsyncSession, council: Council) -> list[Entry]:
    return [
        council_entry(row, council.name) for row in await queries.faq_entries(session, council.id)
    ]


@dataclass(frozen=True)
class Asked:
    answer: FaqAnswer
    question: FaqQuestion


async def ask(
    session: AsyncSession,
    engine: FaqEngine,
    *,
    question: str,
    person: Person | None,
    council: Council | None,
    hint: str | None,
    now: datetime,
) -> Asked:
    """Answer from the council's entries and the national store, and record the question."""
    local = await council_entries(session, council) if council else []
    answer = engine.ask(question, hint=hint, council_entries=local)
    row = FaqQuestion(
        council_id=council.id if council else None,
        person_id=person.id if person else None,
        text=question.strip()[:QUESTION_MAX],
        language=answer.language,
        status=Status.ANSWERED if answer.answered else Status.DECLINED,
        entry_ref=answer.entry.id if answer.entry else None,
        score=round(answer.score, 4),
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    await session.flush()
    return Asked(answer, row)


async def own_question(
    session: AsyncSession, question_id: int, person: Person
) -> FaqQuestion | None:
    question = await queries.faq_question(session, question_id)
    return question if question is not None and question.person_id == person.id else None


async def mark_not_helpful(
    session: AsyncSession, question_id: int, person: Person, now: datetime
) -> FaqQuestion | None:
    question = await own_question(session, question_id, person)
    if question is None or question.status != Status.ANSWERED:
        return None
    question.status = Status.NOT_HELPFUL
    question.updated_at = now
    return question


def alternatives(engine: FaqEngine, question: FaqQuestion) -> list[Entry]:
    """The next likeliest national answers to a question whose answer did not help (never the
    answer it got)."""
    offered = engine.ask(question.text, hint=question.language).suggestions
    return [entry for entry in offered if entry.id != question.entry_ref]


@dataclass(frozen=True)
class Forwarded:
    question: FaqQuestion
    secretaries: Sequence[Person]


async def forward(
    session: AsyncSession, question_id: int, person: Person, now: datetime
) -> Forwarded | None:
    """Send a declined (or unhelpfully answered) question to the council's secretaries."""
    question = await own_question(session, question_id, person)
    if question is None or question.council_id is None:
        return None
    if question.status not in (Status.DECLINED, Status.NOT_HELPFUL):
        return None
    secretaries = [
        s for s in await queries.active_secretaries(session, question.council_id) if s.reachable
    ]
    if not secretaries:
        return Forwarded(question, [])
    question.status = Status.FORWARDED
    question.updated_at = now
    return Forwarded(question, secretaries)


async def _secretary_of(session: AsyncSession, council_id: int, person: Person) -> bool:
    membership = await queries.membership(session, council_id, person.id)
    return membership is not None and membership.active and membership.role == Role.SECRETARY


async def start_answering(
    session: AsyncSession, question_id: int, secretary: Person, now: datetime
) -> FaqQuestion | None:
    """The secretary chose to answer this question; their next message is the answer."""
    question = await queries.faq_question(session, question_id)
    if question is None or question.council_id is None or question.status != Status.FORWARDED:
        return None
    if not await _secretary_of(session, question.council_id, secretary):
        return None
    question.answering_by_id = secretary.id
    question.updated_at = now
    return question


async def stop_answering(
    session: AsyncSession, question_id: int, secretary: Person, now: datetime
) -> FaqQuestion | None:
    question = await queries.faq_question(session, question_id)
    if question is None or question.answering_by_id != secretary.id:
        return None
    question.answering_by_id = None
    question.updated_at = now
    return question


async def question_awaiting_reply(session: AsyncSession, secretary: Person) -> FaqQuestion | None:
    return await queries.question_being_answered_by(session, secretary.id)


async def record_reply(
    session: AsyncSession, question: FaqQuestion, secretary: Person, reply: str, now: datetime
) -> Person | None:
    """Store the secretary's answer; return the person who asked (None if they are gone)."""
    question.answer_text = reply.strip()[:ANSWER_MAX]
    question.answered_by_id = secretary.id
    question.answering_by_id = None
    question.status = Status.REPLIED
    question.updated_at = now
    await audit.record(
        session,
        action="faq.reply",
        now=now,
        council_id=question.council_id,
        actor=secretary,
        target=f"faq_question:{question.id}",
    )
    return await queries.person_by_id(session, question.person_id) if question.person_id else None


def _check_entry(question: str, answer: str) -> tuple[str, str]:
    question, answer = " ".join(question.split()), answer.strip()
    if not question or not answer:
        raise FaqInputError("empty")
    if len(question) > QUESTION_MAX or len(answer) > ANSWER_MAX:
        raise FaqInputError("too long")
    return question, answer


def entry_language(question: str, fallback: str) -> str:
    return detect(question, fallback).language or fallback


async def add_entry(
    session: AsyncSession,
    *,
    council_id: int,
    author: Person,
    question: str,
    answer: str,
    language: str,
    now: datetime,
) -> FaqEntry:
    question, answer = _check_entry(question, answer)
    row = FaqEntry(
        council_id=council_id,
        language=language,
        question=question,
        answer=answer,
        created_by_id=author.id,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    await session.flush()
    await audit.record(
        session,
        action="faq.add",
        now=now,
        council_id=council_id,
        actor=author,
        target=f"faq_entry:{row.id}",
        after={"question": question, "answer": answer, "language": language},
    )
    return row


async def edit_entry(
    session: AsyncSession,
    *,
    council_id: int,
    entry_id: int,
    author: Person,
    question: str,
    answer: str,
    language: str,
    now: datetime,
) -> FaqEntry | None:
    row = await queries.faq_entry(session, council_id, entry_id)
    if row is None:
        return None
    question, answer = _check_entry(question, answer)
    before = {"question": row.question, "answer": row.answer, "language": row.language}
    row.question, row.answer, row.language, row.updated_at = question, answer, language, now
    await audit.record(
        session,
        action="faq.edit",
        now=now,
        council_id=council_id,
        actor=author,
        target=f"faq_entry:{row.id}",
        before=before,
        after={"question": question, "answer": answer, "language": language},
    )
    return row


async def delete_entry(
    session: AsyncSession, *, council_id: int, entry_id: int, author: Person, now: datetime
) -> FaqEntry | None:
    row = await queries.faq_entry(session, council_id, entry_id)
    if row is None:
        return None
    await audit.record(
        session,
        action="faq.delete",
        now=now,
        council_id=council_id,
        actor=author,
        target=f"faq_entry:{row.id}",
        before={"question": row.question, "answer": row.answer, "language": row.language},
    )
    await session.delete(row)
    await session.flush()
    return row


async def save_reply_as_entry(
    session: AsyncSession, question_id: int, secretary: Person, now: datetime
) -> FaqEntry | None:
    """One tap: the member's question and the secretary's answer become a council entry."""
    question = await queries.faq_question(session, question_id)
    if (
        question is None
        or question.council_id is None
        or question.status != Status.REPLIED
        or question.saved_entry_id is not None
        or question.answered_by_id != secretary.id
        or not question.answer_text
    ):
        return None
    row = await add_entry(
        session,
        council_id=question.council_id,
        author=secretary,
        question=question.text,
        answer=question.answer_text,
        language=question.language,
        now=now,
    )
    question.saved_entry_id = row.id
    return row
