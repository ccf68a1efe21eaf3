"""Catalog workflow: extract → update → check/compile. Used by `councilbot i18n …`."""

from __future__ import annotations

import string
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from bot.i18n import DOMAIN, FALLBACK_LANGUAGE, SUPPORTED_LANGUAGES

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIRS = ("bot", "handlers")
KEYWORDS = {**DEFAULT_KEYWORDS, "fmt": None, "nfmt": (1, 2)}


def locales_path() -> Path:
    return PROJECT_ROOT / "locales"


def template_path() -> Path:
    return locales_path() / f"{DOMAIN}.pot"


def po_path(language: str) -> Path:
    return locales_path() / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract() -> Catalog:
    """Collect every translatable string from the sources into the template."""
    template = Catalog(project="councilbot", msgid_bugs_address="", fuzzy=False)
    for directory in SOURCE_DIRS:
        for filename, lineno, message, comments, context in extract_from_dir(
            PROJECT_ROOT / directory, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
        ):
            template.add(
                message,
                None,
                [(f"{directory}/{filename}", lineno)],
                auto_comments=comments,
                context=context,
            )
    with template_path().open("wb") as handle:
        write_po(handle, template, width=99, sort_output=True, omit_header=False)
    return template


def _read_template() -> Catalog:
    with template_path().open("rb") as handle:
        return read_po(handle)


def update() -> dict[str, int]:
    """Merge the template into every language; English copies its source text."""
    missing: dict[str, int] = {}
    for language in SUPPORTED_LANGUAGES:
        template = _read_template()  # fresh copy: Catalog.update shares message objects
        path = po_path(language)
        if path.exists():
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=language)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = Catalog(locale=Locale.parse(language), project="councilbot")
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        catalog.fuzzy = False
        if language == FALLBACK_LANGUAGE:
            for message in catalog:
                if message.id and not _translated(message):
                    message.string = message.id
        with path.open("wb") as handle:
            write_po(handle, catalog, width=99, sort_output=True)
        missing[language] = sum(1 for m in catalog if m.id and not _translated(m))
    return missing


def compile_all() -> list[Path]:
    """Write `.mo` files next to the `.po` files (optional: the bot compiles in memory)."""
    written = []
    for language in SUPPORTED_LANGUAGES:
        with po_path(language).open("rb") as handle:
            catalog = read_po(handle, locale=language)
        target = po_path(language).with_suffix(".mo")
        with target.open("wb") as handle:
            write_mo(handle, catalog)
        written.append(target)
    return written


def _translated(message: Message) -> bool:
    if isinstance(message.string, tuple | list):
        return all(message.string)
    return bool(message.string)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@dataclass(frozen=True)
class Problem:
    language: str
    message: str
    reason: str

    def __str__(self) -> str:
        return f"{self.language}: {self.reason}: {self.message[:70]!r}"


def problems(language: str) -> Iterator[Problem]:
    """Untranslated, fuzzy, or placeholder-mismatched entries of one catalog."""
    with po_path(language).open("rb") as handle:
        catalog = read_po(handle, locale=language)
    for message in catalog:
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[0]
        if message.fuzzy:
            yield Problem(language, source, "fuzzy")
        if not _translated(message):
            yield Problem(language, source, "untranslated")
            continue
        if isinstance(message.id, str):
            if placeholders(message.id) != placeholders(str(message.string)):
                yield Problem(language, source, "placeholders differ")
            continue
        allowed = placeholders(message.id[0]) | placeholders(message.id[1])
        required = allowed - {"n"}
        for form in message.string or ():
            found = placeholders(form)
            if not found <= allowed or not required <= found:
                yield Problem(language, source, "placeholders differ in a plural form")
