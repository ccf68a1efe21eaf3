"""Which entry a question is about: two linear classifiers per language, averaged.

Each entry's phrasings, the sentences of its answer and its keywords are the training examples of
its class (off-topic phrasings are classes too). A linear SVM over the same features as the index
(stems and character n-grams, TF-IDF) generalises to new wordings much better than nearest-
neighbour matching: on the held-out question set it more than doubles the share of correct
answers (bench/faq_bench.py). A multinomial logistic regression on the same matrix is averaged
in: the two disagree on different questions, and together they answer more questions right and
fewer wrong on the development and held-out sets than either alone.

Training all eight languages (about 70 classes and 26,000 examples) takes a minute or more on
one core, so the trained weights are kept in a cache file (`bot/faq/model_cache.py`) keyed by a
fingerprint of the knowledge store and this code; a start with an unchanged store loads them in
about a second. Nothing is downloaded.
"""

from __future__ import annotations

import math
import re
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

from bot.faq import text
from bot.faq.store import Entry

# The SVM's decision values are turned into a probability-like distribution with this sharpness.
SOFTMAX_SHARPNESS = 10.0
# The SVM's C: lower generalises more, higher fits the phrasings more closely.
REGULARISATION = 1.0
# The logistic regression's C, and its share of the averaged probability. Chosen with the
# engine's threshold on the development sets (bench/faq_bench.py), checked on held-out sets.
LOGISTIC_REGULARISATION = 30.0
LOGISTIC_SHARE = 0.5
_SENTENCE = re.compile(r"(?<=[.!?؟۔])\s+")
MIN_SENTENCE = 15


def training_examples(entry: Entry, language: str) -> list[str]:
    entry_text = entry.texts.get(language)
    if entry_text is None:
        return []
    examples = list(entry_text.questions)
    examples.extend(s for s in _SENTENCE.split(entry_text.answer) if len(s) >= MIN_SENTENCE)
    if entry_text.keywords:
        examples.append(" ".join(entry_text.keywords))
    return examples


@dataclass(frozen=True)
class LanguageModel:
    """One language's trained classifier: its vocabulary, IDF and the two models' weights.

    Weights are features x classes in half precision: they are the biggest part of the
    engine's memory and of the cache file, and every answer on the question sets is the same as
    with single precision (bench/faq_bench.py). `classes` maps their columns to entries."""

    language: str
    features: tuple[str, ...]
    idf: np.ndarray
    classes: np.ndarray
    svm_weights: np.ndarray
    svm_intercept: np.ndarray
    logistic_weights: np.ndarray
    logistic_intercept: np.ndarray
    _position: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:  # the usual way to fill a derived field of a frozen class
        object.__setattr__(self, "_position", {f: i for i, f in enumerate(self.features)})

    def probabilities(self, question: str, size: int) -> np.ndarray:
        positions, values = self._vector(question)
        result = np.zeros(size)
        if not positions:
            return result
        svm = values @ self.svm_weights[positions] + self.svm_intercept
        logistic = values @ self.logistic_weights[positions] + self.logistic_intercept
        mixed = (1 - LOGISTIC_SHARE) * _softmax(SOFTMAX_SHARPNESS * svm)
        mixed += LOGISTIC_SHARE * _softmax(logistic)
        result[self.classes] = mixed
        return result

    def _vector(self, question: str) -> tuple[list[int], np.ndarray]:
        """Sublinear TF-IDF with L2 norm, as the training matrix was built."""
        counts = Counter(text.features(question, self.language))
        known = [(self._position[f], n) for f, n in counts.items() if f in self._position]
        if not known:
            return [], np.zeros(0, dtype=np.float32)
        positions = [p for p, _ in known]
        values = np.array([(1 + math.log(n)) * self.idf[p] for p, n in known], dtype=np.float32)
        return positions, values / np.linalg.norm(values)


def train(entries: Sequence[Entry], language: str) -> LanguageModel:
    samples: list[Counter[str]] = []
    labels: list[int] = []
    for index, entry in enumerate(entries):
        for example in training_examples(entry, language):
            samples.append(Counter(text.features(example, language)))
            labels.append(index)
    vectorizer = DictVectorizer()
    tfidf = TfidfTransformer(sublinear_tf=True)
    matrix = tfidf.fit_transform(vectorizer.fit_transform(samples))
    svm = LinearSVC(C=REGULARISATION, max_iter=10_000)
    logistic = LogisticRegression(C=LOGISTIC_REGULARISATION, max_iter=5_000)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        svm.fit(matrix, labels)
        logistic.fit(matrix, labels)
    return LanguageModel(
        language=language,
        features=tuple(str(f) for f in vectorizer.get_feature_names_out()),
        idf=np.asarray(tfidf.idf_, dtype=np.float32),
        classes=np.asarray(svm.classes_, dtype=np.int32),
        svm_weights=_columns(svm.coef_),
        svm_intercept=np.asarray(svm.intercept_, dtype=np.float32),
        logistic_weights=_columns(logistic.coef_),
        logistic_intercept=np.asarray(logistic.intercept_, dtype=np.float32),
    )


def _columns(coef: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(np.asarray(coef, dtype=np.float16).T)


def _softmax(values: np.ndarray) -> np.ndarray:
    weights = np.exp(values - values.max())
    return weights / weights.sum()


class Classifier:
    def __init__(self, size: int, models: Sequence[LanguageModel]) -> None:
        self.size = size
        self.by_language = {model.language: model for model in models}

    @classmethod
    def trained(cls, entries: Sequence[Entry]) -> Classifier:
        languages = sorted({language for entry in entries for language in entry.texts})
        return cls(len(entries), [train(entries, language) for language in languages])

    def probabilities(self, question: str, language: str) -> np.ndarray:
        model = self.by_language.get(language)
        return model.probabilities(question, self.size) if model else np.zeros(self.size)
