"""`/invite` and `/invites`: secretaries make, list and withdraw invite links."""

from __future__ import annotations

from bot import callbacks
from bot.i18n import Html
from bot.runtime import CouncilApplication, CouncilContext
from bot.services import invites
from bot.services.roles import INVITABLE_ROLES, Action, may, parse_role
from db.models import Invite, Role
from handlers.buttons import Press, StaleButton, button, register_buttons, yes_no
from handlers.common import Turn, edit, send
from handlers.scope import scoped_command
from handlers.texts import role_name


def _only_secretary(tn: Turn) -> str:
    return tn.t.gettext("Only the council's secretary can do this.")


def role_rows(tn: Turn) -> list[list[tuple[str, str]]]:
    return [
        [(role_name(tn.t, role).capitalize(), callbacks.encode("inv", role.value))]
        for role in INVITABLE_ROLES
    ]


def invite_text(tn: Turn, invite: Invite, bot_username: str | None) -> str:
    assert tn.council is not None
    t = tn.t
    who = (
        t.fmt(
            "Invite for {name} as {role}", name=invite.name, role=role_name(t, Role(invite.role))
        )
        if invite.name
        else t.fmt("Invite as {role}", role=role_name(t, Role(invite.role)))
    )
    link = invites.invite_link(bot_username, invite.code)
    return "\n".join(
        (
            f"<b>{who}</b>",
            t.value(link),
            "",
            t.fmt(
                "Send this link to the person. It works once and expires on {date}.",
                date=t.datetime(invite.expires_at, tn.council.timezone, "d MMMM y"),
            ),
        )
    )


@scoped_command("invite")
async def invite_command(tn: Turn, context: CouncilContext, chat_id: int, args: list[str]) -> None:
    t = tn.t
    if not may(tn.role, Action.INVITE):
        await send(context.bot, chat_id, t, _only_secretary(tn))
        return
    if not args:
        question = "\n\n".join(
            (
                t.gettext("Whom do you want to invite?"),
                t.gettext(
                    "Tip: /invite member Amina Hassan puts the name on the invite, so /members "
                    "shows who has not joined yet."
                ),
            )
        )
        await send(context.bot, chat_id, t, question, role_rows(tn))
        return
    role = parse_role(args[0])
    if role is None:
        await send(
            context.bot,
            chat_id,
            t,
            t.gettext(
                "I don't know that role. Use member, substitute, chair or secretary, for "
                "example: /invite member Amina Hassan"
            ),
        )
        return
    try:
        name = invites.clean_invitee_name(" ".join(args[1:]) or None)
    except invites.InviteInputError:
        await send(context.bot, chat_id, t, t.gettext("That name is too long. Please shorten it."))
        return
    await _create_and_show(tn, context, chat_id, role, name)


async def _create_and_show(
    tn: Turn, context: CouncilContext, chat_id: int, role: Role, name: str | None
) -> None:
    assert tn.council is not None
    invite = await invites.create_invite(
        tn.session,
        council_id=tn.council.id,
        role=role,
        name=name,
        created_by=tn.person,
        now=tn.now,
    )
    await send(context.bot, chat_id, tn.t, invite_text(tn, invite, context.bot.username))


@button("inv", 1)
async def invite_role_chosen(press: Press) -> None:
    tn, query = press.tn, press.query
    role = parse_role(press.text(0))
    if role is None or tn.council is None or query.message is None:
        raise StaleButton
    if not may(tn.role, Action.INVITE):
        await query.answer(_only_secretary(tn), show_alert=True)
        return
    await query.answer()
    await edit(query, tn.t, tn.t.fmt("Inviting a {role}.", role=role_name(tn.t, role)))
    await _create_and_show(tn, press.context, query.message.chat.id, role, None)


def _invite_line(tn: Turn, invite: Invite) -> str:
    assert tn.council is not None
    t = tn.t
    return t.fmt(
        "{name} — {role}, until {date}",
        name=invite.name or t.gettext("(no name)"),
        role=role_name(t, Role(invite.role)),
        date=t.datetime(invite.expires_at, tn.council.timezone, "d MMM"),
    )


@scoped_command("invites")
async def invites_command(
    tn: Turn, context: CouncilContext, chat_id: int, args: list[str]
) -> None:
    t = tn.t
    if not may(tn.role, Action.INVITE) or tn.council is None:
        await send(context.bot, chat_id, t, _only_secretary(tn))
        return
    open_invites = await invites.open_invites(tn.session, tn.council.id, tn.now)
    if not open_invites:
        await send(
            context.bot,
            chat_id,
            t,
            t.gettext("There are no open invites. Make one with /invite."),
        )
        return
    lines = [
        t.nfmt("{n} open invite:", "{n} open invites:", len(open_invites)),
        *(f"• {_invite_line(tn, invite)}" for invite in open_invites),
        "",
        t.gettext("Tap an invite to withdraw it."),
    ]
    rows = [
        [
            (
                f"✖ {invite.name or role_name(t, Role(invite.role))}"[:60],
                callbacks.encode("rvk", invite.id, "ask"),
            )
        ]
        for invite in open_invites
    ]
    await send(context.bot, chat_id, t, "\n".join(lines), rows)


@button("rvk", 2)
async def revoke_pressed(press: Press) -> None:
    """Withdraw an invite, after a confirmation step."""
    tn, query, t = press.tn, press.query, press.tn.t
    invite_id, step = press.number(0), press.choice(1, ("ask", "yes", "no"))
    if tn.council is None or tn.person is None or not may(tn.role, Action.INVITE):
        await query.answer(_only_secretary(tn), show_alert=True)
        return
    open_ids = {i.id: i for i in await invites.open_invites(tn.session, tn.council.id, tn.now)}
    invite = open_ids.get(invite_id)
    if invite is None:
        raise StaleButton
    if step == "no":
        await query.answer()
        await edit(query, t, t.gettext("Nothing changed: the invite still works."))
        return
    if step == "ask":
        await query.answer()
        await edit(
            query,
            t,
            t.fmt(
                "Withdraw this invite? The link will stop working.\n{invite}",
                invite=Html(_invite_line(tn, invite)),
            ),
            yes_no("rvk", invite.id, t.gettext("Yes, withdraw"), t.gettext("No, keep it")),
        )
        return
    await invites.revoke_invite(
        tn.session, council_id=tn.council.id, invite_id=invite.id, actor=tn.person, now=tn.now
    )
    await query.answer(t.gettext("Invite withdrawn."))
    await edit(query, t, t.fmt("Withdrawn: {invite}", invite=Html(_invite_line(tn, invite))))


def register(app: CouncilApplication) -> None:
    register_buttons(app, invite_role_chosen, revoke_pressed)
