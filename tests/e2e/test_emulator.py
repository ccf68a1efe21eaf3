"""End to end: the real `councilbot` processes against the telegram-test-api Bot API emulator.

The emulator (npm, `tests/e2e/package.json`) runs on loopback; the bot is started with
`councilbot run` exactly as an operator would, pointed at it by TELEGRAM_API_BASE_URL.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.faq.engine import national_engine
from bot.i18n import RLM, translator
from db.models import Role
from handlers.texts import WELCOMES

E2E_DIR = Path(__file__).resolve().parent
EMULATOR = E2E_DIR / "node_modules" / "telegram-test-api"
TOKEN = "123456789:AAE2eTestTokenForTheEmulator_abcdefghij"
USER_ID = 424242
DEADLINE_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module", autouse=True)
def trained_faq_model() -> None:
    """Train (or load) the FAQ model here first: `councilbot run` then finds it in the shared
    model cache and starts in seconds; training on a fresh machine takes over a minute."""
    national_engine()


@pytest.fixture(scope="module")
def emulator() -> Iterator[str]:
    if not EMULATOR.is_dir() or shutil.which("node") is None:
        pytest.fail("the Bot API emulator is not installed: run `npm ci --prefix tests/e2e`")
    port = free_port()
    process = subprocess.Popen(
        ["node", str(E2E_DIR / "server.js"), str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    assert line.startswith("ready "), f"emulator did not start: {line!r}"
    yield line.split()[1]
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=10)


def post(url: str, payload: dict[str, Any]) -> Any:
    request = urllib.request.Request(
        url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


class EmulatedUser:
    """A Telegram user typing into the emulator's client API."""

    def __init__(self, api_url: str, user_id: int, language_code: str) -> None:
        self.api_url = api_url
        self.user = {
            "id": user_id,
            "is_bot": False,
            "first_name": "Amina",
            "language_code": language_code,
        }
        self.chat = {"id": user_id, "type": "private", "first_name": "Amina"}

    def send(self, text: str) -> None:
        message: dict[str, Any] = {
            "botToken": TOKEN,
            "from": self.user,
            "chat": self.chat,
            "date": int(time.time()),
            "text": text,
        }
        endpoint = "sendMessage"
        if text.startswith("/"):
            message["entities"] = [
                {"type": "bot_command", "offset": 0, "length": len(text.split()[0])}
            ]
            endpoint = "sendCommand"
        post(f"{self.api_url}/{endpoint}", message)

    def press(self, message: dict[str, Any], data: str) -> None:
        post(
            f"{self.api_url}/sendCallback",
            {
                "botToken": TOKEN,
                "from": self.user,
                "data": data,
                "message": {
                    "message_id": message["messageId"],
                    "date": int(time.time()),
                    "chat": self.chat,
                    "text": message["message"].get("text", ""),
                },
            },
        )

    def next_messages(self, count: int = 1) -> list[dict[str, Any]]:
        """Wait (bounded) for the bot's next messages to this chat."""
        received: list[dict[str, Any]] = []
        deadline = time.monotonic() + DEADLINE_SECONDS
        while len(received) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"bot sent {len(received)} of {count} messages in time")
            result = post(
                f"{self.api_url}/getUpdates", {"token": TOKEN, "chatId": self.chat["id"]}
            )
            received.extend(result["result"])
            if len(received) < count:
                time.sleep(0.05)
        return received


def run_cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_onboarding_against_the_emulator(emulator: str, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": emulator,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'e2e.db'}",
        "COUNCILBOT_BOT_USERNAME": "",
    }
    env.pop("COUNCILBOT_BOT_USERNAME")
    created = json.loads(run_cli(env, "council", "create", "Integrationsrådet i Aarhus", "--json"))
    assert created["invite_link"].startswith("https://t.me/TestNameBot?start="), (
        "the invite link names the bot that getMe reports"
    )
    invite = json.loads(
        run_cli(
            env,
            "invite",
            "create",
            "--council",
            str(created["council_id"]),
            "--role",
            "member",
            "--json",
        )
    )

    bot = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        amina = EmulatedUser(emulator, USER_ID, "ar")
        amina.send(f"/start {invite['code']}")
        [question] = amina.next_messages()
        buttons = [
            b for row in question["message"]["reply_markup"]["inline_keyboard"] for b in row
        ]
        assert len(buttons) == 8
        arabic = next(b for b in buttons if b["text"].startswith("✓"))
        assert arabic["text"] == "✓ العربية", "Telegram's language is pre-selected"

        amina.press(question, arabic["callback_data"])
        [welcome] = amina.next_messages()
        t = translator("ar")
        text = welcome["message"]["text"]
        assert text.startswith(RLM) or not text[0].isascii()
        assert t.gettext(WELCOMES[Role.MEMBER]).split("{council}")[0] in text

        amina.send("/help")
        [help_message] = amina.next_messages()
        assert t.gettext("What you can do:") in help_message["message"]["text"]

        amina.send("ما هي مدة عمل المجلس؟")
        [answer] = amina.next_messages()
        assert "Det Nationale Integrationsråd 2023" in answer["message"]["text"]
        assert t.fmt("Source: {source}", source="x").split(":")[0] in answer["message"]["text"]
        didnt_help = answer["message"]["reply_markup"]["inline_keyboard"][0][0]
        assert didnt_help["text"] == t.gettext("This didn't help")

        amina.send("/nonsense")
        [unknown] = amina.next_messages()
        assert "/nonsense" in unknown["message"]["text"]
    finally:
        bot.send_signal(signal.SIGINT)
        output, _ = bot.communicate(timeout=30)
    assert bot.returncode == 0, output
    assert "Traceback" not in output, output
