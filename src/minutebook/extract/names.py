"""Person mentions in a sentence: "Lead Commissioner Sir Derek Myers", "Cllr Read", "Louise Casey".

A mention is either titled (an honorific or an office such as Councillor, Commissioner, Mr,
Dr, Sir, then a name) or untitled, and then it must start with a known given name (from the
`gender-guesser` name list) and end with a surname. Capitalised phrases that contain words
of organisations or places ("Children's Services", "Sheffield City Region") are not people.
A post printed after the name (", Leader of the Labour Group and Council") is kept apart.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


COURTESY = _words(
    """
sir dame baroness baron viscount earl dr doctor professor prof mr mrs ms miss mx lord lady
rev revd reverend councillor councilor councilmember cllr cr father canon
"""
)
_TITLES = (
    "Sir", "Dame", "Baroness", "Baron", "Viscount", "Earl", "Dr", "Doctor", "Professor", "Prof", "Mr", "Mrs",
    "Ms", "Miss", "Mx", "Lord", "Lady", "Revd?", "Reverend", "Councillor", "Councilor", "Councilmember",
    "Cllr", "Cr", "Commissioner", "Mayor", "Alderman", "Alderwoman", "Senator", "Father", "Canon",
    # Offices printed before a name in US minutes: "Council Member Charland", "Boardmember Cameron",
    # "Pastor Stacey Mills". ("Chair" and "Deputy" are not among them: "Bakaysa, Chair Tel:", "Deputy
    # County Attorney" put them before words that are no name.)
    "Council Member", "Councilman", "Councilwoman", "Boardmember", "Board Member", "Trustee", "Selectman",
    "Selectwoman", "Supervisor", "Pastor", "Judge", "President",
)  # fmt: skip
_TITLE_WORD = r"(?:" + "|".join(title.replace(" ", r"\s+") for title in _TITLES) + r")\.?"
_OFFICE_PREFIX = r"(?:(?:Lead|Deputy|Vice|Acting|Interim|Chief|Lord|Assistant)\s+)*"
_INITIALS = r"(?:[A-Z]\.\s?|[A-Z]\s)"
_WORD = r"(?:Mc|Mac|O'|D')?[A-Z][a-zà-ÿ]+(?:-(?:Mc|Mac|O'|D')?[A-Z][a-zà-ÿ]+)?"
# A name: initials and/or words, the last a word (the surname).
# A surname ends the name: whole (no backing off "Williams's" to "William"), possessive or not.
_END = rf"(?>{_WORD})(?:(?=['’]s\b)|(?!['’\w-]))"
_NAME = rf"(?:{_INITIALS}{{1,3}}|{_WORD}\s+){{0,3}}{_END}"
TITLED = re.compile(rf"(?P<office>{_OFFICE_PREFIX})(?P<titles>(?:{_TITLE_WORD}\s+)+)(?P<name>{_NAME})")
# Most paragraphs hold no title word: a look for one (a title's last word, which every titled
# mention holds) spares them the scan.
_TITLE_WORDS = tuple({title.removesuffix("d?").split()[-1] for title in _TITLES})
# Where a titled mention may start: a capital letter opening a word (every title and office does).
_TITLE_START = re.compile(r"\b[A-Z]")
UNTITLED = re.compile(
    rf"(?<![\w'’-])(?P<name>{_WORD}\s+(?:{_WORD}\s+(?={_WORD}))?(?:{_INITIALS}{{1,2}})?{_END})"
)
# Where an untitled mention may start: a word in capitals, then another capitalised word.
_GIVEN_START = re.compile(rf"(?<![\w'’-])(?P<word>{_WORD})\s+(?=[A-Z])")
POST_WORDS = re.compile(
    r"\b(?:Leader|Member|Chair|Chairman|Chairperson|Chairwoman|Director|Manager|Officer|Executive|Clerk|Mayor|"
    r"Commander|Head|Secretary|Treasurer|C(?:h)?athaoirleach|Holder|Lead|Commissioner|Councillor|President|Governor|"
    r"Solicitor|Attorney|Recorder|Auditor|Adviser|Advisor|Co-ordinator|Coordinator|Engineer|Planner|Controller|Constable)\b"
)
POST = re.compile(
    r"^,[^\S\n]*(?P<post>(?:the\s+)?[A-Z][\w'’-]*(?:(?:(?:[^\S\n]+(?:of|for|and|the|&|on))+|,)?[^\S\n]+[A-Z][\w'’-]*)*)"
)  # on the name's line: a list one to a line goes on with the next person, no post

# Applicants and payees named by initials only ("R Lewis", "G and L Davies", "H.L. and A.W. Gwynne"):
# too much like ordinary words in a sentence ("A Level"), so they are taken only where they fill a
# field of their own (see `initialled`). Initials joined by "and" share the surname.
_INITIALLED = re.compile(rf"(?P<initials>{_INITIALS}{{1,3}}(?:(?:and|&)\s+{_INITIALS}{{1,3}})*){_END}")
_FIELD_GAP = re.compile(r"\t|\s{3,}")
# A cell (at the line's start or after a gap) that opens with an initial: a capital, then a full stop
# or a space.
_MAY_INITIALLED = re.compile(r"(?:^|\t|\s{3})\s*[A-Z][.\s]")

NOT_NAMES = _words(
    """
