"""Put councils and invites into the test database through the real services."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.services import councils, invites
from db.models import Role
from db.session import session_factory, transaction


async def make_council(
    engine: AsyncEngine,
    now: datetime,
    name: str = "Integrationsrådet i Aarhus",
    language: str = "da",
) -> int:
    async with transaction(session_factory(engine)) as session:
        council = await councils.create_council(
            session, name=name, timezone="Europe/Copenhagen", language=language, now=now
        )
        return council.id


async def make_invite(
    engine: AsyncEngine,
    council_id: int,
    now: datetime,
    role: Role = Role.MEMBER,
    name: str | None = None,
    ttl: timedelta = invites.DEFAULT_TTL,
) -> str:
    async with transaction(session_factory(engine)) as session:
        invite = await invites.create_invite(
            session, council_id=council_id, role=role, name=name, now=now, ttl=ttl
        )
        return invite.code
