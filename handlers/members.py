"""`/members`: the council's people by role, and who cannot be reached."""

from __future__ import annotations

from bot.i18n import N_, Translator
from bot.runtime import CouncilApplication, CouncilContext
from bot.services import roster
from bot.services.roles import Action, may
from bot.services.roster import Reach
from db.models import Role
from handlers.common import Turn, send
from handlers.scope import scoped_command
from handlers.texts import role_name

REACH_NOTES = {
    Reach.BLOCKED: N_("blocked the bot"),
    Reach.NEVER_STARTED: N_("has not opened the bot yet"),
}


def _section_title(t: Translator, role: Role, n: int) -> str:
    titles = {
        Role.CHAIR: t.nfmt("Chair ({n})", "Chairs ({n})", n),
        Role.MEMBER: t.nfmt("Member ({n})", "Members ({n})", n),
        Role.SUBSTITUTE: t.nfmt("Substitute ({n})", "Substitutes ({n})", n),
        Role.SECRETARY: t.nfmt("Secretary ({n})", "Secretaries ({n})", n),
    }
    return f"<b>{titles[role]}</b>"


def roster_text(t: Translator, council_name: str, people: roster.Roster) -> str:
    lines = [f"<b>{t.value(council_name)}</b>"]
    for role in roster.ROLE_ORDER:
        in_role = [line for line in people.people if line.role is role]
        if not in_role:
            continue
        lines.append("")
        lines.append(_section_title(t, role, len(in_role)))
        for line in in_role:
            note = f" ⚠ {t.gettext(REACH_NOTES[line.reach])}" if line.reach in REACH_NOTES else ""
            lines.append(f"• {t.value(line.name)}{note}")
    if people.pending:
        lines.append("")
        pending_title = t.nfmt(
            "Invited, not joined yet ({n})", "Invited, not joined yet ({n})", len(people.pending)
        )
        lines.append(f"<b>{pending_title}</b>")
        for invite in people.pending:
            name = invite.name or t.gettext("(no name)")
            lines.append(f"• {t.value(name)} — {role_name(t, invite.role)}")
    unreachable = len(people.unreachable) + len(people.pending)
    lines.append("")
    if unreachable:
        lines.append(
            t.nfmt(
                "{n} person cannot be reached by the bot yet: please phone them.",
                "{n} people cannot be reached by the bot yet: please phone them.",
                unreachable,
            )
        )
    else:
        lines.append(t.gettext("Everybody can be reached by the bot."))
    return "\n".join(lines)


@scoped_command("members")
async def members_command(
    tn: Turn, context: CouncilContext, chat_id: int, args: list[str]
) -> None:
    if tn.council is None or not may(tn.role, Action.VIEW_MEMBERS):
        await send(
            context.bot,
            chat_id,
            tn.t,
            tn.t.gettext("Only the council's chair or secretary can see the list of members."),
        )
        return
    people = await roster.council_roster(tn.session, tn.council.id, tn.now)
    await send(context.bot, chat_id, tn.t, roster_text(tn.t, tn.council.name, people))


def register(app: CouncilApplication) -> None:
    """The command itself is registered by handlers.scope."""
