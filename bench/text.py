"""Sentences, paragraphs and page bodies in each site language, from a seeded random generator.

Text is built word by word from :mod:`bench.words`, so no two paragraphs are alike and
compression behaves as on real prose rather than on repeated filler. Khmer, Thai, Lao and Burmese
put no spaces between words; a space separates sentences only.
"""

from __future__ import annotations

import random

from bench.words import LEXICONS, UNSPACED, Lexicon
from lumbung.errors import LumbungError

SENTENCE_END = {"km": "។", "my": "။", "th": "", "lo": "", "en": ".", "vi": ".", "ms": ".",
                "id": "."}
BURMESE_ENDINGS = ("ခဲ့သည်", "ပါသည်", "နေသည်", "ခဲ့ကြသည်")
ENGLISH_DETERMINERS = ("The", "This", "Each", "One", "Every")


def lexicon(lang: str) -> Lexicon:
    try:
        return LEXICONS[lang]
    except KeyError:
        raise LumbungError(f"no benchmark word list for language '{lang}'; add one to "
                           "bench/words.py") from None


def _sep(lang: str) -> str:
    return "" if lang in UNSPACED else " "


def _digits(lang: str, number: int) -> str:
    table = lexicon(lang).digits
    return "".join(table[int(d)] for d in str(number))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _plural(noun: str) -> str:
    """Naive English plural, good enough for the benchmark vocabulary."""
    irregular = {"child": "children", "data": "data", "consent": "consent"}
    if noun in irregular:
        return irregular[noun]
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    if noun.endswith(("s", "sh", "ch", "x")):
        return noun + "es"
    return noun + "s"


def _fill(template: str, lang: str, rng: random.Random) -> str:
    lex = lexicon(lang)
    year = _digits(lang, rng.randint(2015, 2025))
    return template.format(place=rng.choice(lex.places), year=year,
                           n=_digits(lang, rng.randint(12, 4800)))


def noun_phrase(lang: str, rng: random.Random, *, subject: bool = False) -> str:
    lex = lexicon(lang)
    noun = rng.choice(lex.nouns)
    adjective = rng.choice(lex.adjectives) if rng.random() < 0.7 else ""
    if lang == "en":
        if subject:
            words = [rng.choice(ENGLISH_DETERMINERS), adjective, noun]
        else:
            words = [adjective, _plural(noun)]
        return " ".join(w for w in words if w)
    if lang == "my":  # Burmese: the modifier comes before the noun
        return adjective + noun
    return _sep(lang).join(w for w in (noun, adjective) if w)


def sentence(lang: str, rng: random.Random) -> str:
    """One sentence: who does what to whom, optionally for how many, where or when."""
    lex = lexicon(lang)
    count = _fill(lex.count, lang, rng) if rng.random() < 0.25 else ""
    tail = _fill(rng.choice(lex.tails), lang, rng) if rng.random() < 0.6 else ""
    subject = noun_phrase(lang, rng, subject=True)
    obj = noun_phrase(lang, rng)
    verb = rng.choice(lex.verbs)
    if lang == "my":  # subject-object-verb, with particles
        return (tail + subject + "များသည်" + obj + "ကို" + count + verb
                + rng.choice(BURMESE_ENDINGS) + SENTENCE_END[lang])
    words = [w for w in (subject, verb, obj, count, tail) if w]
    text = _sep(lang).join(words) + SENTENCE_END[lang]
    return text if lang in UNSPACED else _capital(text)


def paragraph(lang: str, rng: random.Random, sentences: tuple[int, int] = (3, 6)) -> str:
    return " ".join(sentence(lang, rng) for _ in range(rng.randint(*sentences)))


def heading(lang: str, rng: random.Random) -> str:
    lex = lexicon(lang)
    phrase = noun_phrase(lang, rng)
    if rng.random() < 0.5:
        phrase += _sep(lang) + _fill(rng.choice(lex.tails), lang, rng)
    return _capital(phrase)


def title(lang: str, rng: random.Random) -> str:
    lex = lexicon(lang)
    words = [noun_phrase(lang, rng), rng.choice(lex.nouns),
             _fill(rng.choice(lex.tails), lang, rng)]
    return _capital(_sep(lang).join(words))


def summary(lang: str, rng: random.Random, limit: int = 300) -> str:
    text = paragraph(lang, rng, (1, 2))
    while len(text) > limit:
        text = sentence(lang, rng)
    return text


def body(lang: str, rng: random.Random, sections: int) -> str:
    """An introduction, then ``sections`` headed sections of paragraphs and the odd list."""
    parts = [paragraph(lang, rng)]
    for _ in range(sections):
        parts.append("## " + heading(lang, rng))
        parts.extend(paragraph(lang, rng) for _ in range(rng.randint(1, 2)))
        if rng.random() < 0.4:
            parts.append("\n".join("- " + sentence(lang, rng) for _ in range(rng.randint(3, 4))))
    return "\n\n".join(parts)
