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
    "offtopic",
)
OFFTOPIC = "offtopic"


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


def parse_entry(data: dict[str, object], origin: str, *, offtopic: bool = False) -> Entry:
    """One entry from its TOML data. Off-topic entries have phrasings and keywords only."""
    if offtopic:
        data = {
            **data,
            "topic": OFFTOPIC,
            "source": {"publisher": "", "title": ""},
            "text": {
                lang: {"answer": "", **value}
                for lang, value in dict(data.get("text") or {}).items()  # type: ignore[call-overload]
            },
        }
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
        if (not text.answer and not offtopic) or not text.questions:
            raise StoreError(f"{origin}: empty answer or questions in {lang}")
    return entry


def offtopic_dir() -> Path:
    return Path(str(resources.files("bot") / "knowledge" / "offtopic"))


def load_offtopic(directory: Path | None = None) -> list[Entry]:
    """Phrasings of things people ask that are not about the council (weather, tax …)."""
    return _load(directory or offtopic_dir(), offtopic=True)


def load_national(directory: Path | None = None) -> list[Entry]:
    """Every national entry, validated; fails loudly on a broken file."""
    return _load(directory or national_dir(), offtopic=False)


def _load(base: Path, *, offtopic: bool) -> list[Entry]:
    entries = []
    for path in sorted(base.glob("*.toml")):
        with path.open("rb") as handle:
            entry = parse_entry(tomllib.load(handle), path.name, offtopic=offtopic)
        if entry.id != path.stem:
            raise StoreError(f"{path.name}: id {entry.id!r} differs from the file name")
        entries.append(entry)
    if not entries:
        raise StoreError(f"no knowledge entries in {base}")
    return entries
