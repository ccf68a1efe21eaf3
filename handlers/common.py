"""What every handler shares: the per-update 'turn' (session, person, language) and replies."""

from __future__ import annotations

import html
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import (
    Bot,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
    User,
)
from telegram.constants import MessageLimit, ParseMode
from telegram.error import BadRequest, Forbidden

from bot.i18n import Translator, resolve_language, translator
from bot.runtime import CouncilContext
from bot.services import people
from db import queries
from db.models import Council, Membership, Person, Role

log = logging.getLogger(__name__)

Keyboard = Sequence[Sequence[tuple[str, str]]]


def identity_of(user: User) -> people.Identity:
    return people.Identity(
        user_id=user.id,
        first_name=user.first_name or "",
        last_name=user.last_name,
        username=user.username,
        language_code=user.language_code,
    )


@dataclass
class Turn:
    """One update's unit of work: an open transaction and who is speaking, in which language."""

    session: AsyncSession
    now: datetime
    person: Person | None
    memberships: list[Membership]
    telegram_language: str | None
    membership: Membership | None = None
    t: Translator = field(init=False)

    def __post_init__(self) -> None:
        self.relocalise()

    @property
    def council(self) -> Council | None:
        return self.membership.council if self.membership else None

    @property
    def role(self) -> Role | None:
        return Role(self.membership.role) if self.membership else None

    def relocalise(self) -> None:
        """Re-resolve the language after a change of person, council or choice."""
        council_language = self.council.language if self.council else None
        if council_language is None and self.memberships:
            council_language = self.memberships[0].council.language
        self.t = translator(
            resolve_language(
                self.person.language if self.person else None,
                council_language,
                self.telegram_language,
            )
        )

    async def refresh_memberships(self) -> None:
        if self.person is None:
            return
        self.memberships = list(await queries.memberships_of(self.session, self.person.id))
        self.membership = people.pick_membership(self.memberships, self.person.current_council_id)
        self.relocalise()


@asynccontextmanager
async def turn(update: Update, context: CouncilContext) -> AsyncIterator[Turn]:
    """Open a transaction for this update and load the speaking person and their council."""
    runtime = context.runtime
    now = runtime.clock()
    user = update.effective_user
    chat = update.effective_chat
    async with runtime.sessions() as session, session.begin():
        person = None
        memberships: list[Membership] = []
        if user is not None and not user.is_bot:
            person = await people.touch_person(
                session,
                identity_of(user),
                now,
                in_private_chat=chat is not None and chat.type == chat.PRIVATE,
            )
            memberships = list(await queries.memberships_of(session, person.id))
        current = people.pick_membership(
            memberships, person.current_council_id if person else None
        )
        yield Turn(
            session=session,
            now=now,
            person=person,
            memberships=memberships,
            telegram_language=user.language_code if user else None,
            membership=current,
        )


def keyboard(rows: Keyboard) -> InlineKeyboardMarkup | None:
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )


def split_message(text: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """Split at line breaks so no part exceeds Telegram's limit (HTML tags kept per line)."""
    if len(text) <= limit:
        return [text]
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            parts.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            parts.append(current)
            current = line
        else:
            current = candidate
    if current:
        parts.append(current)
    return parts


async def send(bot: Bot, chat_id: int, t: Translator, text: str, rows: Keyboard = ()) -> None:
    """Send a message in the reader's language direction; buttons go on the last part."""
    parts = split_message(text)
    for index, part in enumerate(parts):
        await bot.send_message(
            chat_id,
            t.finish(part),
            parse_mode=ParseMode.HTML,
            reply_markup=keyboard(rows) if index == len(parts) - 1 else None,
        )


async def reply(update: Update, t: Translator, text: str, rows: Keyboard = ()) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    await send(update.get_bot(), chat.id, t, text, rows)


async def edit(query: CallbackQuery, t: Translator, text: str, rows: Keyboard = ()) -> None:
    """Replace a button message's text (and buttons); ignore 'message is not modified'."""
    try:
        await query.edit_message_text(
            t.finish(split_message(text)[0]),
            parse_mode=ParseMode.HTML,
            reply_markup=keyboard(rows),
        )
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise


async def stale_button(query: CallbackQuery, t: Translator) -> None:
    """Answer a press whose data is forged, outdated or no longer allowed."""
    await query.answer(
        t.gettext("This button is no longer valid. Send /help to see what you can do."),
        show_alert=True,
    )


def bold(text: str) -> str:
    return f"<b>{html.escape(text)}</b>"


async def send_to_person(
    bot: Bot,
    session: AsyncSession,
    person: Person,
    t: Translator,
    text: str,
    rows: Keyboard = (),
    *,
    now: datetime,
) -> bool:
    """Send to someone other than the speaker; a 403 records that they blocked the bot."""
    try:
        await send(bot, person.telegram_user_id, t, text, rows)
    except Forbidden:
        await people.mark_reachability(session, person.telegram_user_id, now, blocked=True)
        return False
    return True


async def safe_send(bot: Bot, chat_id: int, t: Translator, text: str) -> bool:
    """Send and report whether it arrived; a blocked bot is not an error here."""
    try:
        await send(bot, chat_id, t, text)
    except Forbidden:
        return False
    return True
