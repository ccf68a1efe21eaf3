"""`/help`: what this person can do, by role, in the council they are working in."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler

from bot.i18n import N_, Translator
from bot.runtime import CouncilApplication, CouncilContext
from bot.services.roles import Action, may
from db.models import Role
from handlers.common import Turn, reply, turn
from handlers.texts import role_name

EVERYONE: list[tuple[str, str]] = [
    ("help", N_("what you can do")),
    ("faq", N_("questions and answers about the council — or just write your question")),
    ("language", N_("change the language")),
]
SEVERAL_COUNCILS = ("council", N_("switch between your councils"))
BY_ACTION: list[tuple[Action, str, str]] = [
    (Action.INVITE, "invite", N_("invite a person to the council")),
    (Action.INVITE, "invites", N_("see and withdraw open invites")),
    (Action.VIEW_MEMBERS, "members", N_("who is in the council, who cannot be reached")),
    (Action.EDIT_FAQ, "faqadd", N_("add an answer to the council's FAQ")),
    (Action.EDIT_FAQ, "faqedit", N_("change an entry of the council's FAQ")),
    (Action.EDIT_FAQ, "faqdel", N_("delete an entry of the council's FAQ")),
]


def commands_for(role: Role | None, several_councils: bool) -> list[tuple[str, str]]:
    """The commands a person with this role sees, as (command, untranslated description)."""
    listed = list(EVERYONE)
    if several_councils:
        listed.append(SEVERAL_COUNCILS)
    for action, command, description in BY_ACTION:
        if may(role, action):
            listed.append((command, description))
    return listed


def command_lines(t: Translator, commands: list[tuple[str, str]]) -> str:
    return "\n".join(f"/{command} — {t.gettext(description)}" for command, description in commands)


def help_text(tn: Turn) -> str:
    t = tn.t
    if tn.membership is None:
        heading = (
            t.gettext("You are in several councils. Use /council to choose one.")
            if tn.memberships
            else t.gettext(
                "You are not in a council yet. Ask your council's secretary for an invite "
                "link and open it here."
            )
        )
    else:
        heading = t.fmt(
            "You are {role} in {council}.",
            role=role_name(t, Role(tn.membership.role)),
            council=tn.membership.council.name,
        )
    commands = commands_for(tn.role, len(tn.memberships) > 1)
    title = t.gettext("What you can do:")
    return f"{heading}\n\n{title}\n{command_lines(t, commands)}"


async def help_command(update: Update, context: CouncilContext) -> None:
    async with turn(update, context) as tn:
        await reply(update, tn.t, help_text(tn))


def register(app: CouncilApplication) -> None:
    app.add_handler(CommandHandler("help", help_command))
