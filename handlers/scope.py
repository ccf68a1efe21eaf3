"""Commands that act on one council: pick the council first when a person is in several."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import CommandHandler

from bot import callbacks
from bot.runtime import CouncilApplication, CouncilContext
from bot.services import people
from handlers.buttons import Press, StaleButton, button, register_buttons
from handlers.common import Turn, edit, reply, turn

ScopedCommand = Callable[[Turn, CouncilContext, int, list[str]], Awaitable[None]]
_COMMANDS: dict[str, ScopedCommand] = {}
NO_FOLLOW_UP = "-"


def scoped_command(name: str) -> Callable[[ScopedCommand], ScopedCommand]:
    """Register a council-scoped command under its Telegram command name."""

    def register(function: ScopedCommand) -> ScopedCommand:
        _COMMANDS[name] = function
        return function

    return register


def council_rows(tn: Turn, follow_up: str) -> list[list[tuple[str, str]]]:
    return [
        [(item.council.name, callbacks.encode("cnl", item.council_id, follow_up))]
        for item in tn.memberships
    ]


async def ask_for_council(update: Update, tn: Turn, follow_up: str) -> None:
    await reply(
        update,
        tn.t,
        tn.t.gettext("You are in several councils. Which one is this about?"),
        council_rows(tn, follow_up),
    )


async def not_in_a_council(update: Update, tn: Turn) -> None:
    await reply(
        update,
        tn.t,
        tn.t.gettext(
            "You are not in a council yet. Ask your council's secretary for an invite link "
            "and open it here."
        ),
    )


async def run_scoped(update: Update, context: CouncilContext, name: str) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    async with turn(update, context) as tn:
        if tn.membership is None:
            if tn.memberships:
                await ask_for_council(update, tn, name)
            else:
                await not_in_a_council(update, tn)
            return
        await _COMMANDS[name](tn, context, chat.id, list(context.args or []))


def command_callback(name: str) -> Callable[[Update, CouncilContext], Coroutine[Any, Any, None]]:
    async def callback(update: Update, context: CouncilContext) -> None:
        await run_scoped(update, context, name)

    callback.__name__ = f"command_{name}"
    return callback


async def council_command(update: Update, context: CouncilContext) -> None:
    """/council: show the councils and switch between them."""
    async with turn(update, context) as tn:
        if not tn.memberships:
            await not_in_a_council(update, tn)
            return
        current = tn.council.name if tn.council else "—"
        await reply(
            update,
            tn.t,
            tn.t.fmt("You are working in: {council}. Choose a council:", council=current),
            council_rows(tn, NO_FOLLOW_UP),
        )


@button("cnl", 2)
async def council_chosen(press: Press) -> None:
    tn, query = press.tn, press.query
    council_id, follow_up = press.number(0), press.choice(1, (NO_FOLLOW_UP, *_COMMANDS))
    if tn.person is None or query.message is None:
        raise StaleButton
    if await people.choose_council(tn.session, tn.person, council_id) is None:
        raise StaleButton
    await tn.refresh_memberships()
    await query.answer()
    council_name = tn.council.name if tn.council else ""
    await edit(query, tn.t, tn.t.fmt("Now working in: {council}.", council=council_name))
    if follow_up != NO_FOLLOW_UP:
        await _COMMANDS[follow_up](tn, press.context, query.message.chat.id, [])


def register(app: CouncilApplication) -> None:
    app.add_handler(CommandHandler("council", council_command))
    register_buttons(app, council_chosen)
    for name in _COMMANDS:
        app.add_handler(CommandHandler(name, command_callback(name)))
