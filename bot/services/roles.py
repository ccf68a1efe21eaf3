"""Who may do what. Every privileged handler asks `may` before calling a service."""

from __future__ import annotations

import enum

from db.models import Role


class Action(enum.StrEnum):
    INVITE = "invite"
    VIEW_MEMBERS = "members"
    EDIT_FAQ = "faq"


_ALLOWED: dict[Action, frozenset[Role]] = {
    Action.INVITE: frozenset({Role.SECRETARY}),
    Action.VIEW_MEMBERS: frozenset({Role.SECRETARY, Role.CHAIR}),
    Action.EDIT_FAQ: frozenset({Role.SECRETARY}),
}

INVITABLE_ROLES: tuple[Role, ...] = (Role.MEMBER, Role.SUBSTITUTE, Role.CHAIR, Role.SECRETARY)


def may(role: Role | str | None, action: Action) -> bool:
    if role is None:
        return False
    try:
        return Role(role) in _ALLOWED[action]
    except ValueError:
        return False


def parse_role(text: str) -> Role | None:
    try:
        return Role(text.strip().lower())
    except ValueError:
        return None