council councils committee commission group panel board service services department street road lane
avenue hall centre center park house square city region county district borough parish town village
church school schools college university police fire trust partnership plan strategy policy report
fund team office ltd limited llp plc inc agency authority forum association society club court act
order way close drive bridge station rail network steel company bank health care hospital library
estate ward union party labour conservative conservatives independents independent government
minutes agenda item items appendix annex recommendation people children young members member public
meeting cabinet chamber scrutiny review chair chairman officer officers director manager executive
leader clerk safeguarding community communities development planning finance budget motion january
february march april may june july august september october november december monday tuesday
wednesday thursday friday saturday sunday the and of for all any this that north south east west new
great resolved agreed action noted proposed seconded present apologies absent christmas easter covid
carried lost passed defeated withdrawn stadium arena regeneration bin schedule announcements
zoom teams online bill grant mark will news weekly daily general election assembly london times
gazette herald post press day attachments co in on at by to an as if it so no his her their our its my your
rd lodge cottage farm port cup principles position bureau distribution please nil conflicts attendance
councillors chairmen vice infrastructure communications marketing financial administration research
operations resources corporate democratic questions adjournment recess approval consent session business
pledge allegiance invocation correspondence reports
"""
) | _words(
    # The head nouns of names of places and organisations: a capitalised word like these after a
    # name-like pair ("Clayton Hotel", "Leon Boulevard", "Merlin Waste", "Starr King School") makes
    # the phrase a place or a firm. General nouns only, never the name of a particular place.
    """
hotel inn arms tavern pub bar restaurant cafe boulevard blvd highway parkway plaza terrace crescent
gardens grove mall market store shop theatre theater museum gallery airport harbour harbor marina
stadium arena academy institute foundation charity corporation corp enterprises holdings partners
associates consulting consultants solutions systems supplies construction contractors motors homes
housing properties developments recycling waste energy utilities management radar statue memorial monument
zone federation league chamber campus clinic surgery pharmacy laboratory lab depot yard mill works
bulletin newsletter magazine journal corridor junction roundabout bypass trail route quarter
"""
)
# Words of NOT_NAMES that are also surnames: after a title ("Councillor Ward") they are names.
SURNAMES = _words(
    "ward hall park house church street lane field bridge court mark grant will bill young green white lodge"
)
# Given names that are also common words at the start of a phrase.
_NOT_GIVEN = _words(
    """
