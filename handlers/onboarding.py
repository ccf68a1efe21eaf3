"""Joining a council with `/start <code>`, choosing a language, the welcome."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from bot.i18n import N_, NATIVE_NAMES, SUPPORTED_LANGUAGES, match_language
from bot.runtime import CouncilApplication, CouncilContext
from bot.services import invites, people
from bot.services.invites import RedeemOutcome
from db.models import Council, Role
from handlers.buttons import Press, StaleButton, button, register_buttons
from handlers.common import Turn, edit, reply, turn
from handlers.help import help_text
from handlers.texts import PRIVACY_NOTICE, WELCOMES, language_rows, role_name

_REFUSALS = {
    RedeemOutcome.UNKNOWN: N_(
        "This invite link is not valid. Please check that you opened the whole link, or ask "
        "your council's secretary for a new one."
    ),
    RedeemOutcome.EXPIRED: N_(
        "This invite link has expired. Please ask your council's secretary for a new one."
    ),
    RedeemOutcome.USED: N_(
        "This invite link has already been used. Each link works once: please ask your "
        "council's secretary for your own link."
    ),
    RedeemOutcome.REVOKED: N_(
        "This invite link was withdrawn by the council's secretary. Please ask them for a new one."
    ),
}


def preselected_language(tn: Turn) -> str:
    if tn.person is not None and tn.person.language:
        return tn.person.language
    return match_language(tn.telegram_language) or tn.t.language


async def ask_language(update: Update, tn: Turn, council: Council) -> None:
    await reply(
        update,
        tn.t,
        tn.t.fmt(
            "Welcome to {council}! Which language should I use with you?", council=council.name
        ),
        language_rows(preselected_language(tn), council.id),
    )


def welcome_text(tn: Turn, council: Council, role: Role) -> str:
    return "\n\n".join(
        (
            tn.t.gettext(WELCOMES[role]).format(council=tn.t.value(council.name)),
            tn.t.gettext(PRIVACY_NOTICE),
            help_text(tn),
        )
    )


async def start(update: Update, context: CouncilContext) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    async with turn(update, context) as tn:
        if chat.type != chat.PRIVATE:
            await reply(update, tn.t, tn.t.gettext("Please write to me in a private chat."))
            return
        if context.args and tn.person is not None:
            await _join(update, tn, context.args[0])
            return
        if tn.membership is None and not tn.memberships:
            await reply(
                update,
                tn.t,
                tn.t.gettext(
                    "Hello! I am the meeting assistant of integration councils. To join your "
                    "council, open the invite link that your council's secretary sent you."
                ),
            )
            return
        if tn.membership is None:
            await reply(update, tn.t, help_text(tn))
            return
        if tn.person is not None and tn.person.language is None:
            await ask_language(update, tn, tn.membership.council)
            return
        await reply(
            update, tn.t, welcome_text(tn, tn.membership.council, Role(tn.membership.role))
        )


async def _join(update: Update, tn: Turn, code: str) -> None:
    assert tn.person is not None
    result = await invites.redeem_invite(tn.session, code=code, person=tn.person, now=tn.now)
    if result.outcome in _REFUSALS:
        await reply(update, tn.t, tn.t.gettext(_REFUSALS[result.outcome]))
        return
    await tn.refresh_memberships()
    assert result.council is not None and result.role is not None
    if result.outcome is RedeemOutcome.ALREADY_MEMBER:
        await reply(
            update,
            tn.t,
            tn.t.fmt(
                "You are already in {council} as {role}.",
                council=result.council.name,
                role=role_name(tn.t, result.role),
            )
            + "\n\n"
            + help_text(tn),
        )
        return
    await ask_language(update, tn, result.council)


async def language_command(update: Update, context: CouncilContext) -> None:
    async with turn(update, context) as tn:
        await reply(
            update,
            tn.t,
            tn.t.gettext("Which language should I use with you?"),
            language_rows(preselected_language(tn), 0),
        )


@button("lang", 2)
async def language_chosen(press: Press) -> None:
    tn = press.tn
    language, council_id = press.choice(0, SUPPORTED_LANGUAGES), press.number(1)
    if tn.person is None:
        raise StaleButton
    joined = next((m for m in tn.memberships if m.council_id == council_id), None)
    if council_id and joined is None:
        raise StaleButton
    await people.set_language(tn.session, tn.person, language)
    tn.relocalise()
    await press.query.answer(tn.t.fmt("Language: {language}", language=NATIVE_NAMES[language]))
    await edit(
        press.query,
        tn.t,
        tn.t.fmt("I will speak {language} with you.", language=NATIVE_NAMES[language]),
    )
    if joined is not None:
        tn.membership = joined
        await reply(press.update, tn.t, welcome_text(tn, joined.council, Role(joined.role)))


def register(app: CouncilApplication) -> None:
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CommandHandler("language", language_command))
    register_buttons(app, language_chosen)
