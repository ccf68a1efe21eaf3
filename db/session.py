"""Engines and sessions; the async driver is chosen from a plain database URL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

_ASYNC_DRIVERS = {
    "sqlite": "sqlite+aiosqlite",
    "postgres": "postgresql+asyncpg",
    "postgresql": "postgresql+asyncpg",
}


class DatabaseUrlError(ValueError):
    """The DATABASE_URL cannot be used."""


def async_url(raw: str) -> URL:
    """Accept `sqlite:///file.db` or `postgresql://…` and pick the async driver."""
    try:
        url = make_url(raw.replace("postgres://", "postgresql://", 1))
    except Exception as exc:
        raise DatabaseUrlError(f"DATABASE_URL is not a database URL: {raw!r}") from exc
    backend = url.get_backend_name()
    if url.drivername in _ASYNC_DRIVERS:
        return url.set(drivername=_ASYNC_DRIVERS[url.drivername])
    if backend in ("sqlite", "postgresql"):
        return url
    raise DatabaseUrlError(f"DATABASE_URL must be SQLite or PostgreSQL, not {backend!r}")


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def create_engine(raw_url: str) -> AsyncEngine:
    url = async_url(raw_url)
    engine = create_async_engine(url, pool_pre_ping=url.get_backend_name() == "postgresql")
    if url.get_backend_name() == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


@asynccontextmanager
async def transaction(
    factory: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    """One unit of work: commit on success, roll back on error."""
    async with factory() as session, session.begin():
        yield session
