"""`councilbot demo`: a demo council with a few people in a fresh SQLite file."""

from __future__ import annotations

from pathlib import Path

from bot.config import Settings
from bot.operator import add_person, create_council, create_invite, migrated_engine
from bot.services.people import Identity
from db.models import Role

DEMO_PEOPLE: list[tuple[int, str, str | None, Role, str, bool]] = [
    # (telegram id, first name, last name, role, language, blocked the bot)
    (5_000_001, "Mette", "Jensen", Role.CHAIR, "da", False),
    (5_000_002, "Amina", "Hassan", Role.MEMBER, "ar", False),
    (5_000_003, "Oleksandr", "Kovalenko", Role.MEMBER, "uk", False),
    (5_000_004, "Ahmad", "Rahimi", Role.MEMBER, "fa", False),
    (5_000_005, "Zeynep", "Yılmaz", Role.MEMBER, "tr", False),
    (5_000_006, "Hodan", "Warsame", Role.MEMBER, "so", True),
    (5_000_007, "Farhan", "Ali", Role.SUBSTITUTE, "ur", False),
]


async def create_demo(settings: Settings) -> int:
    """Create the demo council and its people; return the council id."""
    created = await create_council(settings, "Demo Integrationsråd", "Europe/Copenhagen", "da")
    engine = await migrated_engine(settings)
    try:
        for user_id, first, last, role, language, blocked in DEMO_PEOPLE:
            await add_person(
                engine,
                council_id=created.council_id,
                identity=Identity(user_id, first, last, language_code=language),
                role=role,
                language=language,
                blocked=blocked,
            )
    finally:
        await engine.dispose()
    await create_invite(settings, created.council_id, "member", "Jonas Nielsen")
    return created.council_id


def fresh_sqlite_url(path: Path) -> str:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path.resolve()}"
