"""What every handler needs at hand: settings, database sessions and the clock."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from telegram.ext import Application, CallbackContext, ExtBot

from bot.clock import Clock
from bot.config import Settings

RUNTIME_KEY = "runtime"


@dataclass
class Runtime:
    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    clock: Clock


class CouncilContext(
    CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]
):
    """PTB's context with our runtime attached (the 'middleware' of contexttypesbot.py)."""

    @property
    def runtime(self) -> Runtime:
        return cast(Runtime, self.bot_data[RUNTIME_KEY])


CouncilApplication = Application[
    ExtBot[None], CouncilContext, dict[Any, Any], dict[Any, Any], dict[Any, Any], Any
]


def runtime_of(application: Application[Any, Any, Any, Any, Any, Any]) -> Runtime:
    return cast(Runtime, application.bot_data[RUNTIME_KEY])
