"""The console runs the real application in a terminal: scripted here, as a newcomer would."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from bot.console import run_console
from bot.demo import create_demo
from db.models import Role


def script(lines: list[str]) -> Any:
    feed: Iterator[str] = iter(lines)

    def read(prompt: str) -> str:
        try:
            return next(feed)
        except StopIteration:
            raise EOFError from None

    return read


async def test_demo_council_in_the_console(settings: Any) -> None:
    council_id = await create_demo(settings)
    output: list[str] = []
    await run_console(
        settings,
        council_id,
        Role.SECRETARY,
        "en",
        read=script(["/members", "/invite", "2", "/invites", "/language", "3", "/help", "/quit"]),
        write=output.append,
    )
    screen = "\n".join(output)
    assert "Demo Integrationsråd" in screen
    assert "Hodan Warsame ⚠ blocked the bot" in screen
    assert "Jonas Nielsen — member" in screen
    assert "[1] Member   [2] Substitute (suppleant)" in screen
    assert "https://t.me/councilbot_demo_bot?start=" in screen
    assert "2 open invites:" in screen
    assert "[3] العربية" in screen
    assert "/invite" in output[-1], "help is shown after switching to Arabic"


async def test_console_as_member_in_danish(settings: Any) -> None:
    council_id = await create_demo(settings)
    output: list[str] = []
    await run_console(
        settings,
        council_id,
        Role.MEMBER,
        "da",
        read=script(["/invite", "/help"]),
        write=output.append,
    )
    screen = "\n".join(output)
    assert "Only the council's secretary" not in screen, "shown in Danish, not English"
    assert "/language" in screen
