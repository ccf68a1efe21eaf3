"""A TF-IDF index over every phrasing of every entry, one sub-index per language.

Each entry contributes, per language, one document per question phrasing, one for its answer and
one for its keywords. The index gives two things:

- *coverage*: the IDF-weighted share of a question's content words that an entry uses at all.
  Words no entry uses ("weather", "parking") are the clearest sign that a question is about
  something else; the engine multiplies the classifier's confidence by it.
- lexical scores for a council's own entries, which are few and change at any time: cosine
  similarity of the question with their documents (best phrasing + answer + keywords), times
  coverage, on the vocabulary and IDF of the national entries.
"""

from __future__ import annotations

import enum
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from bot.faq import text
from bot.faq.store import Entry

FEATURE_WEIGHTS = {"w": 1.0, "n": 1.0, "c": 0.6}


class Kind(enum.IntEnum):
    QUESTION = 0
    ANSWER = 1
    KEYWORDS = 2


# How much each kind of document adds to an entry's similarity.
KIND_WEIGHTS = {Kind.QUESTION: 1.0, Kind.ANSWER: 0.5, Kind.KEYWORDS: 0.5}
COVERAGE_POWER = 1.0
PREFIX = 5  # words sharing their first five letters count as the same word (inflections)


@dataclass(frozen=True)
class Hit:
    entry: Entry
    score: float
    language: str


@dataclass
class Documents:
    """The documents of some entries in one language, before vectorising."""

    size: int
    bags: list[Counter[str]] = field(default_factory=list)
    entry: list[int] = field(default_factory=list)
    kind: list[int] = field(default_factory=list)
    words: list[set[str]] = field(default_factory=list)

    @classmethod
    def of(cls, entries: Sequence[Entry], language: str) -> Documents:
        documents = cls(len(entries), words=[set() for _ in entries])
        for index, entry in enumerate(entries):
            entry_text = entry.texts.get(language)
            if entry_text is None:
                continue
            contents = [(Kind.QUESTION, q) for q in entry_text.questions]
            contents.append((Kind.ANSWER, entry_text.answer))
            if entry_text.keywords:
                contents.append((Kind.KEYWORDS, " ".join(entry_text.keywords)))
            for kind, content in contents:
                documents.bags.append(Counter(text.features(content, language)))
                documents.entry.append(index)
                documents.kind.append(int(kind))
                for word in text.stems(text.words(content, language), language):
                    documents.words[index].add(word)
                    documents.words[index].add(word[:PREFIX])
        return documents


@dataclass
class Vectorised:
    size: int
    matrix: sparse.csr_matrix
    entry: np.ndarray
    kind: np.ndarray
    words: list[set[str]]


class LanguageIndex:
    """The documents of one language, and the vocabulary and IDF they define."""

    def __init__(self, entries: Sequence[Entry], language: str) -> None:
        self.language = language
        documents = Documents.of(entries, language)
        frequency: Counter[str] = Counter()
        for bag in documents.bags:
            frequency.update(bag.keys())
        self.vocabulary = {feature: i for i, feature in enumerate(frequency)}
        count = len(documents.bags)
        self.idf = np.array(
            [math.log((1 + count) / (1 + frequency[f])) + 1 for f in self.vocabulary], dtype=float
        )
        self.max_idf = float(self.idf.max()) if len(self.idf) else 1.0
        # The national entries are ranked by the classifier; only their word sets (for coverage)
        # are kept, not their vectors.
        self.national_words = documents.words
        self.documents = count

    def vectorise(self, documents: Documents) -> Vectorised:
        return Vectorised(
            documents.size,
            self._vectors(documents.bags),
            np.array(documents.entry, dtype=int),
            np.array(documents.kind, dtype=int),
            documents.words,
        )

    def _vectors(self, bags: Sequence[Counter[str]]) -> sparse.csr_matrix:
        rows, cols, values = [], [], []
        for row, bag in enumerate(bags):
            for feature, frequency in bag.items():
                position = self.vocabulary.get(feature)
                if position is None:
                    continue
                rows.append(row)
                cols.append(position)
                weight = FEATURE_WEIGHTS[feature[0]] * (1 + math.log(frequency))
                values.append(weight * self.idf[position])
        matrix = sparse.csr_matrix(
            (values, (rows, cols)), shape=(len(bags), len(self.vocabulary)), dtype=float
        )
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sparse.csr_matrix(sparse.diags(1 / norms) @ matrix)

    def _similarity(self, docs: Vectorised, query: str) -> np.ndarray:
        total = np.zeros(docs.size)
        if not len(docs.entry):
            return total
        vector = self._vectors([Counter(text.features(query, self.language))])
        if vector.nnz == 0:
            return total
        similarity = np.asarray((docs.matrix @ vector.T).todense()).ravel()
        for kind, weight in KIND_WEIGHTS.items():
            mask = docs.kind == int(kind)
            best = np.zeros(docs.size)
            np.maximum.at(best, docs.entry[mask], similarity[mask])
            total += weight * best
        return total / sum(KIND_WEIGHTS.values())

    def _word_idf(self, stem: str) -> float:
        position = self.vocabulary.get(f"w:{stem}")
        return float(self.idf[position]) if position is not None else self.max_idf

    def coverage(self, query: str, docs: Vectorised | None = None) -> np.ndarray:
        entry_words = docs.words if docs is not None else self.national_words
        stems = text.stems(text.words(query, self.language), self.language)
        result = np.zeros(len(entry_words))
        if not stems:
            return result
        weights = [self._word_idf(stem) for stem in stems]
        total = sum(weights)
        for index, known in enumerate(entry_words):
            if known:
                covered = sum(
                    weight
                    for stem, weight in zip(stems, weights, strict=True)
                    if stem in known or (len(stem) > PREFIX and stem[:PREFIX] in known)
                )
                result[index] = covered / total
        return result

    def scores(self, query: str, docs: Vectorised) -> np.ndarray:
        return self._similarity(docs, query) * self.coverage(query, docs) ** COVERAGE_POWER


class Index:
    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries = list(entries)
        languages = sorted({language for entry in self.entries for language in entry.texts})
        self.by_language = {lang: LanguageIndex(self.entries, lang) for lang in languages}

    @property
    def documents(self) -> int:
        return sum(index.documents for index in self.by_language.values())

    def coverage(self, query: str, language: str) -> np.ndarray:
        """Per entry: the IDF-weighted share of the question's words the entry uses."""
        index = self.by_language.get(language)
        return index.coverage(query) if index else np.zeros(len(self.entries))

    def search_extra(
        self, entries: Sequence[Entry], query: str, language: str, limit: int = 1
    ) -> list[Hit]:
        """Score other entries (a council's own) on this index's vocabulary and IDF."""
        index = self.by_language.get(language)
        if index is None or not entries:
            return []
        docs = index.vectorise(Documents.of(entries, language))
        return self._ranked(list(entries), index.scores(query, docs), language, limit)

    @staticmethod
    def _ranked(entries: list[Entry], scores: np.ndarray, language: str, limit: int) -> list[Hit]:
        order = np.argsort(-scores)[:limit]
        return [
            Hit(entries[int(i)], float(scores[int(i)]), language)
            for i in order
            if scores[int(i)] > 0
        ]
