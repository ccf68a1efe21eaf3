"""The audit log: every privileged action is written here in the same transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import AuditEntry, Person


async def record(
    session: AsyncSession,
    *,
    action: str,
    now: datetime,
    council_id: int | None,
    actor: Person | None,
    target: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    actor_label: str | None = None,
) -> AuditEntry:
    entry = AuditEntry(
        council_id=council_id,
        actor_id=actor.id if actor else None,
        actor_label=actor_label or (f"telegram:{actor.telegram_user_id}" if actor else "cli"),
        action=action,
        target=target,
        before=before,
        after=after,
        created_at=now,
    )
    session.add(entry)
    await session.flush()
    return entry
