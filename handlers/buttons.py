"""Button presses: decode and validate the callback data once, answer stale presses clearly.

A button handler is `async def handler(press: Press) -> None`, decorated with `@button(kind, n)`.
Anything that shows the press is forged, outdated or no longer allowed raises `StaleButton`
(directly, or through `Press.number`/`Press.choice`), and the person gets a translated alert.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from telegram import CallbackQuery, Update
from telegram.ext import CallbackQueryHandler

from bot import callbacks
from bot.runtime import CouncilApplication, CouncilContext
from handlers.common import Turn, stale_button, turn


class StaleButton(Exception):
    """The press cannot be honoured: answer it as outdated."""


@dataclass
class Press:
    update: Update
    context: CouncilContext
    query: CallbackQuery
    tn: Turn
    data: callbacks.CallbackData

    def number(self, index: int) -> int:
        try:
            return self.data.int_arg(index)
        except callbacks.CallbackDataError as exc:
            raise StaleButton from exc

    def text(self, index: int) -> str:
        return self.data.args[index]

    def choice(self, index: int, allowed: tuple[str, ...]) -> str:
        value = self.data.args[index]
        if value not in allowed:
            raise StaleButton
        return value


ButtonHandler = Callable[[Press], Awaitable[None]]
Callback = Callable[[Update, CouncilContext], Coroutine[Any, Any, None]]


@dataclass(frozen=True)
class Button:
    kind: str
    callback: Callback


def button(kind: str, arity: int) -> Callable[[ButtonHandler], Button]:
    def wrap(handler: ButtonHandler) -> Button:
        async def callback(update: Update, context: CouncilContext) -> None:
            query = update.callback_query
            if query is None:
                return
            async with turn(update, context) as tn:
                try:
                    data = callbacks.decode(query.data, kind, arity)
                    await handler(Press(update, context, query, tn, data))
                except (callbacks.CallbackDataError, StaleButton):
                    await stale_button(query, tn.t)

        callback.__name__ = handler.__name__
        return Button(kind, callback)

    return wrap


def yes_no(kind: str, subject: int, yes: str, no: str) -> list[list[tuple[str, str]]]:
    """One row with a confirming and a cancelling button about `subject`."""
    return [
        [
            (yes, callbacks.encode(kind, subject, "yes")),
            (no, callbacks.encode(kind, subject, "no")),
        ]
    ]


def register_buttons(app: CouncilApplication, *buttons: Button) -> None:
    for item in buttons:
        app.add_handler(CallbackQueryHandler(item.callback, pattern=callbacks.pattern(item.kind)))
