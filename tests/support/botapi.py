"""The offline Bot API with the published spec as referee: any call Telegram would reject fails."""

from __future__ import annotations

import html
import json
import os
import re
from functools import cache
from pathlib import Path
from typing import Any

from bot.offline import ApiCall, OfflineBotApi

SPEC_PATH = Path(
    os.environ.get(
        "COUNCILBOT_BOT_API_SPEC",
        Path(__file__).resolve().parents[3] / "shared" / "telegram-bot-api" / "api.json",
    )
)
_TAG = re.compile(r"<[^>]+>")


class SpecViolation(AssertionError):
    pass


@cache
def spec() -> dict[str, Any]:
    if not SPEC_PATH.is_file():
        raise SpecViolation(f"Bot API spec not found at {SPEC_PATH} (set COUNCILBOT_BOT_API_SPEC)")
    return json.loads(SPEC_PATH.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def visible_length(text: str, parse_mode: str | None) -> int:
    """Length after entity parsing, as Telegram counts it (UTF-16 code units)."""
    if parse_mode == "HTML":
        text = html.unescape(_TAG.sub("", text))
    return len(text.encode("utf-16-le")) // 2


class SpecCheckedBotApi(OfflineBotApi):
    def validate(self, call: ApiCall) -> None:
        methods = spec()["methods"]
        if call.method not in methods:
            raise SpecViolation(f"unknown Bot API method {call.method}")
        fields = {f["name"]: f for f in methods[call.method].get("fields", [])}
        for name in call.params:
            if name not in fields:
                raise SpecViolation(f"{call.method}: unknown parameter {name}")
        for name, field in fields.items():
            if field["required"] and call.params.get(name) in (None, ""):
                raise SpecViolation(f"{call.method}: missing required parameter {name}")
        parse_mode = call.params.get("parse_mode")
        if "text" in call.params and call.method != "answerCallbackQuery":
            length = visible_length(str(call.params["text"]), parse_mode)
            if not 1 <= length <= 4096:
                raise SpecViolation(f"{call.method}: text length {length} not in 1..4096")
        caption = call.params.get("caption")
        if caption is not None and visible_length(str(caption), parse_mode) > 1024:
            raise SpecViolation(f"{call.method}: caption over 1024 characters")
        if call.method == "answerCallbackQuery" and len(str(call.params.get("text", ""))) > 200:
            raise SpecViolation("answerCallbackQuery: text over 200 characters")
        if parse_mode == "HTML" and "text" in call.params:
            _check_html(str(call.params["text"]))
        for button in call.buttons:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= 64:
                raise SpecViolation(f"callback_data {data!r} not 1..64 bytes")
            if not button.get("text"):
                raise SpecViolation("inline button without text")
        if call.method == "setMyCommands":
            for command in call.params["commands"]:
                if not re.fullmatch(r"[a-z0-9_]{1,32}", command["command"]):
                    raise SpecViolation(f"bad command name {command['command']!r}")
                if not 1 <= len(command["description"]) <= 256:
                    raise SpecViolation(f"bad description for {command['command']}")


_ALLOWED_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "a",
    "code",
    "pre",
    "tg-spoiler",
    "blockquote",
    "span",
    "tg-emoji",
}


def _check_html(text: str) -> None:
    """Telegram rejects unknown tags and unbalanced markup; so do we."""
    stack: list[str] = []
    for match in re.finditer(r"<(/?)([a-zA-Z-]+)[^>]*>", text):
        closing, tag = match.group(1) == "/", match.group(2).lower()
        if tag not in _ALLOWED_TAGS:
            raise SpecViolation(f"unsupported HTML tag <{tag}>")
        if closing:
            if not stack or stack.pop() != tag:
                raise SpecViolation(f"unbalanced </{tag}>")
        else:
            stack.append(tag)
    if stack:
        raise SpecViolation(f"unclosed <{stack[-1]}>")
    stripped = re.sub(r"<[^>]+>", "", text)
    if "<" in stripped or ">" in stripped:
        raise SpecViolation("unescaped < or > in HTML text")
