"""The error handler: log the update and the traceback, apologise in the user's language."""

from __future__ import annotations

import json
import logging

from telegram import Update
from telegram.error import BadRequest, Forbidden, NetworkError

from bot.i18n import match_language, translator
from bot.runtime import CouncilApplication, CouncilContext
from bot.services import people
from handlers.common import safe_send

log = logging.getLogger("councilbot.errors")


async def _record_blocked(update: Update, context: CouncilContext) -> None:
    """Telegram said 403 for this user's chat: they blocked the bot."""
    chat, user = update.effective_chat, update.effective_user
    if user is None or chat is None or chat.type != chat.PRIVATE:
        return
    runtime = context.runtime
    async with runtime.sessions() as session, session.begin():
        await people.mark_reachability(session, user.id, runtime.clock(), blocked=True)


async def on_error(update: object, context: CouncilContext) -> None:
    payload = update.to_dict() if isinstance(update, Update) else repr(update)
    log.error(
        "Error while handling update %s",
        json.dumps(payload, ensure_ascii=False, default=str)[:2000],
        exc_info=context.error,
    )
    error = context.error
    unreachable = isinstance(error, Forbidden) or (
        isinstance(error, NetworkError) and not isinstance(error, BadRequest)
    )
    if isinstance(update, Update) and isinstance(error, Forbidden):
        await _record_blocked(update, context)
    if not isinstance(update, Update) or unreachable:
        return
    chat, user = update.effective_chat, update.effective_user
    if chat is None:
        return
    t = translator(match_language(user.language_code if user else None))
    if update.callback_query is not None:
        try:
            await update.callback_query.answer()
        except Exception:  # the query may be too old to answer; the apology still goes out
            log.debug("could not answer callback query after an error", exc_info=True)
    await safe_send(
        context.bot,
        chat.id,
        t,
        t.gettext("Sorry, something went wrong on my side. Please try again in a moment."),
    )


def register(app: CouncilApplication) -> None:
    app.add_error_handler(on_error)
