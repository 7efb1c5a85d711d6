"""How unlikely a decoded text is to be what a person typed: a check on the code-page detector.

On a file of a few names the detector often cannot tell code pages apart: "Dvořáková" in cp1250 is
"Dvoøáková" in cp1252, "Paweł" is "Pawe³", "Иван" in cp1251 is "Čâíŕ" in cp1250. A wrong reading
gives itself away in two ways that this module counts:

- a symbol inside a word ("Pawe³"): people's names and departments do not hold them;
- letters that no one language writes together: the non-ASCII letters of a real file are those of
  its language ("ř á ý" are Czech), while a wrong code page makes a mix ("ø á ý è" is no language).

The letters are those of the languages whose Windows code pages itfriend reads (``encodings``).
One language per file is assumed, which a mixed directory breaks only a little: its right reading
still mixes fewer languages than a wrong one.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter

# The lower-case non-ASCII letters each language writes (ASCII letters are in all of them).
_ALPHABETS = (
    "àâæçéèêëîïôœùûüÿ",  # French
    "äöüß",  # German
    "áéíñóúü",  # Spanish
    "áâãàçéêíóôõú",  # Portuguese
    "àèéìíîòóù",  # Italian
    "àçéèíïòóúü",  # Catalan
    "áéèëïóöü",  # Dutch
    "åæøé",  # Danish, Norwegian
    "åäöé",  # Swedish, Finnish
    "áéíóúýþæöð",  # Icelandic
    "áčďéěíňóřšťúůýž",  # Czech
    "áäčďéíĺľňóôŕšťúýž",  # Slovak
    "ąćęłńóśźż",  # Polish
    "áéíóöőúüű",  # Hungarian
    "čćđšž",  # Slovenian, Croatian, Bosnian
    "ăâîșțşţ",  # Romanian
    "çğıöşüâî",  # Turkish
    "äöõüšž",  # Estonian
    "āčēģīķļņšūž",  # Latvian
    "ąčęėįšųūž",  # Lithuanian
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",  # Russian
    "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",  # Ukrainian
    "абвгдеёжзійклмнопрстуўфхцчшыьэюя",  # Belarusian
    "абвгдежзийклмнопрстуфхцчшщъьюя",  # Bulgarian
    "абвгдѓежзѕијклљмнњопрстќуфхцчџшђћ",  # Serbian, Macedonian
    "αάβγδεέζηήθιίϊΐκλμνξοόπρσςτυύϋΰφχψωώ",  # Greek
)
_LETTER_SETS = tuple(frozenset(alphabet) for alphabet in _ALPHABETS)
_SYMBOLS = ("Sc", "Sk", "Sm", "So", "No")
_WORD = re.compile(r"[^\W\d_]+")
_CYRILLIC_VOWELS = frozenset("аеёиоуыэюяіїєАЕЁИОУЫЭЮЯІЇЄ")


def implausibility(text: str) -> int:
    """How many signs of a wrong decoding ``text`` shows: 0 reads as words of one language."""
    letters: Counter[str] = Counter()
    signs = 0
    for index, char in enumerate(text):
        if char.isascii():
            continue
        category = unicodedata.category(char)
        if category.startswith("L"):
            letters.update(char.lower())
            # "5€" read in cp1251 is "5Ђ": an amount's sign, not a Cyrillic letter after a digit.
            if index and text[index - 1].isdigit() and _script(char) != "LATIN":
                signs += 1
        elif category in _SYMBOLS and _inside_word(text, index):
            signs += 1
    if not letters:
        return signs
    for word in _WORD.findall(text):
        if not word.isascii():
            signs += _odd_word(word)
    # Combining marks (from "İ".lower()) are no letters of their own.
    letters = Counter({c: n for c, n in letters.items() if not unicodedata.combining(c)})
    return signs + min(
        sum(n for c, n in letters.items() if c not in known) for known in _LETTER_SETS
    )


def _odd_word(word: str) -> int:
    """Signs in one word: letters of two scripts ("Kovбcs"), a capital after a small letter
    ("МбсЯб"), a long Cyrillic word without a vowel ("Рбрбдьрпхлпт", Greek read as Cyrillic),
    or an Icelandic "þ" that is not the first letter ("Ayþe": Turkish "Ayşe")."""
    scripts = {_script(c) for c in word}
    signs = len(scripts) - 1
    signs += sum(
        not c.isascii() and c.isupper() and before.islower()
        for before, c in itertools.pairwise(word)
    )
    if scripts == {"CYRILLIC"} and len(word) >= 4 and not _CYRILLIC_VOWELS.intersection(word):
        signs += 1
    return signs + ("þ" in word[1:].lower())


def _script(char: str) -> str:
    return "LATIN" if char.isascii() else unicodedata.name(char, "?").split(" ", 1)[0]


def _inside_word(text: str, index: int) -> bool:
    """Whether the symbol at ``index`` touches a letter and no digit ("Pawe³", not "5€")."""
    around = text[max(index - 1, 0) : index] + text[index + 1 : index + 2]
    return any(c.isalpha() for c in around) and not any(c.isdigit() for c in around)
