"""Invite codes: one-time, expiring, revocable; redeemed by `/start <code>`."""

from __future__ import annotations

import enum
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.services import audit, people
from db import queries
from db.models import NAME_MAX, Council, Invite, Person, Role

DEFAULT_TTL = timedelta(days=14)
CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{8,32}$")
PLACEHOLDER_USERNAME = "your_bot"


class InviteInputError(ValueError):
    """The invite cannot be made as asked (e.g. the name is too long)."""


class RedeemOutcome(enum.StrEnum):
    JOINED = "joined"
    ROLE_CHANGED = "role_changed"
    ALREADY_MEMBER = "already_member"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    USED = "used"
    REVOKED = "revoked"


@dataclass(frozen=True)
class RedeemResult:
    outcome: RedeemOutcome
    council: Council | None = None
    role: Role | None = None

    @property
    def joined(self) -> bool:
        return self.outcome in (RedeemOutcome.JOINED, RedeemOutcome.ROLE_CHANGED)


def new_code() -> str:
    """12 URL-safe characters (72 random bits): fits Telegram's start parameter."""
    return secrets.token_urlsafe(9)


def invite_link(bot_username: str | None, code: str) -> str:
    return f"https://t.me/{bot_username or PLACEHOLDER_USERNAME}?start={code}"


def clean_invitee_name(name: str | None) -> str | None:
    if name is None:
        return None
    cleaned = " ".join(name.split())
    if len(cleaned) > NAME_MAX:
        raise InviteInputError(f"name longer than {NAME_MAX} characters")
    return cleaned or None


async def create_invite(
    session: AsyncSession,
    *,
    council_id: int,
    role: Role,
    now: datetime,
    name: str | None = None,
    created_by: Person | None = None,
    ttl: timedelta = DEFAULT_TTL,
) -> Invite:
    invite = Invite(
        code=new_code(),
        council_id=council_id,
        role=role.value,
        name=clean_invitee_name(name),
        created_by_id=created_by.id if created_by else None,
        created_at=now,
        expires_at=now + ttl,
    )
    session.add(invite)
    await session.flush()
    await audit.record(
        session,
        action="invite.create",
        now=now,
        council_id=council_id,
        actor=created_by,
        target=f"invite:{invite.id}",
        after={
            "role": role.value,
            "name": invite.name,
            "expires_at": invite.expires_at.isoformat(),
        },
    )
    return invite


def _unusable(invite: Invite, now: datetime) -> RedeemOutcome | None:
    if invite.revoked_at is not None:
        return RedeemOutcome.REVOKED
    if invite.used_at is not None:
        return RedeemOutcome.USED
    if invite.expires_at <= now:
        return RedeemOutcome.EXPIRED
    return None


async def redeem_invite(
    session: AsyncSession, *, code: str, person: Person, now: datetime
) -> RedeemResult:
    """Join the invite's council in its role; the code is used only if it changes something."""
    if not CODE_PATTERN.match(code):
        return RedeemResult(RedeemOutcome.UNKNOWN)
    invite = await queries.invite_by_code(session, code)
    if invite is None:
        return RedeemResult(RedeemOutcome.UNKNOWN)
    council = await queries.council_by_id(session, invite.council_id)
    role = Role(invite.role)
    if invite.used_by_id == person.id:
        return RedeemResult(RedeemOutcome.ALREADY_MEMBER, council, role)
    problem = _unusable(invite, now)
    if problem is not None:
        return RedeemResult(problem, council, role)
    existing = await queries.membership(session, invite.council_id, person.id)
    if existing is not None and existing.active and existing.role == role.value:
        person.current_council_id = invite.council_id
        return RedeemResult(RedeemOutcome.ALREADY_MEMBER, council, role)
    invite.used_by_id = person.id
    invite.used_at = now
    await people.add_to_council(
        session, person=person, council_id=invite.council_id, role=role, now=now
    )
    outcome = RedeemOutcome.ROLE_CHANGED if existing is not None else RedeemOutcome.JOINED
    return RedeemResult(outcome, council, role)


async def revoke_invite(
    session: AsyncSession, *, council_id: int, invite_id: int, actor: Person, now: datetime
) -> Invite | None:
    """Revoke an open invite of this council; None if there is no such open invite."""
    invite = await queries.invite_in_council(session, council_id, invite_id)
    if invite is None or _unusable(invite, now) is not None:
        return None
    invite.revoked_at = now
    await audit.record(
        session,
        action="invite.revoke",
        now=now,
        council_id=council_id,
        actor=actor,
        target=f"invite:{invite.id}",
        before={"revoked": False},
        after={"revoked": True},
    )
    return invite


async def open_invites(session: AsyncSession, council_id: int, now: datetime) -> Sequence[Invite]:
    return await queries.open_invites(session, council_id, now)
