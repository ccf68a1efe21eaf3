"""A TF-IDF index over every phrasing of every entry, in every language.

Each entry contributes, per language, one document per question phrasing, one for its answer and
one for its keywords. A query is compared with all of them (cosine similarity). An entry's score
combines its best-matching phrasing with how well the answer and the keywords match, so a question
worded unlike any phrasing can still find the entry whose answer talks about the same things.
Documents in another language than the query's count a little less.
"""

from __future__ import annotations

import enum
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from bot.faq import text
from bot.faq.store import Entry

FEATURE_WEIGHTS = {"w": 1.0, "n": 1.0, "c": 0.35}
OTHER_LANGUAGE_FACTOR = 0.8


class Kind(enum.IntEnum):
    QUESTION = 0
    ANSWER = 1
    KEYWORDS = 2


# How much each kind of document adds to an entry's score (the best question counts fully).
KIND_WEIGHTS = {Kind.QUESTION: 1.0, Kind.ANSWER: 1.0, Kind.KEYWORDS: 0.5}
# Confidence = similarity x coverage^COVERAGE_POWER, where coverage is the share (by IDF) of the
# question's content words that the entry knows in that language. Words no entry uses at all
# ("weather", "parking") are the strongest sign that a question is about something else.
COVERAGE_POWER = 0.5
PREFIX = 5  # words sharing their first five letters count as the same word (inflections)


@dataclass(frozen=True)
class Doc:
    entry_index: int
    language: str
    kind: Kind


@dataclass(frozen=True)
class Hit:
    entry: Entry
    score: float
    language: str  # language of the best-matching question


class Index:
    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries = list(entries)
        self.docs: list[Doc] = []
        bags: list[Counter[str]] = []

        self.words: dict[tuple[int, str], set[str]] = {}

        def add(entry_index: int, language: str, kind: Kind, content: str) -> None:
            self.docs.append(Doc(entry_index, language, kind))
            bags.append(Counter(text.features(content, language)))
            known = self.words.setdefault((entry_index, language), set())
            for word in text.stems(text.words(content, language), language):
                known.add(word)
                known.add(word[:PREFIX])

        for index, entry in enumerate(self.entries):
            for language, entry_text in entry.texts.items():
                for question in entry_text.questions:
                    add(index, language, Kind.QUESTION, question)
                add(index, language, Kind.ANSWER, entry_text.answer)
                if entry_text.keywords:
                    add(index, language, Kind.KEYWORDS, " ".join(entry_text.keywords))
        document_frequency: Counter[str] = Counter()
        for bag in bags:
            document_frequency.update(bag.keys())
        self.vocabulary = {feature: i for i, feature in enumerate(document_frequency)}
        count = len(bags)
        self.idf = np.zeros(len(self.vocabulary))
        for feature, position in self.vocabulary.items():
            self.idf[position] = math.log((1 + count) / (1 + document_frequency[feature])) + 1
        self.max_idf = float(self.idf.max()) if len(self.idf) else 1.0
        self.matrix = self._vectors(bags)
        self.doc_entry = np.array([d.entry_index for d in self.docs], dtype=int)
        self.doc_kind = np.array([int(d.kind) for d in self.docs], dtype=int)
        self.doc_language = np.array([d.language for d in self.docs])

    def _vectors(self, bags: Sequence[Counter[str]]) -> sparse.csr_matrix:
        rows, cols, values = [], [], []
        for row, bag in enumerate(bags):
            for feature, frequency in bag.items():
                position = self.vocabulary.get(feature)
                if position is None:
                    continue
                weight = FEATURE_WEIGHTS[feature[0]] * (1 + math.log(frequency))
                rows.append(row)
                cols.append(position)
                values.append(weight * self.idf[position])
        matrix = sparse.csr_matrix(
            (values, (rows, cols)), shape=(len(bags), len(self.vocabulary)), dtype=float
        )
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sparse.csr_matrix(sparse.diags(1 / norms) @ matrix)

    def coverage(self, query: str, language: str) -> np.ndarray:
        """Per entry: the IDF-weighted share of the query's content words the entry contains."""
        stems = text.stems(text.words(query, language), language)
        result = np.zeros(len(self.entries))
        if not stems:
            return result
        weights = [self._word_idf(stem) for stem in stems]
        total = sum(weights)
        for index in range(len(self.entries)):
            known = self.words.get((index, language))
            if not known:
                continue
            covered = sum(
                weight
                for stem, weight in zip(stems, weights, strict=True)
                if stem in known or (len(stem) > PREFIX and stem[:PREFIX] in known)
            )
            result[index] = covered / total
        return result

    def _word_idf(self, stem: str) -> float:
        position = self.vocabulary.get(f"w:{stem}")
        return float(self.idf[position]) if position is not None else self.max_idf

    def scores(self, query: str, language: str) -> np.ndarray:
        """Per entry: the confidence that it answers the query."""
        similarity = self.similarity(query, language)
        if COVERAGE_POWER:
            similarity *= self.coverage(query, language) ** COVERAGE_POWER
        return similarity

    def similarity(self, query: str, language: str) -> np.ndarray:
        """Per entry: best question + weighted answer and keyword similarity."""
        total = np.zeros(len(self.entries))
        if not self.docs:
            return total
        vector = self._vectors([Counter(text.features(query, language))])
        if vector.nnz == 0:
            return total
        similarity = np.asarray((self.matrix @ vector.T).todense()).ravel()
        similarity[self.doc_language != language] *= OTHER_LANGUAGE_FACTOR
        for kind, weight in KIND_WEIGHTS.items():
            mask = self.doc_kind == int(kind)
            best = np.zeros(len(self.entries))
            np.maximum.at(best, self.doc_entry[mask], similarity[mask])
            total += weight * best
        return total / sum(KIND_WEIGHTS.values())

    def search(self, query: str, language: str, limit: int = 3) -> list[Hit]:
        """Best entries for a query written in `language`, best first."""
        scores = self.scores(query, language)
        order = np.argsort(-scores)[:limit]
        return [
            Hit(self.entries[int(i)], float(scores[int(i)]), language)
            for i in order
            if scores[int(i)] > 0
        ]
