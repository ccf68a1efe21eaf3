"""The council's list of people, with who can and cannot be reached."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db import queries
from db.models import Role

ROLE_ORDER = (Role.CHAIR, Role.MEMBER, Role.SUBSTITUTE, Role.SECRETARY)


class Reach(enum.StrEnum):
    OK = "ok"
    BLOCKED = "blocked"
    NEVER_STARTED = "never_started"


@dataclass(frozen=True)
class RosterLine:
    name: str
    role: Role
    reach: Reach


@dataclass(frozen=True)
class PendingInvite:
    name: str | None
    role: Role
    expires_at: datetime


@dataclass(frozen=True)
class Roster:
    people: list[RosterLine]
    pending: list[PendingInvite]

    @property
    def unreachable(self) -> list[RosterLine]:
        return [line for line in self.people if line.reach is not Reach.OK]


async def council_roster(session: AsyncSession, council_id: int, now: datetime) -> Roster:
    lines = []
    for item in await queries.council_roster(session, council_id):
        person = item.person
        if person.blocked_at is not None:
            reach = Reach.BLOCKED
        elif person.started_at is None:
            reach = Reach.NEVER_STARTED
        else:
            reach = Reach.OK
        lines.append(RosterLine(person.display_name, Role(item.role), reach))
    lines.sort(key=lambda line: (ROLE_ORDER.index(line.role), line.name.casefold()))
    pending = [
        PendingInvite(invite.name, Role(invite.role), invite.expires_at)
        for invite in await queries.open_invites(session, council_id, now)
    ]
    return Roster(lines, pending)
