"""Last-resort handlers: unknown commands, stray text, unknown buttons, blocked bot.

Registered last in the default group, so they only see what no other handler took.
"""

from __future__ import annotations

from telegram import ChatMember, Update
from telegram.ext import CallbackQueryHandler, ChatMemberHandler, MessageHandler, filters

from bot.runtime import CouncilApplication, CouncilContext
from bot.services import people
from handlers.common import reply, stale_button, turn


async def unknown_command(update: Update, context: CouncilContext) -> None:
    message = update.effective_message
    if message is None or message.text is None:
        return
    command = message.text.split()[0].split("@")[0][:40]
    async with turn(update, context) as tn:
        await reply(
            update,
            tn.t,
            tn.t.fmt(
                "I don't know the command {command}. Send /help to see what you can do.",
                command=command,
            ),
        )


async def not_text(update: Update, context: CouncilContext) -> None:
    """A photo, sticker, voice message … in a private chat: we read text only."""
    async with turn(update, context) as tn:
        await reply(
            update,
            tn.t,
            tn.t.gettext(
                "I can only read text. Please write your question, use the buttons, or send "
                "/help to see what you can do."
            ),
        )


async def unknown_button(update: Update, context: CouncilContext) -> None:
    query = update.callback_query
    if query is None:
        return
    async with turn(update, context) as tn:
        await stale_button(query, tn.t)


async def bot_membership_changed(update: Update, context: CouncilContext) -> None:
    """A person blocked (or unblocked) the bot in their private chat."""
    change = update.my_chat_member
    if change is None or change.chat.type != change.chat.PRIVATE:
        return
    blocked = change.new_chat_member.status in (ChatMember.BANNED, ChatMember.LEFT)
    runtime = context.runtime
    async with runtime.sessions() as session, session.begin():
        await people.mark_reachability(
            session, change.from_user.id, runtime.clock(), blocked=blocked
        )


def register(app: CouncilApplication) -> None:
    app.add_handler(ChatMemberHandler(bot_membership_changed, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(MessageHandler(filters.COMMAND, unknown_command))
    app.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & ~filters.COMMAND & ~filters.TEXT, not_text),
    )
    app.add_handler(CallbackQueryHandler(unknown_button))
