"""Short, versioned callback data: `<kind>:<version>:<arg>:<arg>…`, at most 64 bytes.

Every press is decoded here and then checked against the database by its handler; data that does
not decode (forged, truncated, from an older version) is answered with a clear message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

VERSION = "1"
MAX_BYTES = 64
_ARG = re.compile(r"^[A-Za-z0-9_-]{1,48}$")


class CallbackDataError(ValueError):
    pass


@dataclass(frozen=True)
class CallbackData:
    kind: str
    args: tuple[str, ...]

    def int_arg(self, index: int) -> int:
        try:
            return int(self.args[index])
        except (IndexError, ValueError) as exc:
            raise CallbackDataError(f"argument {index} of {self.kind} is not a number") from exc


def encode(kind: str, *args: str | int) -> str:
    parts = [kind, VERSION, *(str(arg) for arg in args)]
    for part in parts[2:]:
        if not _ARG.match(part):
            raise CallbackDataError(f"bad callback argument {part!r}")
    data = ":".join(parts)
    if len(data.encode()) > MAX_BYTES:
        raise CallbackDataError("callback data longer than 64 bytes")
    return data


def decode(data: str | None, kind: str, arity: int) -> CallbackData:
    """Decode data of the given kind and argument count, or raise CallbackDataError."""
    if not data or len(data.encode()) > MAX_BYTES:
        raise CallbackDataError("empty or overlong callback data")
    parts = data.split(":")
    if len(parts) != 2 + arity or parts[0] != kind or parts[1] != VERSION:
        raise CallbackDataError(f"not {kind} v{VERSION} data: {data!r}")
    if not all(_ARG.match(part) for part in parts[2:]):
        raise CallbackDataError(f"malformed callback data: {data!r}")
    return CallbackData(kind, tuple(parts[2:]))


def pattern(kind: str) -> str:
    """Regex for a CallbackQueryHandler: any data of this kind, valid or not."""
    return rf"^{re.escape(kind)}:"
