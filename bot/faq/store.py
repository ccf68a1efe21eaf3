"""Knowledge entries: national ones shipped as TOML files, council ones from the database."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from bot.i18n import SUPPORTED_LANGUAGES

TOPICS = (
    "law",
    "purpose",
    "appointment",
    "term",
    "composition",
    "elections",
    "consultation",
    "roles",
    "meetings",
    "substitutes",
    "strategy",
    "cooperation",
    "budget",
    "visibility",
    "national-council",
    "good-practice",
    "facts",
    "council",
)


class StoreError(ValueError):
    """An entry file is missing something every entry must have."""


@dataclass(frozen=True)
class Source:
    publisher: str
    title: str
    year: int | None = None
    section: str | None = None

    def line(self) -> str:
        """'Det Nationale Integrationsråd 2023, 'Indblik …', 2.0 …'"""
        head = f"{self.publisher} {self.year}" if self.year else self.publisher
        parts = [head, f"‘{self.title}’"]
        if self.section:
            parts.append(self.section)
        return ", ".join(parts)


@dataclass(frozen=True)
class EntryText:
    answer: str
    questions: tuple[str, ...]
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entry:
    id: str
    topic: str
    source: Source
    texts: dict[str, EntryText] = field(hash=False)
    council_id: int | None = None  # None: a national entry

    def text(self, language: str) -> EntryText | None:
        return self.texts.get(language)


def national_dir() -> Path:
    return Path(str(resources.files("bot") / "knowledge" / "national"))


def parse_entry(data: dict[str, object], origin: str) -> Entry:
    try:
        source = data["source"]
        texts = data["text"]
        assert isinstance(source, dict) and isinstance(texts, dict)
        entry = Entry(
            id=str(data["id"]),
            topic=str(data["topic"]),
            source=Source(
                publisher=str(source["publisher"]),
                title=str(source["title"]),
                year=int(source["year"]) if source.get("year") else None,
                section=str(source["section"]) if source.get("section") else None,
            ),
            texts={
                lang: EntryText(
                    answer=str(value["answer"]).strip(),
                    questions=tuple(str(q).strip() for q in value["questions"]),
                    keywords=tuple(str(k).strip() for k in value.get("keywords", ())),
                )
                for lang, value in texts.items()
            },
        )
    except (KeyError, TypeError, ValueError, AssertionError) as exc:
        raise StoreError(f"{origin}: malformed entry ({exc!r})") from exc
    if entry.topic not in TOPICS:
        raise StoreError(f"{origin}: unknown topic {entry.topic!r}")
    missing = [lang for lang in SUPPORTED_LANGUAGES if lang not in entry.texts]
    if missing:
        raise StoreError(f"{origin}: no text in {', '.join(missing)}")
    for lang, text in entry.texts.items():
        if not text.answer or not text.questions:
            raise StoreError(f"{origin}: empty answer or questions in {lang}")
    return entry


def load_national(directory: Path | None = None) -> list[Entry]:
    """Every national entry, validated; fails loudly on a broken file."""
    base = directory or national_dir()
    entries = []
    for path in sorted(base.glob("*.toml")):
        with path.open("rb") as handle:
            entry = parse_entry(tomllib.load(handle), path.name)
        if entry.id != path.stem:
            raise StoreError(f"{path.name}: id {entry.id!r} differs from the file name")
        entries.append(entry)
    if not entries:
        raise StoreError(f"no knowledge entries in {base}")
    return entries
