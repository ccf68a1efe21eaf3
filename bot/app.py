"""The one way the bot is built: in production, in the console and in tests."""

from __future__ import annotations

import logging
from typing import Any

from telegram import BotCommand, BotCommandScopeDefault, Update
from telegram.error import TelegramError
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes
from telegram.request import BaseRequest

from bot.clock import Clock, utc_now
from bot.config import OFFLINE_TOKEN, ConfigError, Settings
from bot.faq.engine import national_engine
from bot.i18n import SUPPORTED_LANGUAGES, load_all, translator
from bot.runtime import RUNTIME_KEY, CouncilApplication, CouncilContext, Runtime, runtime_of
from db.session import create_engine, session_factory
from handlers import register_all
from handlers.help import BY_ACTION, EVERYONE, SEVERAL_COUNCILS

log = logging.getLogger(__name__)

ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.MY_CHAT_MEMBER]


def menu_commands(language: str) -> list[BotCommand]:
    """The command menu, translated; role-specific commands explain themselves when refused."""
    t = translator(language)
    listed = [*EVERYONE, SEVERAL_COUNCILS, *((c, d) for _, c, d in BY_ACTION)]
    return [BotCommand(command, t.gettext(description)[:256]) for command, description in listed]


async def _post_init(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Publish the translated command menu. A failure here must not keep the bot from running."""
    runtime = runtime_of(application)
    bot = application.bot
    national_engine()  # load and index the knowledge store now; a broken entry stops the start
    try:
        await bot.set_my_commands(
            menu_commands(runtime.settings.default_language), scope=BotCommandScopeDefault()
        )
        for language in SUPPORTED_LANGUAGES:
            await bot.set_my_commands(menu_commands(language), language_code=language)
    except TelegramError as exc:
        log.warning("could not set the command menu: %s", exc)


async def _post_shutdown(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    await runtime_of(application).engine.dispose()


def build_application(
    settings: Settings, *, request: BaseRequest | None = None, clock: Clock = utc_now
) -> CouncilApplication:
    """Build the bot. With `request` (tests, console) no network and no token are needed."""
    load_all()  # fail at start, not at the first message, if a catalog is missing
    if settings.has_token:
        token = settings.require_token()
    elif request is not None:
        token = OFFLINE_TOKEN
    else:
        settings.require_token()
        raise ConfigError("unreachable")
    root = settings.telegram_api_base_url
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(f"{root}/bot")
        .base_file_url(f"{root}/file/bot")
        .context_types(ContextTypes(context=CouncilContext))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    else:
        builder = builder.rate_limiter(AIORateLimiter(max_retries=2))  # type: ignore[arg-type]
    application: CouncilApplication = builder.build()
    engine = create_engine(settings.database_url)
    application.bot_data[RUNTIME_KEY] = Runtime(
        settings=settings, engine=engine, sessions=session_factory(engine), clock=clock
    )
    register_all(application)
    return application


async def close_application(application: CouncilApplication) -> None:
    """Release what build_application opened (tests and console call this)."""
    await runtime_of(application).engine.dispose()
