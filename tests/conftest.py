"""Shared fixtures: a real database (SQLite file, or PostgreSQL when configured), a fixed clock,
the spec-checked offline Bot API, the real application, and a guard against network access."""

from __future__ import annotations

import asyncio
import ipaddress
import os
import shutil
import socket
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from bot.app import build_application, close_application
from bot.config import Settings
from bot.offline import FakeUser
from bot.runtime import CouncilApplication
from db.migrate import upgrade
from db.models import Base
from db.session import create_engine
from tests.support.botapi import SpecCheckedBotApi
from tests.support.harness import Chat

POSTGRES_URL = os.environ.get("COUNCILBOT_TEST_POSTGRES_URL")


# --- no network -------------------------------------------------------------------------------

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _is_local(address: Any) -> bool:
    if isinstance(address, str | bytes):  # AF_UNIX path
        return True
    host = address[0]
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guarded_connect(self: socket.socket, address: Any) -> Any:
    if not _is_local(address):
        raise RuntimeError(f"test tried to open a network connection to {address!r}")
    return _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> Any:
    if not _is_local(address):
        raise RuntimeError(f"test tried to open a network connection to {address!r}")
    return _real_connect_ex(self, address)


@pytest.fixture(autouse=True, scope="session")
def no_network() -> Iterator[None]:
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]
    yield
    socket.socket.connect = _real_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _real_connect_ex  # type: ignore[method-assign]


# --- clock ------------------------------------------------------------------------------------


@dataclass
class FakeClock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now = self.now + timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 11, 22, 9, 0, tzinfo=UTC))


# --- database ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def migrated_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"

    async def build() -> None:
        engine = create_engine(f"sqlite:///{path}")
        await upgrade(engine)
        async with engine.connect() as connection:
            await connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        await engine.dispose()

    asyncio.run(build())
    return path


@pytest.fixture(scope="session")
def migrated_postgres() -> str | None:
    if not POSTGRES_URL:
        return None

    async def build() -> None:
        engine = create_engine(POSTGRES_URL)
        async with engine.begin() as connection:
            await connection.execute(text("DROP SCHEMA public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
        await upgrade(engine)
        await engine.dispose()

    asyncio.run(build())
    return POSTGRES_URL


@pytest.fixture
async def database_url(
    tmp_path: Path, migrated_sqlite_template: Path, migrated_postgres: str | None
) -> AsyncIterator[str]:
    """A migrated, empty database for one test."""
    if migrated_postgres:
        engine = create_engine(migrated_postgres)
        tables = ", ".join(table.name for table in Base.metadata.sorted_tables)
        async with engine.begin() as connection:
            await connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        await engine.dispose()
        yield migrated_postgres
        return
    path = tmp_path / "councilbot.db"
    shutil.copy(migrated_sqlite_template, path)
    yield f"sqlite:///{path}"


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        DATABASE_URL=database_url,
        TELEGRAM_BOT_TOKEN=None,
        COUNCILBOT_TIMEZONE="Europe/Copenhagen",
        COUNCILBOT_DEFAULT_LANGUAGE="da",
    )


@pytest.fixture
async def engine(settings: Settings) -> AsyncIterator[Any]:
    engine = create_engine(settings.database_url)
    yield engine
    await engine.dispose()


# --- the application --------------------------------------------------------------------------


@pytest.fixture
def api() -> SpecCheckedBotApi:
    return SpecCheckedBotApi()


@pytest.fixture
async def app(
    settings: Settings, api: SpecCheckedBotApi, clock: FakeClock
) -> AsyncIterator[CouncilApplication]:
    application = build_application(settings, request=api, clock=clock)
    async with application:
        yield application
    await close_application(application)


@pytest.fixture
def chat_for(app: CouncilApplication, api: SpecCheckedBotApi) -> Any:
    """Make a private chat for a new Telegram user."""
    counter = iter(range(1, 10_000))

    def make(
        first_name: str = "Test",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "en",
        user_id: int | None = None,
    ) -> Chat:
        uid = user_id or 4_000_000 + next(counter)
        user = FakeUser(uid, first_name, last_name, username, language_code)
        return Chat(app, api, user)

    return make
