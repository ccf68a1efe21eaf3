"""A Bot API that lives in-process: answers the bot's requests like Telegram would.

Used by `councilbot console` (so the real application runs without a token or network) and by the
tests (which add validation against the published Bot API spec). It records every call and can be
told to fail the next call the way Telegram does (403 blocked, 429 flood wait, 400 bad request).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import ODVInput
from telegram.request import BaseRequest, RequestData

BOT_USER: dict[str, Any] = {
    "id": 1000001,
    "is_bot": True,
    "first_name": "Councilbot",
    "username": "councilbot_demo_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}

_SEND_METHODS = {"sendMessage", "sendDocument", "sendPhoto"}
_EDIT_METHODS = {"editMessageText", "editMessageReplyMarkup", "editMessageCaption"}


@dataclass
class ApiCall:
    method: str
    params: dict[str, Any]
    message_id: int | None = None  # the message this call created or edited

    @property
    def text(self) -> str:
        return str(self.params.get("text") or self.params.get("caption") or "")

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return int(value) if value is not None else None

    @property
    def buttons(self) -> list[dict[str, Any]]:
        markup = self.params.get("reply_markup") or {}
        if isinstance(markup, str):
            markup = json.loads(markup)
        rows = markup.get("inline_keyboard", []) if isinstance(markup, dict) else []
        return [button for row in rows for button in row]


@dataclass
class Failure:
    status: int
    description: str
    retry_after: int | None = None
    chat_id: int | None = None


@dataclass
class OfflineBotApi(BaseRequest):
    """A fake Telegram Bot API server behind PTB's request interface."""

    bot_user: dict[str, Any] = field(default_factory=lambda: dict(BOT_USER))
    calls: list[ApiCall] = field(default_factory=list)
    on_call: Callable[[ApiCall, dict[str, Any] | None], None] | None = None
    _failures: dict[str, list[Failure]] = field(default_factory=dict)
    _message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    clock: Callable[[], int] = field(default=lambda: 1_790_000_000)

    def __post_init__(self) -> None:
        super().__init__()

    @property
    def read_timeout(self) -> float | None:
        return 5.0

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    def fail_next(
        self,
        method: str,
        status: int,
        description: str,
        *,
        retry_after: int | None = None,
        chat_id: int | None = None,
    ) -> None:
        """Make the next matching call fail as Telegram would."""
        self._failures.setdefault(method, []).append(
            Failure(status, description, retry_after, chat_id)
        )

    def sent(self, chat_id: int | None = None) -> list[ApiCall]:
        """Calls that put text in front of a user (sent or edited messages)."""
        return [
            call
            for call in self.calls
            if call.method in _SEND_METHODS | _EDIT_METHODS
            and (chat_id is None or call.chat_id == chat_id)
        ]

    def validate(self, call: ApiCall) -> None:
        """Hook for subclasses that check calls against the Bot API spec."""

    def _take_failure(self, call: ApiCall) -> Failure | None:
        queue = self._failures.get(call.method, [])
        for index, failure in enumerate(queue):
            if failure.chat_id is None or failure.chat_id == call.chat_id:
                return queue.pop(index)
        return None

    def _message(self, call: ApiCall, message_id: int) -> dict[str, Any]:
        chat_id = call.chat_id or 0
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": self.clock(),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
            "from": {k: self.bot_user[k] for k in ("id", "is_bot", "first_name", "username")},
        }
        if call.method in ("sendDocument", "sendPhoto", "editMessageCaption"):
            message["caption"] = call.params.get("caption", "")
        else:
            message["text"] = call.params.get("text", "")
        if call.params.get("reply_markup"):
            markup = call.params["reply_markup"]
            message["reply_markup"] = json.loads(markup) if isinstance(markup, str) else markup
        return message

    def answer(self, call: ApiCall) -> Any:
        if call.method == "getMe":
            return self.bot_user
        if call.method in _SEND_METHODS:
            return self._message(call, next(self._message_ids))
        if call.method in _EDIT_METHODS:
            return self._message(call, int(call.params.get("message_id", 0)))
        if call.method == "getUpdates":
            return []
        if call.method == "getMyCommands":
            return []
        return True  # answerCallbackQuery, setMyCommands, deleteMessage …

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        call = ApiCall(
            url.rsplit("/", 1)[-1], dict(request_data.parameters) if request_data else {}
        )
        self.validate(call)
        failure = self._take_failure(call)
        if failure is not None:
            body: dict[str, Any] = {
                "ok": False,
                "error_code": failure.status,
                "description": failure.description,
            }
            if failure.retry_after is not None:
                body["parameters"] = {"retry_after": failure.retry_after}
            self.calls.append(call)
            if self.on_call:
                self.on_call(call, None)
            return failure.status, json.dumps(body).encode()
        result = self.answer(call)
        if isinstance(result, dict) and "message_id" in result:
            call.message_id = int(result["message_id"])
        self.calls.append(call)
        if self.on_call:
            self.on_call(call, result if isinstance(result, dict) else None)
        return 200, json.dumps({"ok": True, "result": result}).encode()


@dataclass
class FakeUser:
    """A Telegram user who writes to the bot: builds real update JSON."""

    user_id: int
    first_name: str = "Test"
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    _update_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _message_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def user_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.user_id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        return data

    def _update_id(self) -> int:
        return self.user_id % 100_000 * 1_000_000 + next(self._update_ids)

    def message(self, text: str, *, date: int = 1_790_000_000) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": date,
            "chat": {"id": self.user_id, "type": "private", "first_name": self.first_name},
            "from": self.user_json(),
            "text": text,
        }
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return {"update_id": self._update_id(), "message": message}

    def press(
        self, data: str, *, message_id: int = 1, text: str = "", date: int = 1_790_000_000
    ) -> dict[str, Any]:
        message = {
            "message_id": message_id,
            "date": date,
            "chat": {"id": self.user_id, "type": "private", "first_name": self.first_name},
            "from": {k: BOT_USER[k] for k in ("id", "is_bot", "first_name", "username")},
            "text": text or "…",
        }
        return {
            "update_id": self._update_id(),
            "callback_query": {
                "id": str(self._update_id()),
                "from": self.user_json(),
                "chat_instance": str(self.user_id),
                "data": data,
                "message": message,
            },
        }

    def blocks_bot(self, *, date: int = 1_790_000_000) -> dict[str, Any]:
        return self._my_member_update("member", "kicked", date)

    def unblocks_bot(self, *, date: int = 1_790_000_000) -> dict[str, Any]:
        return self._my_member_update("kicked", "member", date)

    def _my_member_update(self, old: str, new: str, date: int) -> dict[str, Any]:
        bot = {k: BOT_USER[k] for k in ("id", "is_bot", "first_name", "username")}

        def member(status: str) -> dict[str, Any]:
            data: dict[str, Any] = {"status": status, "user": bot}
            if status == "kicked":
                data["until_date"] = 0
            return data

        return {
            "update_id": self._update_id(),
            "my_chat_member": {
                "chat": {"id": self.user_id, "type": "private", "first_name": self.first_name},
                "from": self.user_json(),
                "date": date,
                "old_chat_member": member(old),
                "new_chat_member": member(new),
            },
        }
