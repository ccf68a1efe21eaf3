"""The `councilbot` command: everything an operator or a script needs without a chat."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.config import ConfigError, Settings, load_settings
from bot.i18n import SUPPORTED_LANGUAGES
from bot.operator import CreatedInvite, OperatorError
from db.models import Role
from db.session import DatabaseUrlError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="councilbot", description="Meeting assistant for integration councils."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    commands.add_parser("migrate", help="create or upgrade the database")
    commands.add_parser("run", help="run the bot against Telegram (needs TELEGRAM_BOT_TOKEN)")

    council = commands.add_parser("council", help="manage councils").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    create = council.add_parser("create", help="create a council and a secretary invite")
    create.add_argument("name")
    create.add_argument("--timezone", default=None, help="IANA zone (default from settings)")
    create.add_argument("--language", default=None, choices=SUPPORTED_LANGUAGES)
    create.add_argument("--json", action="store_true", help="print JSON for scripts")

    invite = commands.add_parser("invite", help="manage invites").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    invite_create = invite.add_parser("create", help="create a one-time invite link")
    invite_create.add_argument("--council", type=int, required=True)
    invite_create.add_argument("--role", required=True, choices=[r.value for r in Role])
    invite_create.add_argument("--name", default=None)
    invite_create.add_argument("--json", action="store_true")

    console = commands.add_parser("console", help="chat with the bot in this terminal")
    console.add_argument("--council", type=int, required=True)
    console.add_argument("--as", dest="role", default="secretary", choices=[r.value for r in Role])
    console.add_argument("--lang", default=None, choices=SUPPORTED_LANGUAGES)

    demo = commands.add_parser("demo", help="create a demo council and open the console")
    demo.add_argument("--db", default="councilbot-demo.db", help="SQLite file (recreated)")
    demo.add_argument("--lang", default="en", choices=SUPPORTED_LANGUAGES)
    demo.add_argument("--as", dest="role", default="secretary", choices=[r.value for r in Role])

    faq = commands.add_parser("faq", help="the FAQ from the knowledge store").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    faq_ask = faq.add_parser("ask", help="answer a question (or --batch FILE.jsonl)")
    faq_ask.add_argument("question", nargs="?")
    faq_ask.add_argument(
        "--lang", default=None, choices=SUPPORTED_LANGUAGES, help="reader's language"
    )
    faq_ask.add_argument(
        "--council", type=int, default=None, help="include this council's entries"
    )
    faq_ask.add_argument("--batch", type=Path, default=None, help="JSON lines: question, lang")
    faq_ask.add_argument("--json", action="store_true")
    faq.add_parser(
        "train",
        help="train the classifier now and store it in the model cache (before restarting the "
        "bot after a knowledge update, so that it starts in seconds)",
    )
    faq_eval = faq.add_parser("eval", help="score a question file (lang, question, kind, expect)")
    faq_eval.add_argument("file", type=Path)
    faq_eval.add_argument("--json", action="store_true")
    faq_eval.add_argument("--failures", action="store_true", help="list what went wrong")

    i18n = commands.add_parser("i18n", help="translation catalogs").add_subparsers(
        dest="action", required=True, metavar="ACTION"
    )
    i18n.add_parser("extract", help="collect messages into locales/messages.pot")
    i18n.add_parser("update", help="extract, then merge into every language's .po")
    i18n.add_parser("compile", help="write .mo files (optional: the bot compiles in memory)")
    i18n.add_parser("check", help="fail on untranslated, fuzzy or mismatched entries")
    return parser


def _print_invite(created: CreatedInvite, as_json: bool, with_council: bool) -> None:
    if as_json:
        data: dict[str, object] = {"code": created.code, "invite_link": created.link}
        if with_council:
            data = {"council_id": created.council_id, **data}
        else:
            data["role"] = created.role.value
        print(json.dumps(data))
        return
    if with_council:
        print(f"Council {created.council_id} created.")
    print(f"Invite for a {created.role.value}: {created.link}")
    print(f"(code {created.code}; works once, expires in 14 days)")


def _i18n(action: str) -> int:
    from bot import catalogs

    if action == "extract":
        print(f"{len(catalogs.extract())} messages in {catalogs.template_path()}")
    elif action == "update":
        catalogs.extract()
        for language, missing in catalogs.update().items():
            print(f"{language}: {missing} untranslated")
    elif action == "compile":
        for path in catalogs.compile_all():
            print(path)
    else:
        found = [p for lang in SUPPORTED_LANGUAGES for p in catalogs.problems(lang)]
        for problem in found:
            print(problem)
        print("catalogs complete" if not found else f"{len(found)} problems")
        return 1 if found else 0
    return 0


async def _migrate(settings: Settings) -> None:
    from bot.operator import migrated_engine

    engine = await migrated_engine(settings)
    await engine.dispose()


def _run_bot(settings: Settings) -> None:
    from bot.app import ALLOWED_UPDATES, build_application

    settings.require_token()
    asyncio.run(_migrate(settings))
    application = build_application(settings)
    application.run_polling(allowed_updates=ALLOWED_UPDATES)


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "i18n":
        return _i18n(args.action)
    if args.command == "faq":
        from bot.faq_cli import faq_command

        return faq_command(args)
    if args.command == "demo":
        from bot.demo import create_demo, fresh_sqlite_url

        settings = load_settings(DATABASE_URL=fresh_sqlite_url(Path(args.db)))
        council_id = asyncio.run(create_demo(settings))
        print(f"Demo council {council_id} created in {args.db}.")
        return _console(settings, council_id, Role(args.role), args.lang)
    settings = load_settings()
    if args.command == "migrate":
        asyncio.run(_migrate(settings))
        print("database is up to date")
    elif args.command == "run":
        _run_bot(settings)
    elif args.command == "council":
        from bot.operator import create_council

        created = asyncio.run(create_council(settings, args.name, args.timezone, args.language))
        _print_invite(created, args.json, with_council=True)
    elif args.command == "invite":
        from bot.operator import create_invite

        created = asyncio.run(create_invite(settings, args.council, args.role, args.name))
        _print_invite(created, args.json, with_council=False)
    elif args.command == "console":
        return _console(settings, args.council, Role(args.role), args.lang)
    return 0


def _console(settings: Settings, council_id: int, role: Role, language: str | None) -> int:
    from bot.console import run_console

    asyncio.run(run_console(settings, council_id, role, language))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    for noisy in ("httpx", "apscheduler", "alembic.runtime.migration"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    args = _parser().parse_args(argv)
    try:
        return _dispatch(args)
    except (ConfigError, OperatorError, DatabaseUrlError) as exc:
        print(f"councilbot: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
