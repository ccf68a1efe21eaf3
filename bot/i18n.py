"""Languages, gettext catalogs and locale-aware formatting.

Catalogs are the committed `.po` files in `locales/`; they are compiled in memory when the bot
starts, so a fresh install needs no build step. A missing or broken catalog raises
`CatalogError`, because gettext would otherwise fall back to English in silence.
"""

from __future__ import annotations

import gettext
import html
import io
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

SUPPORTED_LANGUAGES: tuple[str, ...] = ("da", "en", "ar", "tr", "uk", "so", "fa", "ur")
RTL_LANGUAGES = frozenset({"ar", "fa", "ur"})
FALLBACK_LANGUAGE = "en"
DOMAIN = "messages"

NATIVE_NAMES: Mapping[str, str] = {
    "da": "Dansk",
    "en": "English",
    "ar": "العربية",
    "tr": "Türkçe",
    "uk": "Українська",
    "so": "Soomaali",
    "fa": "فارسی",
    "ur": "اردو",
}

# Telegram sends IETF tags ("en-GB", "pt-br"); some clients send ISO 639-3 codes for Dari/Persian.
_LANGUAGE_ALIASES: Mapping[str, str] = {"prs": "fa", "pes": "fa", "fas": "fa", "per": "fa"}

FSI = "\u2068"  # first strong isolate
PDI = "\u2069"  # pop directional isolate
RLM = "\u200f"  # right-to-left mark


class CatalogError(RuntimeError):
    """A supported language has no usable catalog."""


def N_(message: str) -> str:
    """Mark a constant for extraction; translate it later with `Translator.gettext`."""
    return message


def match_language(code: str | None) -> str | None:
    """Map a Telegram `language_code` (an IETF tag) to a supported language, if any."""
    if not code:
        return None
    primary = code.replace("_", "-").split("-")[0].lower()
    primary = _LANGUAGE_ALIASES.get(primary, primary)
    return primary if primary in SUPPORTED_LANGUAGES else None


def resolve_language(
    person_choice: str | None, council_default: str | None, telegram_code: str | None
) -> str:
    """Locale resolution: person's choice → council default → Telegram language → English."""
    for candidate in (person_choice, council_default, match_language(telegram_code)):
        if candidate in SUPPORTED_LANGUAGES:
            return candidate
    return FALLBACK_LANGUAGE


def locales_dir() -> Path:
    return Path(str(resources.files("locales")))


def _has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def _first_strong_is_rtl(text: str) -> bool | None:
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return None


class Html(str):
    """A string that is already safe HTML and must not be escaped again."""


@dataclass(frozen=True)
class Translator:
    """Everything needed to speak to one reader: their language and its catalog."""

    language: str
    catalog: gettext.NullTranslations

    @property
    def rtl(self) -> bool:
        return self.language in RTL_LANGUAGES

    @property
    def locale(self) -> Locale:
        return Locale.parse(self.language)

    def gettext(self, message: str) -> str:
        return self.catalog.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.catalog.ngettext(singular, plural, n)

    def isolate(self, value: str) -> str:
        """Wrap a value so its direction cannot disturb the surrounding text."""
        if self.rtl or _has_rtl(value):
            return f"{FSI}{value}{PDI}"
        return value

    def value(self, value: object) -> str:
        """Render one interpolated value: numbers localised, text escaped, all isolated."""
        if isinstance(value, Html):
            return str(value)
        if isinstance(value, bool):
            text = str(value)
        elif isinstance(value, int | float):
            text = format_decimal(value, locale=self.language)
        else:
            text = html.escape(str(value), quote=False)
        return self.isolate(text)

    def fmt(self, message: str, /, **values: object) -> str:
        """Translate first, then format with escaped, isolated values."""
        return self.gettext(message).format(**{k: self.value(v) for k, v in values.items()})

    def nfmt(self, singular: str, plural: str, n: int, /, **values: object) -> str:
        values.setdefault("n", n)
        text = self.ngettext(singular, plural, n)
        return text.format(**{k: self.value(v) for k, v in values.items()})

    def datetime(self, moment: datetime, zone: str, fmt: str = "EEEE d MMMM y, HH:mm") -> str:
        """A moment in the council's time zone, in the reader's language."""
        if moment.tzinfo is None:
            raise ValueError("naive datetime; store and pass UTC-aware datetimes")
        return format_datetime(moment, fmt, tzinfo=ZoneInfo(zone), locale=self.language)

    def finish(self, text: str) -> str:
        """Make a whole message read in the right direction in Telegram.

        Telegram lays a message out by its first strong character, so a right-to-left message
        must start with a right-to-left character.
        """
        if self.rtl and _first_strong_is_rtl(text) is not True:
            return RLM + text
        return text


def compile_catalog(po_path: Path) -> gettext.GNUTranslations:
    """Compile one `.po` file in memory; raise CatalogError if it is missing or broken."""
    if not po_path.is_file():
        raise CatalogError(f"catalog missing: {po_path}")
    try:
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=po_path.parent.parent.name, domain=DOMAIN)
    except Exception as exc:
        raise CatalogError(f"catalog unreadable: {po_path}: {exc}") from exc
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@cache
def load_translator(language: str, directory: str | None = None) -> Translator:
    if language not in SUPPORTED_LANGUAGES:
        raise CatalogError(f"unsupported language: {language}")
    base = Path(directory) if directory else locales_dir()
    po_path = base / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    return Translator(language=language, catalog=compile_catalog(po_path))


def load_all() -> dict[str, Translator]:
    """Load every supported catalog; fails loudly at start if one is missing."""
    return {lang: load_translator(lang) for lang in SUPPORTED_LANGUAGES}


def translator(language: str | None) -> Translator:
    return load_translator(language if language in SUPPORTED_LANGUAGES else FALLBACK_LANGUAGE)
