"""`councilbot demo`: a demo council with a few people in a fresh SQLite file."""

from __future__ import annotations

from pathlib import Path

from bot.clock import utc_now
from bot.config import Settings
from bot.operator import add_person, create_invite, migrated_engine
from bot.services import councils
from bot.services.people import Identity
from db.models import Role
from db.session import session_factory, transaction

DEMO_PEOPLE: list[tuple[int, str, str | None, Role, str, bool]] = [
    # (telegram id, first name, last name, role, language, blocked the bot)
    (5_000_001, "Mette", "Jensen", Role.CHAIR, "da", False),
    (5_000_002, "Amina", "Hassan", Role.MEMBER, "ar", False),
    (5_000_003, "Oleksandr", "Kovalenko", Role.MEMBER, "uk", False),
    (5_000_004, "Ahmad", "Rahimi", Role.MEMBER, "fa", False),
    (5_000_005, "Zeynep", "Yılmaz", Role.MEMBER, "tr", False),
    (5_000_006, "Hodan", "Warsame", Role.MEMBER, "so", True),
    (5_000_007, "Farhan", "Ali", Role.SUBSTITUTE, "ur", False),
    (5_000_008, "Lise", "Holm", Role.SECRETARY, "da", False),
]


async def create_demo(settings: Settings) -> int:
    """Create the demo council and its people; return the council id."""
    engine = await migrated_engine(settings)
    try:
        async with transaction(session_factory(engine)) as session:
            council = await councils.create_council(
                session,
                name="Demo Integrationsråd",
                timezone="Europe/Copenhagen",
                language="da",
                now=utc_now(),
            )
        for user_id, first, last, role, language, blocked in DEMO_PEOPLE:
            await add_person(
                engine,
                council_id=council.id,
                identity=Identity(user_id, first, last, language_code=language),
                role=role,
                language=language,
                blocked=blocked,
            )
    finally:
        await engine.dispose()
    await create_invite(settings, council.id, "member", "Jonas Nielsen")
    return council.id


def fresh_sqlite_url(path: Path) -> str:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path.resolve()}"
