"""Chat with the real application in a terminal: no token, no network.

Bot messages are printed as plain text; inline buttons are numbered, and typing the number presses
the button. Anything else is sent as a message (commands start with /). `/quit` leaves.
"""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from telegram import Update

from bot.app import build_application, close_application
from bot.config import Settings
from bot.faq.engine import national_engine
from bot.i18n import SUPPORTED_LANGUAGES
from bot.offline import ApiCall, FakeUser, OfflineBotApi
from bot.operator import OperatorError, add_person, migrated_engine
from bot.services.people import Identity
from db import queries
from db.models import Role
from db.session import session_factory

CONSOLE_USER_BASE = 7_000_000_000
_TAG = re.compile(r"</?(b|i|u|s|code|pre|a)( [^>]*)?>")


def console_user_id(council_id: int, role: Role) -> int:
    return CONSOLE_USER_BASE + council_id * 10 + list(Role).index(role)


def plain(text: str) -> str:
    """Telegram HTML to terminal text."""
    return html.unescape(_TAG.sub("", text))


@dataclass
class Screen:
    """Prints what the bot sends and remembers the newest buttons."""

    write: Callable[[str], None] = print
    buttons: list[dict[str, Any]] = field(default_factory=list)
    message_id: int = 0

    def on_call(self, call: ApiCall, result: dict[str, Any] | None) -> None:
        if call.method == "answerCallbackQuery" and call.params.get("text"):
            self.write(f"  ({plain(str(call.params['text']))})")
            return
        if result is None or not (call.text or call.buttons):
            return
        prefix = "bot (edited)" if call.method.startswith("edit") else "bot"
        self.write(f"{prefix}: " + plain(call.text).replace("\n", "\n     "))
        if call.buttons:
            self.buttons = call.buttons
            self.message_id = int(result.get("message_id", 0))
            labels = [f"[{i}] {b.get('text', '')}" for i, b in enumerate(call.buttons, 1)]
            self.write("     " + "   ".join(labels))
        elif (
            call.method.startswith("edit") and int(result.get("message_id", -1)) == self.message_id
        ):
            self.buttons = []


async def ensure_console_person(
    settings: Settings, council_id: int, role: Role, language: str | None
) -> int:
    engine = await migrated_engine(settings)
    try:
        async with session_factory(engine)() as session:
            if await queries.council_by_id(session, council_id) is None:
                raise OperatorError(
                    f"there is no council with id {council_id} (create one with "
                    "`councilbot council create NAME`, or try `councilbot demo`)"
                )
        user_id = console_user_id(council_id, role)
        await add_person(
            engine,
            council_id=council_id,
            identity=Identity(user_id, f"Console {role.value}", language_code=language),
            role=role,
            language=language,
        )
        return user_id
    finally:
        await engine.dispose()


async def run_console(
    settings: Settings,
    council_id: int,
    role: Role,
    language: str | None = None,
    read: Callable[[str], str] = input,
    write: Callable[[str], None] = print,
) -> None:
    if language is not None and language not in SUPPORTED_LANGUAGES:
        raise OperatorError(f"--lang must be one of {', '.join(SUPPORTED_LANGUAGES)}")
    user_id = await ensure_console_person(settings, council_id, role, language)
    national_engine()  # index the knowledge store before the first prompt
    screen = Screen(write)
    api = OfflineBotApi(on_call=screen.on_call)
    application = build_application(settings, request=api)
    user = FakeUser(user_id, first_name=f"Console {role.value}", language_code=language)
    write(
        f"councilbot console — council {council_id}, you are the {role.value}. "
        "Type /help; a number presses a button; /quit leaves."
    )
    try:
        async with application:
            while True:
                try:
                    line = (await asyncio.to_thread(read, "you: ")).strip()
                except (EOFError, KeyboardInterrupt):
                    break
                if line in ("/quit", "/exit", "quit", "exit"):
                    break
                if not line:
                    continue
                if line.isdigit() and screen.buttons and 1 <= int(line) <= len(screen.buttons):
                    data = str(screen.buttons[int(line) - 1].get("callback_data", ""))
                    payload = user.press(data, message_id=screen.message_id)
                else:
                    payload = user.message(line)
                await application.process_update(Update.de_json(payload, application.bot))
    finally:
        await close_application(application)
