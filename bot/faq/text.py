"""Text features for retrieval: normalisation, stop words, Snowball stems and character n-grams.

Snowball has stemmers for Danish, English, Arabic, Turkish and Persian; Ukrainian, Somali and Urdu
get character n-grams only (they carry most of the morphology in any language).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache
from typing import Any

import snowballstemmer

STEM_CACHE_SIZE = 200_000  # distinct words: the store has about 60,000 over all languages
STEMMERS = {"da": "danish", "en": "english", "ar": "arabic", "tr": "turkish", "fa": "persian"}

_COMMON_FOLD = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ؤ": "و",
    "\u200c": " ",  # zero-width non-joiner (Persian, Urdu)
    "\u200d": "",
    "ـ": "",  # tatweel
}
# Arabic keeps its own letters (its Snowball stemmer expects them); Persian and Urdu fold the
# Arabic look-alikes people type on Arabic keyboards into their own letters.
_FOLDS = {
    "ar": str.maketrans({**_COMMON_FOLD, "ی": "ي", "ى": "ي", "ک": "ك", "ۀ": "ة", "ئ": "ي"}),
    "fa": str.maketrans({**_COMMON_FOLD, "ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه"}),
    "ur": str.maketrans(
        {**_COMMON_FOLD, "ي": "ی", "ى": "ی", "ك": "ک", "ة": "ہ", "ه": "ہ", "ۀ": "ہ", "ۃ": "ہ"}
    ),
}
_NO_FOLD: dict[int, int | str | None] = {}
_COMBINING = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0300-\u036f]")
_WORD = re.compile(r"\w+", re.UNICODE)


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOP_WORDS: dict[str, frozenset[str]] = {
    "da": _word_set(
        "af alle at blive bliver da de dem den der det du eller en er et for fra få går gør "
        "ham han har hun hvad hvem hvilke hvilken hvis hvor hvordan hvornår hvorfor i igen ikke "
        "jeg jer kan man med meget mig min mit mon må nogen noget når og også om op os på sig "
        "sin skal skulle som så til ud var ved vi vil være mere mest vores jeres deres der her "
        "gerne bare lige nu egentlig faktisk ok okay ja nej tak"
    ),
    "en": _word_set(
        "a about am an and any are as at be been but by can could do does did for from get "
        "has have how i if in into is it its me my of on or our please should so than that "
        "the their them there they this to us was we what when where which who whom why will "
        "with would you your just tell know want need much many actually really ok okay yes "
        "thanks thank"
    ),
    "ar": _word_set(
        "في من إلى الى على عن ما ماذا متى أين اين كيف هل لماذا كم من هو هي هم أنا انا نحن "
        "أنت انت هذا هذه ذلك تلك التي الذي الذين و أو او ثم لا لم لن إن ان أن كان يكون مع "
        "عند كل بعض أي اي لي لنا لك به بها ممكن يمكن أريد اريد أعرف اعرف اللي الي شي ايش وش "
        "وايش عشان يعني مو وما فيه فيها عندنا عنده كذا هاد هذي هيك ليش شو بدي نريد "
        "اوكي تمام شكرا"
    ),
    "tr": _word_set(
        "ve veya ile bir bu şu o ne neden nasıl nerede ne zaman kim kimin hangi mi mı mu mü "
        "da de ki için gibi daha çok en ben sen biz siz onlar benim bizim var yok olarak "
        "olur olan acaba lütfen sadece bana bize tamam ok okey evet teşekkürler sağol"
    ),
    "uk": _word_set(
        "і й та або але в у на з із до від за про для по як що хто коли де чому скільки який "
        "яка яке які чи це цей ця ці той та я ти ми ви він вона вони мене мені нас нам вас "
        "бути є був була було можна треба мені будь ласка так ні не ж би ок дякую добре"
    ),
    "so": _word_set(
        "iyo ama oo ee ka ku u la soo waa ma maxay maxaa sidee goorma halkee yaa kee kuwee "
        "intee waxaa wax ah aan baan ayaa ayuu ayey ay uu waxay waxaan anigu adiga annaga "
        "idinka iyaga haddii markii mise sida si fadlan haa maya ok mahadsanid"
    ),
    "fa": _word_set(
        "و یا در به از با برای که این آن را تا چه چی چرا چطور چگونه کجا کی چند کدام آیا "
        "است هست نیست بود شد می من تو ما شما او آنها ایشان هم اگر یک لطفا "
        "باید میشه می‌شود میخواهم می‌خواهم دارم اوکی باشه ممنون مرسی"
    ),
    "ur": _word_set(
        "اور یا میں سے کو کا کی کے نے پر تک کیا کیوں کیسے کب کہاں کون کتنا کتنی کتنے "
        "ہے ہیں تھا تھی تھے ہو ہوں یہ وہ ہم آپ مجھے ہمیں ان اس جو بھی تو کہ نہیں ہاں "
        "براہ کرم چاہیے سکتا سکتی سکتے اوکے ٹھیک شکریہ"
    ),
}


def normalise(text: str, language: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _COMBINING.sub("", text)
    return text.translate(_FOLDS.get(language, _NO_FOLD))


@cache
def _folded_stop_words(language: str) -> frozenset[str]:
    return frozenset(normalise(word, language) for word in STOP_WORDS.get(language, frozenset()))


@cache
def _stemmer(language: str) -> Any:
    name = STEMMERS.get(language)
    return snowballstemmer.stemmer(name) if name else None


def words(text: str, language: str) -> list[str]:
    """Content words of a text (normalised, stop words removed)."""
    stop = _folded_stop_words(language)
    return [
        w for w in _WORD.findall(normalise(text, language)) if w not in stop and not w.isdigit()
    ]


def numbers(text: str) -> list[str]:
    return [w for w in _WORD.findall(unicodedata.normalize("NFKC", text)) if w.isdigit()]


@lru_cache(maxsize=STEM_CACHE_SIZE)
def _stem(word: str, language: str) -> str:
    stemmer = _stemmer(language)
    return str(stemmer.stemWord(word)) if stemmer else word


def stems(tokens: Iterable[str], language: str) -> list[str]:
    """Snowball stems (pure Python and slow, so each word is stemmed once per process)."""
    return [_stem(token, language) for token in tokens]


def char_ngrams(tokens: Iterable[str], sizes: tuple[int, ...] = (3, 4, 5)) -> list[str]:
    grams: list[str] = []
    for token in tokens:
        padded = f"<{token}>"
        for size in sizes:
            if len(padded) < size:
                continue
            grams.extend(padded[i : i + size] for i in range(len(padded) - size + 1))
    return grams


def features(text: str, language: str) -> list[str]:
    """The bag of features one text contributes: stems (w:) and character n-grams (c:)."""
    content = words(text, language)
    bag = [f"w:{stem}" for stem in stems(content, language)]
    bag.extend(f"n:{number}" for number in numbers(text))
    bag.extend(f"c:{gram}" for gram in char_ngrams(content))
    return bag


def has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)
