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


async def stray_text(update: Update, context: CouncilContext) -> None:
    """Text in a private chat that no conversation expects."""
    async with turn(update, context) as tn:
        if not tn.memberships:
            text = tn.t.gettext(
                "To join a council, open the invite link that your council's secretary sent you."
            )
        else:
            text = tn.t.gettext(
                "I did not understand that. Please use the buttons, or send /help to see what "
                "you can do."
            )
        await reply(update, tn.t, text)


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
        MessageHandler(filters.ChatType.PRIVATE & ~filters.COMMAND & filters.ALL, stray_text),
    )
    app.add_handler(CallbackQueryHandler(unknown_button))
