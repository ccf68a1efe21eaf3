"""The operator CLI, run in-process as a script would run it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import ConfigError, load_settings
from db.session import DatabaseUrlError, async_url


@pytest.fixture
def sqlite_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ("TELEGRAM_BOT_TOKEN", "COUNCILBOT_BOT_USERNAME", "COUNCILBOT_TIMEZONE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    return tmp_path


def test_council_and_invite_create_print_json(
    sqlite_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["migrate"]) == 0
    capsys.readouterr()
    assert main(["council", "create", "Integrationsrådet i Aarhus", "--json"]) == 0
    council = json.loads(capsys.readouterr().out)
    assert set(council) == {"council_id", "code", "invite_link"}
    assert council["invite_link"] == f"https://t.me/your_bot?start={council['code']}"

    assert (
        main(
            [
                "invite",
                "create",
                "--council",
                str(council["council_id"]),
                "--role",
                "member",
                "--name",
                "Amina Hassan",
                "--json",
            ]
        )
        == 0
    )
    invite = json.loads(capsys.readouterr().out)
    assert invite["role"] == "member" and invite["code"] != council["code"]


def test_bot_username_from_settings_makes_real_links(
    sqlite_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COUNCILBOT_BOT_USERNAME", "@aarhus_council_bot")
    assert main(["council", "create", "Rådet"]) == 0
    out = capsys.readouterr().out
    assert "https://t.me/aarhus_council_bot?start=" in out


def test_operator_mistakes_get_one_line(
    sqlite_env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["council", "create", "Rådet", "--timezone", "Mars/Olympus"]) == 2
    assert main(["invite", "create", "--council", "99", "--role", "member"]) == 2
    assert main(["run"]) == 2
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "not-a-token")
    assert main(["run"]) == 2
    monkeypatch.setenv("DATABASE_URL", "mysql://x/y")
    assert main(["migrate"]) == 2
    errors = [line for line in capsys.readouterr().err.splitlines() if line]
    assert len(errors) == 5
    assert all(line.startswith("councilbot: ") for line in errors)
    assert "Mars/Olympus" in errors[0]
    assert "no council with id 99" in errors[1]
    assert "TELEGRAM_BOT_TOKEN is not set" in errors[2]
    assert "does not look like a bot token" in errors[3]


def test_settings_from_dotenv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COUNCILBOT_TIMEZONE", raising=False)
    (tmp_path / ".env").write_text(
        "COUNCILBOT_TIMEZONE=America/Nuuk\nDATABASE_URL=sqlite:///x.db\n"
    )
    settings = load_settings()
    assert settings.timezone == "America/Nuuk"
    (tmp_path / ".env").write_text("COUNCILBOT_DEFAULT_LANGUAGE=de\n")
    with pytest.raises(ConfigError, match="COUNCILBOT_DEFAULT_LANGUAGE"):
        load_settings()


def test_database_urls_get_async_drivers() -> None:
    assert async_url("sqlite:///councilbot.db").drivername == "sqlite+aiosqlite"
    assert async_url("postgresql://u:p@localhost/db").drivername == "postgresql+asyncpg"
    assert async_url("postgres://u:p@localhost/db").drivername == "postgresql+asyncpg"
    assert async_url("postgresql+asyncpg://u@h/db").drivername == "postgresql+asyncpg"
    with pytest.raises(DatabaseUrlError):
        async_url("mysql://x/y")
    with pytest.raises(DatabaseUrlError):
        async_url("not a url")
