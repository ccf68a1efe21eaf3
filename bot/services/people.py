"""People as the bot knows them: identity from Telegram, language, reachability, councils."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import SUPPORTED_LANGUAGES
from bot.services import audit
from db import queries
from db.models import NAME_MAX, Membership, Person, Role


@dataclass(frozen=True)
class Identity:
    """What Telegram tells us about a user; every field but the id may be missing."""

    user_id: int
    first_name: str = ""
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None


def display_name(identity: Identity) -> str:
    """A readable name for lists and minutes, never empty and never too long."""
    name = " ".join(part for part in (identity.first_name, identity.last_name or "") if part)
    name = " ".join(name.split())
    if not name and identity.username:
        name = f"@{identity.username}"
    if not name:
        name = f"#{identity.user_id}"
    return name if len(name) <= NAME_MAX else name[: NAME_MAX - 1] + "…"


async def touch_person(
    session: AsyncSession, identity: Identity, now: datetime, *, in_private_chat: bool
) -> Person:
    """Find or create the person; refresh their name. A private message proves reachability."""
    person = await queries.person_by_telegram_id(session, identity.user_id)
    if person is None:
        person = Person(
            telegram_user_id=identity.user_id,
            display_name=display_name(identity),
            created_at=now,
        )
        session.add(person)
    person.display_name = display_name(identity)
    person.username = identity.username[:64] if identity.username else None
    person.telegram_language_code = (identity.language_code or "")[:35] or None
    if in_private_chat:
        if person.started_at is None:
            person.started_at = now
        person.blocked_at = None
    await session.flush()
    return person


async def set_language(session: AsyncSession, person: Person, language: str) -> None:
    if language not in SUPPORTED_LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    person.language = language
    await session.flush()


async def mark_reachability(
    session: AsyncSession, telegram_user_id: int, now: datetime, *, blocked: bool
) -> Person | None:
    """Record that a person blocked the bot (or unblocked it)."""
    person = await queries.person_by_telegram_id(session, telegram_user_id)
    if person is None:
        return None
    if blocked and person.blocked_at is None:
        person.blocked_at = now
    elif not blocked:
        person.blocked_at = None
        if person.started_at is None:
            person.started_at = now
    await session.flush()
    return person


def pick_membership(
    memberships: Sequence[Membership], current_council_id: int | None
) -> Membership | None:
    """The council a command applies to: the one last chosen, or the only one; else None."""
    for item in memberships:
        if item.council_id == current_council_id:
            return item
    return memberships[0] if len(memberships) == 1 else None


async def choose_council(
    session: AsyncSession, person: Person, council_id: int
) -> Membership | None:
    """Make `council_id` the person's current council, if they belong to it."""
    found = await queries.membership(session, council_id, person.id)
    if found is None or not found.active:
        return None
    person.current_council_id = council_id
    await session.flush()
    return found


async def add_to_council(
    session: AsyncSession,
    *,
    person: Person,
    council_id: int,
    role: Role,
    now: datetime,
    actor: Person | None = None,
    actor_label: str | None = None,
) -> Membership:
    """Give a person a role in a council (new membership or a changed role)."""
    existing = await queries.membership(session, council_id, person.id)
    before = {"role": existing.role, "active": existing.active} if existing else None
    if existing is None:
        existing = Membership(
            council_id=council_id, person_id=person.id, role=role.value, active=True, joined_at=now
        )
        session.add(existing)
    else:
        existing.role = role.value
        existing.active = True
    if role is Role.SUBSTITUTE and existing.substitute_order is None:
        roster = await queries.council_roster(session, council_id)
        orders = [m.substitute_order or 0 for m in roster if m.role == Role.SUBSTITUTE.value]
        existing.substitute_order = max(orders, default=0) + 1
    person.current_council_id = council_id
    await session.flush()
    await audit.record(
        session,
        action="membership.set",
        now=now,
        council_id=council_id,
        actor=actor or person,
        actor_label=actor_label,
        target=f"person:{person.id}",
        before=before,
        after={"role": role.value, "active": True},
    )
    return existing