young will may grant chase hope faith joy page bill art major royal summer august april june long
little green white king bishop victoria sterling golden van dean precious justice lincoln
chancellor early rich hunter forest river storm sunny autumn free one
"""
)


@dataclass
class Mention:
    given: list[str]  # given names or initials, as printed
    surname: str
    form: str  # the words as printed, titles included
    honorific: str | None = None
    posts: list[str] = field(default_factory=list)
    start: int = 0
    end: int = 0

    @property
    def name(self) -> str:
        return " ".join([*self.given, self.surname])


@cache
def given_names() -> frozenset[str]:
    """Every given name in gender_guesser's list, lower case. Its detector answers a gender, never
    "unknown", for every name it lists, whatever the country, so being listed is what counts; the
    list is read straight from its data file (30 ms) rather than by building the detector, which
    reads it with `codecs` a line at a time (0.3-0.4 s: most of a small `minutebook parse`)."""
    import gender_guesser.detector

    data = Path(gender_guesser.detector.__file__).with_name("data") / "nam_dict.txt"
    names: set[str] = set()
    for line in data.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and line[0] not in "#=":
            name = line.split()[1].lower()
            # "Ann+Marie" is listed for "Annmarie", "Ann Marie" and "Ann-Marie"
            if "+" in name:
                names.update(name.replace("+", joint) for joint in ("", " ", "-"))
            else:
                names.add(name)
    return frozenset(names)


@lru_cache(maxsize=65536)  # the same few thousand words come back in every meeting
def is_given_name(word: str) -> bool:
    folded = word.lower()
    return folded not in _NOT_GIVEN and folded not in NOT_NAMES and folded in given_names()


def mentions(text: str) -> list[Mention]:
    """Every person mentioned in `text`, in order; titled mentions first claim their words."""
    return scan(text)[0]


def scan(text: str) -> tuple[list[Mention], bool]:
    """The mentions in `text` (see `mentions`), and whether three capitalised words were passed over
    as no name of one person ("James Butts Sheila"): a sign of names one to a line, run together.

    Each pattern is tried only where a mention can start: one scan of the text finds those places,
    so the work grows with the text and its names, not with their product."""
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []
    # Looked for once: a look for each mention reads a paragraph with no line break to its end, every
    # time (quadratic in a long paragraph's size).
    broken = "\n" in text
    position = 0
    for start in _TITLE_START.finditer(text) if any(map(text.__contains__, _TITLE_WORDS)) else ():
        if start.start() < position or not (match := TITLED.match(text, start.start())):
            continue
        match = _within_line(TITLED, match, text, 1) if broken else match
        match = _before_title(match, text) if match else None
        if not match:
            continue
        position = match.end()
        mention = _titled(match, text)
        if mention:
            found.append(mention)
            taken.append((match.start(), match.end()))
    for match in _signatures(text):
        mention = _signed(match, taken)
        if mention:
            found.append(mention)
    position = 0
    passed = False
    for start in _GIVEN_START.finditer(text):
        # An untitled name starts with a given name: most capitalised words are none, and are passed
        # by a lookup instead of a match. A rejected candidate may end in a name ("Councilmember
        # Dan Bostrom"): the next word is tried after it.
        if start.start() < position or not is_given_name(start["word"]):
            continue
        match = UNTITLED.match(text, start.start())
        if match and broken:
            match = _within_line(UNTITLED, match, text, 2)
        mention = _untitled(match, text, taken) if match else None
        if mention and match:
            found.append(mention)
            position = match.end()
        elif match and len(words := match["name"].split()) == 3 and not is_given_name(words[1]):
            passed = True
    return sorted(found, key=lambda m: m.start), passed


# The first words of titles: a name runs up to the next title ("Commissioner Jill Banks Barad-Hopkins"
# / "Commissioner Mia Lehrer", joined).
_TITLE_FIRSTS = frozenset(title.removesuffix("d?").split()[0] for title in _TITLES)


def _before_title(match: re.Match[str], text: str) -> re.Match[str] | None:
    """`match` ended before a title among its name's words."""
    words = list(re.finditer(r"\S+", match["name"]))
    inner = next((w for w in words[1:] if w.group(0).rstrip(".") in _TITLE_FIRSTS), None)
    if inner is None:
        return match
    return TITLED.match(text, match.start(), match.start("name") + inner.start())


