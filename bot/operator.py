"""Operator actions shared by the CLI, the console and the demo: no Telegram involved."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import Clock, utc_now
from bot.config import Settings
from bot.services import councils, invites, people
from db import queries
from db.migrate import upgrade
from db.models import Role
from db.session import create_engine, session_factory, transaction


@dataclass(frozen=True)
class CreatedInvite:
    council_id: int
    code: str
    role: Role
    link: str


class OperatorError(Exception):
    """A problem the operator can fix; printed as one line."""


async def migrated_engine(settings: Settings) -> AsyncEngine:
    engine = create_engine(settings.database_url)
    await upgrade(engine)
    return engine


async def resolve_bot_username(settings: Settings) -> str | None:
    """The bot's @username for deep links: configured, or asked from Telegram, else None."""
    if settings.bot_username:
        return settings.bot_username.lstrip("@")
    if not settings.has_token:
        return None
    from telegram import Bot

    root = settings.telegram_api_base_url
    try:
        async with Bot(
            settings.require_token(), base_url=f"{root}/bot", base_file_url=f"{root}/file/bot"
        ) as bot:
            return bot.username
    except Exception as exc:  # network or token problem: say so, still print a usable code
        raise OperatorError(f"could not ask Telegram for the bot's username: {exc}") from exc


async def create_council(
    settings: Settings,
    name: str,
    timezone: str | None,
    language: str | None,
    clock: Clock = utc_now,
) -> CreatedInvite:
    """Create a council and its first secretary's one-time invite."""
    engine = await migrated_engine(settings)
    try:
        async with transaction(session_factory(engine)) as session:
            now = clock()
            try:
                council = await councils.create_council(
                    session,
                    name=name,
                    timezone=timezone or settings.timezone,
                    language=language or settings.default_language,
                    now=now,
                )
            except councils.CouncilInputError as exc:
                raise OperatorError(str(exc)) from exc
            invite = await invites.create_invite(
                session, council_id=council.id, role=Role.SECRETARY, now=now
            )
    finally:
        await engine.dispose()
    username = await _username_or_placeholder(settings)
    return CreatedInvite(
        council.id, invite.code, Role.SECRETARY, invites.invite_link(username, invite.code)
    )


async def create_invite(
    settings: Settings, council_id: int, role_text: str, name: str | None, clock: Clock = utc_now
) -> CreatedInvite:
    try:
        role = Role(role_text)
    except ValueError as exc:
        raise OperatorError(
            f"unknown role {role_text!r}; use one of {', '.join(r.value for r in Role)}"
        ) from exc
    engine = await migrated_engine(settings)
    try:
        async with transaction(session_factory(engine)) as session:
            if await queries.council_by_id(session, council_id) is None:
                raise OperatorError(f"there is no council with id {council_id}")
            try:
                invite = await invites.create_invite(
                    session, council_id=council_id, role=role, name=name, now=clock()
                )
            except invites.InviteInputError as exc:
                raise OperatorError(str(exc)) from exc
    finally:
        await engine.dispose()
    username = await _username_or_placeholder(settings)
    return CreatedInvite(council_id, invite.code, role, invites.invite_link(username, invite.code))


async def _username_or_placeholder(settings: Settings) -> str | None:
    try:
        return await resolve_bot_username(settings)
    except OperatorError:
        return None


async def add_person(
    engine: AsyncEngine,
    *,
    council_id: int,
    identity: people.Identity,
    role: Role,
    language: str | None,
    started: bool = True,
    blocked: bool = False,
    clock: Clock = utc_now,
) -> None:
    """Put a person straight into a council (console and demo; real people use invites)."""
    async with transaction(session_factory(engine)) as session:
        now = clock()
        if await queries.council_by_id(session, council_id) is None:
            raise OperatorError(f"there is no council with id {council_id}")
        person = await people.touch_person(session, identity, now, in_private_chat=started)
        if language:
            await people.set_language(session, person, language)
        await people.add_to_council(
            session,
            person=person,
            council_id=council_id,
            role=role,
            now=now,
            actor_label="operator",
        )
        if blocked:
            await people.mark_reachability(session, identity.user_id, now, blocked=True)
