"""Texts shared by several handlers: role names, welcomes, language buttons."""

from __future__ import annotations

from bot import callbacks
from bot.i18n import N_, NATIVE_NAMES, SUPPORTED_LANGUAGES, Translator
from db.models import Role

ROLE_NAMES: dict[Role, str] = {
    Role.MEMBER: N_("member"),
    Role.SUBSTITUTE: N_("substitute (suppleant)"),
    Role.CHAIR: N_("chair (formand)"),
    Role.SECRETARY: N_("secretary (sekretær)"),
}

WELCOMES: dict[Role, str] = {
    Role.MEMBER: N_(
        "You are now a member of {council}. I will send you meeting invitations and reminders, "
        "and you can answer with one tap. You can also ask me how the council works."
    ),
    Role.SUBSTITUTE: N_(
        "You are now a substitute (suppleant) in {council}. I will tell you when you are called "
        "in for a meeting and keep you up to date with the council's work."
    ),
    Role.CHAIR: N_(
        "You are now the chair (formand) of {council}. Besides what members do, you call the "
        "roll at meetings and see who attends."
    ),
    Role.SECRETARY: N_(
        "You are now a secretary (sekretær) of {council}. You invite people, see who is in "
        "the council and who cannot be reached, and plan the meetings."
    ),
}

PRIVACY_NOTICE = N_(
    "Privacy: I keep only your Telegram id, your name, your language, your role, your answers "
    "and the questions you ask me. Only your council's secretary and chair see them."
)


def role_name(t: Translator, role: Role) -> str:
    return t.gettext(ROLE_NAMES[role])


def language_rows(selected: str | None, council_id: int) -> list[list[tuple[str, str]]]:
    """Language buttons with native names, two per row; the pre-selected one is ticked."""
    buttons = [
        (
            f"✓ {NATIVE_NAMES[lang]}" if lang == selected else NATIVE_NAMES[lang],
            callbacks.encode("lang", lang, council_id),
        )
        for lang in SUPPORTED_LANGUAGES
    ]
    return [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