def _within_line(
    pattern: re.Pattern[str], match: re.Match[str], text: str, least: int
) -> re.Match[str] | None:
    """`match` cut at a line break where it starts a line and its line holds a name by itself (at
    least `least` words of it): in a list printed one name to a line ("Dr. Ronald Lynn Miller" /
    "Anne Davis"), the next line is the next person. A name wrapped in a sentence ("welcoming Ms.
    Patricia" / "Byrne") does not start its line and goes on over the break."""
    newline = text.find("\n", match.start("name"), match.end())
    if newline < 0:
        return match
    line_start = text.rfind("\n", 0, match.start()) + 1
    if text[line_start : match.start()].strip() or len(text[match.start("name") : newline].split()) < least:
        return match
    return pattern.match(text, match.start(), newline)


# Initials run together and a surname, then a post: "JR Nicholson, Parish Clerk", as a clerk signs a
# notice. The post after the comma is the evidence: "BT Openreach, ..." has none.
# (Not after a letter or a full stop, which `_signatures` checks: a pattern that starts with a
# look-behind is tried at every character, one that starts with capitals only at capitals.)
_SIGNED = re.compile(rf"(?P<initials>[A-Z]{{2,3}})\s+(?P<surname>{_WORD}),\s*(?P<post>[^,.\n]{{3,40}})")


def _signatures(text: str) -> Iterator[re.Match[str]]:
    position = 0
    while match := _SIGNED.search(text, position):
        before = text[match.start() - 1] if match.start() else " "
        if before.isalnum() or before in "_.":
            position = match.start() + 1
            continue
        position = match.end()
        yield match


def _signed(match: re.Match[str], taken: list[tuple[int, int]]) -> Mention | None:
    at = bisect_left(taken, (match.end("surname"), -1)) - 1
    if (at >= 0 and taken[at][1] > match.start()) or match["surname"].lower() in NOT_NAMES:
        return None
    post = POST_WORDS.search(match["post"])
    if not post or post.start() > 20:
        return None
    mention = Mention(
        list(match["initials"]), match["surname"], match.group(0)[: match.end("surname") - match.start()]
    )
    mention.start, mention.end = match.start(), match.end("surname")
    mention.posts = [match["post"][: list(POST_WORDS.finditer(match["post"]))[-1].end()].strip()]
    return mention


def _untitled(match: re.Match[str], text: str, taken: list[tuple[int, int]]) -> Mention | None:
    # `taken` is in order and its spans do not overlap: only the last one starting before the
    # candidate ends can hold part of it, so a search (not a walk) keeps this linear in the names.
    at = bisect_left(taken, (match.end(), -1)) - 1
    if at >= 0 and taken[at][1] > match.start():
        return None
    words = match["name"].split()
    if not is_given_name(words[0]) or any(w.lower().strip(".") in NOT_NAMES for w in words):
        return None
    if len(words) == 3 and len(words[1].rstrip(".")) > 1 and not is_given_name(words[1]):
        return None
    if _inside_capitalised_phrase(text, match.start(), match.end()) or _place(
        text, match.start(), match.end()
    ):
        return None
    mention = Mention(words[:-1], words[-1], match["name"], start=match.start(), end=match.end())
    mention.posts = _post_after(text, match.end())
    return mention


def _titled(match: re.Match[str], text: str) -> Mention | None:
    words = match["name"].split()
    while words and words[-1].lower() in NOT_NAMES - SURNAMES:
        words.pop()
    if not words or len(words[-1].rstrip(".")) < 2 or words[-1].endswith("."):
        return None
    titles = [t.rstrip(".") for t in match["titles"].split()]
    # A knight or dame is named by the given name ("Sir Derek", "Sir Derek Myers"), never the surname
    # alone: "Sir Gaerfyrddin" (Welsh "sir", a county) is no person.
    if {t.lower() for t in titles} <= {"sir", "dame"} and len(words) == 1 and not is_given_name(words[0]):
        return None
    office = match["office"].strip()
    courtesy = [t for t in titles if t.lower() in COURTESY]
    offices = [t for t in titles if t.lower() not in COURTESY]
    posts = [" ".join(filter(None, [office, *offices]))] if office or offices else []
    mention = Mention(
        given=words[:-1],
        surname=words[-1],
        form=match.group(0).strip(),
        honorific=courtesy[0] if courtesy else None,
        posts=posts,
        start=match.start(),
        end=match.end(),
    )
    # Irish minutes tell namesakes apart by an initial after the name: "Councillor Collins (B)".
    initial = re.compile(r"\s*\(([A-Z])\)").match(text, match.end(), match.end() + _AFTER)
    if initial and not mention.given:
        mention.given = [f"{initial.group(1)}."]
        mention.end += initial.end()
    mention.posts += _post_after(text, mention.end)
    return mention


