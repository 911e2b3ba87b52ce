"""People of a record: every mention gathered, forms of one person merged.

Within one record, mentions with the same surname whose given names agree (equal, one an
initial of the other, or one has none) are one person: "Lead Commissioner Sir Derek Myers"
and "Commissioner Myers" are Derek Myers. The person's name is the fullest form, without
honorifics or posts (a given name written out before initials). A bare surname that fits
several people is left with the first.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from functools import lru_cache

from minutebook.extract.attendance import with_breaks
from minutebook.extract.names import NOT_NAMES, Mention, is_given_name, mentions, scan
from minutebook.record import Person


@lru_cache(maxsize=65536)  # the same names come back in every paragraph
def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)).lower()


def _given_agree(a: list[str], b: list[str]) -> bool:
    for x, y in zip(a, b, strict=False):
        x, y = _fold(x.rstrip(".")), _fold(y.rstrip("."))
        if not (x == y or (x[0] == y[0] and (len(x) == 1 or len(y) == 1))):
            return False
    return True


def _fullness(given: list[str], name: str) -> tuple[int, int, int]:
    """How full a form of a name is: a given name written out ("Hubert Gwynne") says more than
    initials ("H. L. Gwynne"), then more given names, then more letters."""
    return sum(len(word.rstrip(".")) > 1 for word in given), len(given), len(name)


def _overrun(mentions: list[Mention]) -> list[Mention]:
    """Mentions cut back to a surname the record names alone elsewhere. Where a name ends a line
    and the next line's words follow it once joined ("Councillor Nordman" / "Standing Policy
    Committee"), the mention runs on ("Nordman Standing"); the surname alone elsewhere ("Moved by
    Councillor Nordman,") and a first word that is no given name show where it ends."""
    alone = {_fold(m.surname) for m in mentions if not m.given}
    cut = []
    for mention in mentions:
        first = mention.given[0] if mention.given else ""
        if len(first) > 2 and _fold(first) in alone and not is_given_name(first):
            form = mention.form[: mention.form.find(first) + len(first)]
            mention = Mention([], first, form, mention.honorific, mention.posts, mention.start, mention.end)
        cut.append(mention)
    return cut


def paragraph_mentions(text: str, line: int, lines: Mapping[int, str] | None) -> list[Mention]:
    """The mentions in a paragraph that begins at `line` of the document's `lines`. A name of three
    words or more may be two names from a list printed one to a line, run together when the lines
    were joined ("Esme Clark" / "Betty Ross"), and three capitalised words that are no one's name
    may be two names ("James Butts" / "Sheila Kuehl"): the paragraph is then read again with its
    line breaks (see `names.mentions`)."""
    found, passed = scan(text)
    found += sponsors(text) if "ponsor" in text else []
    if lines and line and (passed or any(len(mention.given) >= 2 for mention in found)):
        broken = with_breaks(text, line, lines)
        if broken != text:
            return mentions(broken)
    return found


# Legistar's field of a matter's sponsors, council members by surname: "Sponsors: Prince, Noecker and
# Thao". The list runs to the next field (a word and a colon, "Attachments:") or a number.
_SPONSORS = re.compile(r"\bSponsors?\s*:\s*(?P<listed>.+?)(?=\s+[A-Z]\w*:|\s+\d|$)")
_SPONSOR = re.compile(r"(?:[A-Z][\w'’-]+\s+){0,2}[A-Z][\w'’-]+")


def sponsors(text: str) -> list[Mention]:
    """The people a "Sponsors:" field names."""
    found = []
    for match in _SPONSORS.finditer(text):
        for entry in re.split(r"\s*,\s*|\s+and\s+|\s*&\s*", match["listed"].strip(" .")):
            words = entry.split()
            if _SPONSOR.fullmatch(entry) and not any(word.lower() in NOT_NAMES for word in words):
                found.append(Mention(words[:-1], words[-1], entry, start=match.start("listed")))
    return found


# A word as `_written_lower` bounds one: a run of letters and apostrophes.
_WORD_RUN = re.compile(r"(?:[^\W\d_]|['’])+")


def _written_lower(word: str, text: str) -> bool:
    """Whether `text` holds `word` (in lower case) as a word of its own, not inside another
    ("blacksmith" holds no "smith", "cross-party" a "cross"): a search for the letters, then a look
    at either side."""
    at = text.find(word)
    while at >= 0:
        before = text[at - 1] if at else " "
        after = text[at + len(word) : at + len(word) + 1] or " "
        if not (before.isalpha() or before in "'’") and not (after.isalpha() or after in "'’"):
            return True
        at = text.find(word, at + 1)
    return False


def common_words_as_names(found: list[Mention], text: str) -> list[Mention]:
    """`found` without "names" made of a word the document also writes in lower case, as a word of
    its own. Untitled: "Govan Letter", "Spring Term", "Key Documents" pair a word that may be a given
    name with a common noun ("the letter", "this term"); a surname is not written in lower case, and
    one a title or a post confirms elsewhere ("Cllr Green") is kept. Titled, a word alone, named
    once: "Councillor Responsible", "Commissioner Decision", "Council Member Appointed" are a post
    and the next word of a sentence; a member is named by title more than once ("Cllr Read")."""
    confirmed = {m.surname for m in found if m.honorific or m.posts or m.form != m.name}
    times = Counter(m.surname for m in found)
    lone = {m.surname for m in found if not m.given and times[m.surname] == 1}
    doubtful = {m.surname.lower() for m in found if m.surname not in confirmed or m.surname in lone}
    # The text's words are gathered once: searching the whole text for each doubtful word made
    # this step grow with words x text (quadratic in a long document's size; benchmarks/growth.py).
    own_words = set(_WORD_RUN.findall(text)) if len(doubtful) > 8 else None
    common = {
        word
        for word in doubtful
        if (
            word in own_words
            if own_words is not None and _WORD_RUN.fullmatch(word)
            else _written_lower(word, text)
        )
    }
    return [
        m
        for m in found
        if m.surname.lower() not in common or (m.surname in confirmed and m.surname not in lone)
    ]


def merge(mentions: list[Mention]) -> list[Person]:
    people: list[tuple[Person, list[str], str]] = []  # person, given names, surname (folded)
    by_surname: dict[str, list[tuple[Person, list[str], str]]] = {}  # only namesakes are compared
    for mention in _overrun(mentions):
        surname = _fold(mention.surname)
        namesakes = by_surname.setdefault(surname, [])
        match = next((entry for entry in namesakes if _given_agree(entry[1], mention.given)), None)
        if match is None:
            person = Person(name=mention.name, forms=[], honorific=mention.honorific, posts=[])
            match = (person, list(mention.given), surname)
            people.append(match)
            namesakes.append(match)
        person, given, _ = match
        if _fullness(mention.given, mention.name) > _fullness(given, person.name):
            given[:] = mention.given
            person.name = mention.name
        if mention.form not in person.forms:
            person.forms.append(mention.form)
        person.honorific = person.honorific or mention.honorific
        person.posts += [post for post in mention.posts if post not in person.posts]
    return [person for person, _, _ in people]
