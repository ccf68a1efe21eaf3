"""Services tested directly with a fixed clock and a real database."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from bot.services import councils, invites, people, roster
from bot.services.invites import RedeemOutcome
from bot.services.people import Identity, display_name
from bot.services.roles import Action, may, parse_role
from db import queries
from db.models import NAME_MAX, Role
from db.session import session_factory, transaction


async def test_council_input_is_validated(engine: Any, clock: Any) -> None:
    async with transaction(session_factory(engine)) as session:
        for name, zone, language in [
            ("  ", "Europe/Copenhagen", "da"),
            ("R" * 121, "Europe/Copenhagen", "da"),
            ("Rådet", "Europe/Atlantis", "da"),
            ("Rådet", "Europe/Copenhagen", "de"),
        ]:
            with pytest.raises(councils.CouncilInputError):
                await councils.create_council(
                    session, name=name, timezone=zone, language=language, now=clock.now
                )
        council = await councils.create_council(
            session,
            name="  Integrationsrådet   i Aarhus ",
            timezone="Europe/Copenhagen",
            language="da",
            now=clock.now,
        )
        assert council.name == "Integrationsrådet i Aarhus"
        log = await queries.audit_entries(session, council.id)
        assert [entry.action for entry in log] == ["council.create"]


async def _person(session: Any, user_id: int, now: Any, name: str = "Amina") -> Any:
    return await people.touch_person(session, Identity(user_id, name), now, in_private_chat=True)


async def test_invite_lifecycle(engine: Any, clock: Any) -> None:
    async with transaction(session_factory(engine)) as session:
        council = await councils.create_council(
            session, name="Rådet", timezone="Europe/Copenhagen", language="da", now=clock.now
        )
        secretary = await _person(session, 1, clock.now, "Sekretær")
        await people.add_to_council(
            session, person=secretary, council_id=council.id, role=Role.SECRETARY, now=clock.now
        )
        invite = await invites.create_invite(
            session,
            council_id=council.id,
            role=Role.MEMBER,
            name="Amina",
            now=clock.now,
            created_by=secretary,
            ttl=timedelta(days=2),
        )
        assert invites.CODE_PATTERN.match(invite.code)
        amina = await _person(session, 2, clock.now)
        result = await invites.redeem_invite(
            session, code=invite.code, person=amina, now=clock.now
        )
        assert result.outcome is RedeemOutcome.JOINED and result.role is Role.MEMBER
        again = await invites.redeem_invite(session, code=invite.code, person=amina, now=clock.now)
        assert again.outcome is RedeemOutcome.ALREADY_MEMBER
        stranger = await _person(session, 3, clock.now, "Stranger")
        used = await invites.redeem_invite(
            session, code=invite.code, person=stranger, now=clock.now
        )
        assert used.outcome is RedeemOutcome.USED

        promotion = await invites.create_invite(
            session, council_id=council.id, role=Role.CHAIR, now=clock.now
        )
        changed = await invites.redeem_invite(
            session, code=promotion.code, person=amina, now=clock.now
        )
        assert changed.outcome is RedeemOutcome.ROLE_CHANGED
        membership = await queries.membership(session, council.id, amina.id)
        assert membership is not None and membership.role == Role.CHAIR.value

        late = await invites.create_invite(
            session,
            council_id=council.id,
            role=Role.MEMBER,
            now=clock.now,
            ttl=timedelta(hours=1),
        )
        expired = await invites.redeem_invite(
            session, code=late.code, person=stranger, now=clock.now + timedelta(hours=1)
        )
        assert expired.outcome is RedeemOutcome.EXPIRED

        actions = [entry.action for entry in await queries.audit_entries(session, council.id)]
        assert actions.count("invite.create") == 3
        assert actions.count("membership.set") == 3


async def test_revoking_is_scoped_to_the_council(engine: Any, clock: Any) -> None:
    async with transaction(session_factory(engine)) as session:
        mine = await councils.create_council(
            session, name="Mine", timezone="Europe/Copenhagen", language="da", now=clock.now
        )
        theirs = await councils.create_council(
            session, name="Theirs", timezone="Europe/Copenhagen", language="da", now=clock.now
        )
        actor = await _person(session, 1, clock.now)
        their_invite = await invites.create_invite(
            session, council_id=theirs.id, role=Role.MEMBER, now=clock.now
        )
        assert (
            await invites.revoke_invite(
                session, council_id=mine.id, invite_id=their_invite.id, actor=actor, now=clock.now
            )
            is None
        )
        revoked = await invites.revoke_invite(
            session, council_id=theirs.id, invite_id=their_invite.id, actor=actor, now=clock.now
        )
        assert revoked is not None
        assert (
            await invites.revoke_invite(
                session,
                council_id=theirs.id,
                invite_id=their_invite.id,
                actor=actor,
                now=clock.now,
            )
            is None
        ), "an invite is revoked once"
        result = await invites.redeem_invite(
            session, code=their_invite.code, person=actor, now=clock.now
        )
        assert result.outcome is RedeemOutcome.REVOKED
        assert await invites.open_invites(session, theirs.id, clock.now) == []


async def test_roster_shows_who_cannot_be_reached(engine: Any, clock: Any) -> None:
    async with transaction(session_factory(engine)) as session:
        council = await councils.create_council(
            session, name="Rådet", timezone="Europe/Copenhagen", language="da", now=clock.now
        )
        started = await _person(session, 1, clock.now, "Zeynep")
        never = await people.touch_person(
            session, Identity(2, "Farhan"), clock.now, in_private_chat=False
        )
        blocked = await _person(session, 3, clock.now, "Hodan")
        for person, role in (
            (started, Role.MEMBER),
            (never, Role.SUBSTITUTE),
            (blocked, Role.CHAIR),
        ):
            await people.add_to_council(
                session, person=person, council_id=council.id, role=role, now=clock.now
            )
        await people.mark_reachability(session, 3, clock.now, blocked=True)
        await invites.create_invite(
            session, council_id=council.id, role=Role.MEMBER, name="Jonas", now=clock.now
        )
        result = await roster.council_roster(session, council.id, clock.now)
    assert [(line.name, line.role, line.reach) for line in result.people] == [
        ("Hodan", Role.CHAIR, roster.Reach.BLOCKED),
        ("Zeynep", Role.MEMBER, roster.Reach.OK),
        ("Farhan", Role.SUBSTITUTE, roster.Reach.NEVER_STARTED),
    ]
    assert [(p.name, p.role) for p in result.pending] == [("Jonas", Role.MEMBER)]
    assert len(result.unreachable) == 2


async def test_substitutes_get_an_order(engine: Any, clock: Any) -> None:
    async with transaction(session_factory(engine)) as session:
        council = await councils.create_council(
            session, name="Rådet", timezone="Europe/Copenhagen", language="da", now=clock.now
        )
        orders = []
        for user_id in (1, 2, 3):
            person = await _person(session, user_id, clock.now, f"S{user_id}")
            membership = await people.add_to_council(
                session,
                person=person,
                council_id=council.id,
                role=Role.SUBSTITUTE,
                now=clock.now,
            )
            orders.append(membership.substitute_order)
    assert orders == [1, 2, 3]


def test_display_names() -> None:
    assert display_name(Identity(1, "Amina", "Hassan")) == "Amina Hassan"
    assert display_name(Identity(1, "", None, "amina_h")) == "@amina_h"
    assert display_name(Identity(42, "")) == "#42"
    assert display_name(Identity(1, "  Ahmad \n", "  Rahimi ")) == "Ahmad Rahimi"
    long = display_name(Identity(1, "A" * 200))
    assert len(long) == NAME_MAX and long.endswith("…")


def test_permissions() -> None:
    assert may(Role.SECRETARY, Action.INVITE)
    assert not may(Role.CHAIR, Action.INVITE)
    assert may(Role.CHAIR, Action.VIEW_MEMBERS)
    assert not may(Role.MEMBER, Action.VIEW_MEMBERS)
    assert not may(Role.SUBSTITUTE, Action.VIEW_MEMBERS)
    assert not may(None, Action.VIEW_MEMBERS)
    assert not may("emperor", Action.INVITE)
    assert parse_role(" Member ") is Role.MEMBER
    assert parse_role("formand") is None