def _post_after(text: str, end: int) -> list[str]:
    match = POST.match(text[end : end + _AFTER])
    if not match:
        return []
    post = re.sub(r"(?:\s+(?:of|for|and|the|&|on)|,)+$", "", match["post"]).strip()
    return [post] if POST_WORDS.search(post) else []


_WORD_BEFORE = re.compile(r"([A-Z][\w'’-]*)[^\S\n]+$")
_WORD_AFTER = re.compile(r"[^\S\n]+([A-Z][\w'’-]*)")


def _inside_capitalised_phrase(text: str, start: int, end: int) -> bool:
    """'Tony Crookes' stands alone; 'Sheffield City Region' or 'Learners First Ltd' continue."""
    # Words on the name's line only: in a list one to a line, the next line is another entry.
    before = _WORD_BEFORE.search(text[max(0, start - _BEFORE) : start])
    after = _WORD_AFTER.match(text, end, end + _AFTER)
    if after and after.group(1).lower() in NOT_NAMES:
        return True
    # A post goes before a name without making a phrase of it: "City Manager Eric Ellis".
    return bool(
        before
        and before.group(1).lower() in NOT_NAMES - {"the", "and", "of", "for"}
        and not POST_WORDS.fullmatch(before.group(1))
    )


# How far around a name its context is read: a bounded window, so that the work for each name does
# not grow with the paragraph (a paragraph of thousands of names stays linear).
_BEFORE = 80
_AFTER = 240


# Words that open the name of a place ("St. Paul", "San Diego", "Fort William", "Mount Pleasant").
_PLACE_OPENER = re.compile(r"(?:St|Ste|Saint|San|Santa|Fort|Ft|Mount|Mt|Lake|Port|Glen|Upper|Lower)\.?")
# An address goes on after a place's name with a postcode ("SA19 7LP", "SW1A 1AA") or a state's
# abbreviation and a ZIP code ("MN 55102"): the words before it are a street or a town.
_ADDRESS_AFTER = re.compile(r",?\s+(?:[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b|[A-Z]{2}\s+\d{5}\b)")


def _place(text: str, start: int, end: int) -> bool:
    """'St. Paul Cuba', 'San Diego California', 'Salem Llandeilo SA19 7LP': a pair of words in the
    name of a place, known by a word that opens place names, or by the postcode after it."""
    first = text[start:end].split()[0]
    before = re.search(r"(\S+)\s+$", text[max(0, start - 12) : start])
    return bool(
        _PLACE_OPENER.fullmatch(first)
        or (before and _PLACE_OPENER.fullmatch(before.group(1)))
        or _ADDRESS_AFTER.match(text, end)
    )


def initialled(line: str) -> list[Mention]:
    """People named by initials and a surname alone in a field of a line: a table cell (cells stand a
    gap apart) or the words before a list entry's first comma ("H.L. and A.W. Gwynne, rent £50")."""
    found: list[Mention] = []
    if not _MAY_INITIALLED.search(line):  # most lines have no cell that opens with an initial
        return found
    for cell in _FIELD_GAP.split(line):
        match = _INITIALLED.fullmatch(cell.partition(",")[0].strip())
        # "A Chomhairleoir, a chara": a lone "A" or "I" is a word, not an initial.
        if (
            match is None
            or match.group(0).split()[-1].lower() in NOT_NAMES
            or match["initials"] in ("A ", "I ")
        ):
            continue
        surname = match.group(0)[match.end("initials") :]
        for initials in re.split(r"\s*(?:\band\b|&)\s*", match["initials"].strip()):
            given = re.findall(r"[A-Z]\.?", initials)
            found.append(Mention(given, surname, f"{initials} {surname}"))
    return found
