"""Creating and configuring councils."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import SUPPORTED_LANGUAGES
from bot.services import audit
from db.models import COUNCIL_NAME_MAX, Council


class CouncilInputError(ValueError):
    """Input an operator can fix; the message says how."""


def clean_council_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise CouncilInputError("The council needs a name, e.g. 'Integrationsrådet i Aarhus'.")
    if len(cleaned) > COUNCIL_NAME_MAX:
        raise CouncilInputError(f"The council name is longer than {COUNCIL_NAME_MAX} characters.")
    return cleaned


def check_timezone(zone: str) -> str:
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise CouncilInputError(
            f"Unknown time zone {zone!r}; use an IANA name such as Europe/Copenhagen."
        ) from exc
    return zone


def check_language(language: str) -> str:
    if language not in SUPPORTED_LANGUAGES:
        raise CouncilInputError(
            f"Unsupported language {language!r}; choose one of {', '.join(SUPPORTED_LANGUAGES)}."
        )
    return language


async def create_council(
    session: AsyncSession, *, name: str, timezone: str, language: str, now: datetime
) -> Council:
    council = Council(
        name=clean_council_name(name),
        timezone=check_timezone(timezone),
        language=check_language(language),
        settings={},
        created_at=now,
    )
    session.add(council)
    await session.flush()
    await audit.record(
        session,
        action="council.create",
        now=now,
        council_id=council.id,
        actor=None,
        target=f"council:{council.id}",
        after={"name": council.name, "timezone": timezone, "language": language},
    )
    return council
