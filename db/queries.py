"""Every SQL statement the application runs. Each query is scoped to a council where it can be."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from db.models import AuditEntry, Council, FaqEntry, FaqQuestion, Invite, Membership, Person


async def council_by_id(session: AsyncSession, council_id: int) -> Council | None:
    return await session.get(Council, council_id)


async def person_by_telegram_id(session: AsyncSession, telegram_user_id: int) -> Person | None:
    result = await session.execute(
        select(Person).where(Person.telegram_user_id == telegram_user_id)
    )
    return result.scalar_one_or_none()


async def memberships_of(session: AsyncSession, person_id: int) -> Sequence[Membership]:
    result = await session.execute(
        select(Membership)
        .where(Membership.person_id == person_id, Membership.active.is_(True))
        .options(selectinload(Membership.council))
        .order_by(Membership.joined_at, Membership.id)
    )
    return result.scalars().all()


async def membership(session: AsyncSession, council_id: int, person_id: int) -> Membership | None:
    result = await session.execute(
        select(Membership).where(
            Membership.council_id == council_id, Membership.person_id == person_id
        )
    )
    return result.scalar_one_or_none()


async def council_roster(session: AsyncSession, council_id: int) -> Sequence[Membership]:
    result = await session.execute(
        select(Membership)
        .where(Membership.council_id == council_id, Membership.active.is_(True))
        .options(selectinload(Membership.person))
        .join(Person)
        .order_by(Membership.role, Person.display_name)
    )
    return result.scalars().all()


async def invite_by_code(session: AsyncSession, code: str) -> Invite | None:
    result = await session.execute(select(Invite).where(Invite.code == code).with_for_update())
    return result.scalar_one_or_none()


async def invite_in_council(
    session: AsyncSession, council_id: int, invite_id: int
) -> Invite | None:
    result = await session.execute(
        select(Invite).where(Invite.id == invite_id, Invite.council_id == council_id)
    )
    return result.scalar_one_or_none()


async def open_invites(session: AsyncSession, council_id: int, now: datetime) -> Sequence[Invite]:
    """Invites that can still be used: not used, not revoked, not expired."""
    result = await session.execute(
        select(Invite)
        .where(
            Invite.council_id == council_id,
            Invite.used_at.is_(None),
            Invite.revoked_at.is_(None),
            Invite.expires_at > now,
        )
        .order_by(Invite.created_at, Invite.id)
    )
    return result.scalars().all()


async def audit_entries(session: AsyncSession, council_id: int) -> Sequence[AuditEntry]:
    result = await session.execute(
        select(AuditEntry).where(AuditEntry.council_id == council_id).order_by(AuditEntry.id)
    )
    return result.scalars().all()


async def faq_entries(session: AsyncSession, council_id: int) -> Sequence[FaqEntry]:
    result = await session.execute(
        select(FaqEntry).where(FaqEntry.council_id == council_id).order_by(FaqEntry.id)
    )
    return result.scalars().all()


async def faq_entry(session: AsyncSession, council_id: int, entry_id: int) -> FaqEntry | None:
    result = await session.execute(
        select(FaqEntry).where(FaqEntry.id == entry_id, FaqEntry.council_id == council_id)
    )
    return result.scalar_one_or_none()


async def faq_question(session: AsyncSession, question_id: int) -> FaqQuestion | None:
    return await session.get(FaqQuestion, question_id, with_for_update=True)


async def question_being_answered_by(session: AsyncSession, person_id: int) -> FaqQuestion | None:
    """The forwarded question this secretary has chosen to answer, if any (newest first)."""
    result = await session.execute(
        select(FaqQuestion)
        .where(FaqQuestion.answering_by_id == person_id, FaqQuestion.status == "forwarded")
        .order_by(FaqQuestion.updated_at.desc(), FaqQuestion.id.desc())
        .limit(1)
    )
    return result.scalar_one_or_none()


async def active_secretaries(session: AsyncSession, council_id: int) -> Sequence[Person]:
    result = await session.execute(
        select(Person)
        .join(Membership, Membership.person_id == Person.id)
        .where(
            Membership.council_id == council_id,
            Membership.active.is_(True),
            Membership.role == "secretary",
        )
        .order_by(Person.id)
    )
    return result.scalars().all()


async def person_by_id(session: AsyncSession, person_id: int) -> Person | None:
    return await session.get(Person, person_id)
