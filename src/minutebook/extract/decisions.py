"""Decisions in an item's minute paragraphs.

A decision opens with its word — "Resolved: -", "RESOLVED: That…", "Agreed", "Recommended",
"Noted", "It was resolved that…" — or says "is minded to"; the lettered or bracketed points
that follow it ("(a) …", "(b) …") are part of the same decision, not decisions of their own.
Parish minutes put the decision last ("Prop CP, 2nd RC, All agreed"; "… And Resolved");
council minutes print a motion's fate ("CARRIED", "Motion Passed (15 to 0)"). Movers,
seconders and votes are kept where printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from minutebook.extract.appointments import elected
from minutebook.extract.names import mentions
from minutebook.parse.gate import Gated, fold
from minutebook.record import Decision, DecisionKind, Paragraph, Vote

_OPENS = re.compile(
    r"^(?:it\s+was\s+|and\s+|(?:(?:now\s+)?therefore\s+)?be\s+it\s+)?(?:(?:unanimously|duly|further)\s+)?"
    r"(?P<word>resolved|agreed|recommended|noted|decision|voted)\b"
    r"(?:\s+unanimously)?\s*(?:[:.\-–—,]\s*)*",
    re.I,
)
# "The Príomh Chomhairleoir declared Councillor Joe Leddin appointed Chair-Designate"
_DECLARED = re.compile(
    r"\bdeclared\b.{0,80}?\b(?:appointed|co-opted|elected|carried(?!\s+out)|adopted|passed)\b", re.I
)
# "Motion Passed (15 to 0)", "CARRIED", "LOST": the fate of the motion printed above it.
# A motion's fate is the last word of its clause or is followed by how ("unanimously", "by 5 votes",
# "(15 to 0)", "5-0"): "which carried 18 million passengers" and "carried over/from" are other verbs.
_FATE_TAIL = (
    r"(?=\s*(?:$|[.;:,)(\[–—-]|unanimously\b|by\b|with(?:out)?\b|nem\b|on\s+a\b|as\b|and\b|"
    r"\d{1,2}\s*(?:-|–|to|/)\s*\d|(?-i:[A-Z]))|(?-i:\s+[A-Z]))"
)
_FATE = r"(?:carried|passed|lost|defeated|failed)" + _FATE_TAIL
_BARE_RESULT = re.compile(
    r"^(?:(?:the\s+)?(?:main\s+|substantive\s+)?motion\s+(?:was\s+|is\s+)?)?(?P<result>passed|carried|lost|defeated)"
    + _FATE_TAIL
    + r"[^.]{0,30}$",
    re.I,
)
# "Councillor Lawson/Councillor Redstone That an apology ... be accepted": mover/seconder, then motion;
# "A) That the report be received": a lettered part of one.
_MOTION = re.compile(
    r"^(?:(?P<mover>[A-Z][^./]{1,50}?)/(?P<seconder>[A-Z][^./]{1,50}?)\s+)?"
    r"(?=(?:\(?[A-Za-z]\)\s+)?(?i:that|to)\b)"
)
# "MOTION: To approve ...", "Motion - that the Council ...": a motion set out under its label.
_MOTION_OPENS = re.compile(r"^(?:substantive\s+|main\s+)?motion\s*(?:no\.?\s*\d+\s*)?[:\-–—]\s*\S", re.I)
_PART = re.compile(r"^\(?[A-Za-z]\)\s")
# Inside one paragraph that also holds the report's purpose and the debate, the motion opens at a
# capitalised "That" ("... noted. Committee's recommendation Councillors Boag / White That the
# Committee: a. Approve ... Carried"), after the last label that announces one where there is a label.
_MOTION_LABEL = re.compile(
    r"\b(?:(?:committee|council|officer)['’]?s\s+)?(?:recommendations?|resolution|substantive\s+motion)\b"
    r"(?=[^.:;]{0,80}\bThat\b)",
    re.I,
)
_MOTION_THAT = re.compile(r"\bThat\b")
_OUTCOME = re.compile(r"\b" + _FATE, re.I)
# The meeting as one: the words minutes use for the body that decides.
_COLLECTIVE = (
    r"(?i:council|committee|sub-committee|board|commission|panel|cabinet|members|councillors|governors|"
    r"trustees|directors|commissioners|meeting|group|forum|authority|it\s+was)"
)
_CORRECT_RECORD = re.compile(
    r"\b(?:approved?|confirmed?|agreed|accepted|adopted|signed|taken)\b.{0,120}\bas\s+an?\s+(?:correct|true|accurate)\s+"
    r"(?:record|copy)\b|\b(?:were|was|be)\s+an?\s+(?:correct|true|accurate)\s+record\b|"
    r"\bmoved\s+as\s+(?:an?\s+)?(?:correct|true|accurate)\b",
    re.I,
)
_MINDED = re.compile(r"\b(?:is|are|was|were)\s+minded\s+to\b", re.I)
_CLOSES = re.compile(
    r"(?:\b(?:all|unanimously)\s+(?P<agreed>agreed|in\s+agreement)\b|(?:^|[.;,]\s+|\band\s+)(?P<agreed2>agreed)\b|"
    r"\bit\s+was\s+(?:unanimously\s+)?(?:(?P<agreed3>agreed)|resolved)\b|"
    r"^(?:the\s+)?(?:minutes|report|recommendations?)\b[^.]{0,80}\b(?:were|was)\s+(?P<agreed4>agreed|approved)\b|\band\s+(?P<resolved>resolved)\b|"
    r"\b(?:was|were)\s+unanimously\s+(?P<agreed5>approved|agreed)\b|"
    r"\b(?P<carried>carried" + _FATE_TAIL + r"|motion\s+passed|passed\s+unanimously|"
    r"passed\s+\d{1,2}\s*(?:-|–|to)\s*\d{1,2})\b|"
    # "Committee resolved to note the apologies", "The Council agreed to ...": the meeting itself decides;
    # a person who "agreed to" do something takes on an action instead.
    r"(?:^|[.;]\s+)(?:the\s+)?(?:[\w-]+\s+){0,2}?"
    + _COLLECTIVE
    + r"\s+(?:(?:then|also|further|unanimously)\s+)?"
    r"(?:(?P<resolved2>resolved)|(?P<agreed6>agreed))\s*(?:to|that|:|unanimously)\b|"
    r"\b(?:vote\s+(?:taken\s+)?was\s+unanimous|all\s+(?:approve|approved|in\s+favou?r)\b(?!\s*\?))|"
    # "These were presented by the outgoing chair and approved.", "The first Monday in October was agreed":
    # what was decided as the subject; not a decision another body took ("was approved by Council")
    # or one recalled from an earlier meeting.
    r"\b(?:was|were)\s+(?:(?:unanimously|duly|then|also|formally)\s+)?(?:[\w ]{1,40}\s+and\s+)?"
    r"(?P<agreed7>approved|agreed|adopted|accepted|ratified|endorsed)\b"
    r"(?!\s+(?:by\s+(?:the\s+)?(?:full\s+)?(?:council|cabinet|board|government|minister|department|planning)|"
    r"at\s+(?:the|its|a)\s+(?:previous|last|earlier)|in\s+(?:19|20)\d\d|to\b|that\b|with\b)))",
    re.I,
)
# "the Board voted unanimously to approve", "it was unanimously VOTED", "Vote: Unanimous", "Unanimous vote
# recorded": a vote the meeting took, in the words US and Australian minutes use; a pattern of its own,
# tried only where the text says "vote".
_VOTED = re.compile(
    r"\b" + _COLLECTIVE + r"\s+(?:(?:then|also|unanimously)\s+)?voted\s+(?:unanimously\s+)?"
    r"(?:\d{1,2}\s*(?:-|–|to)\s*\d{1,2}\s+)?(?:to|in\s+favou?r)\b|"
    r"\bit\s+was\s+(?:unanimously\s+)?voted\b|"
    r"\bvote\s*[:\-–]\s*(?:unanimous|all\s+(?:in\s+favou?r|ayes?)|\d{1,2}\s*[-–]\s*\d{1,2})\b|"
    r"\bunanimous\s+vote\b",
    re.I,
)
# "Approved 5-0.", "Approved unanimously.", "the Board approved the contract": a motion's fate, or the
# meeting approving as the subject (not one recalled from another year or meeting).
_APPROVED = re.compile(
    r"\b(?:approved|adopted|passed|carried)\s+(?:unanimously|\d{1,2}\s*[-–/]\s*\d{1,2})\b|"
    r"(?:^|[.;,]\s+)(?:the\s+)?(?:[\w-]+\s+){0,2}?"
    + _COLLECTIVE
    + r"\s+(?:(?:then|also|unanimously)\s+)?(?:approved|adopted)\s+"
    r"(?:the|a|an|this|its|all|items?|resolution|ordinance|minutes|consent|motion|agenda)\b(?![^.]{0,60}\b(?:in\s+(?:19|20)\d\d|at\s+(?:its|the|a)\s+(?:last|previous)))",
    re.I,
)
_SUBPOINT = re.compile(r"(?:^|\))\([a-z0-9]{1,4}\)$|^\d+(?:\.\d+)*\([a-z]\)$")
# A member named the way motions name them: a title and capitalised words ("Commissioner Harvey",
# "Council Member Patrick", "BOARDMEMBER RASMUSSEN", "Mr. Sculimbrene", "Z. Maiorca").
_MEMBER = (
    r"(?<![\w'’])(?:(?:[A-Z][a-z]*\.?\s+){0,2}|(?:[A-Z]\.\s?)+)"
    r"(?:[A-Z][\w'’-]*\s+){0,2}[A-Z][\w'’-]*"
)
# A title written with a full stop ("Cllr. Pat Kehoe", "Mr. Smith"): the stop ends no name.
_TITLE_DOT = r"(?:(?:Cllrs?|Councillor|Councilor|Cr|Mr|Mrs|Ms|Dr|Prof|Rev|Hon)\.\s*)?"
_MOVER = re.compile(
    r"\b(?:(?i:proposed|moved|prop|motion(?:\s+to\s+[^,;.]{1,80}?)?\s+(?:was\s+)?made|motion)\s+(?i:by)|"
    r"(?i:(?:up)?on\s+(?:the\s+|a\s+)?motion\s+(?:of|by)))\s*[:.]?\s*"
    r"(?P<who>"
    + _TITLE_DOT
    + r"(?:[A-Z]\.\s?)*[^,;./]+?)(?=,|;|\.|/|\s+(?i:and\s+)?(?i:seconded|second)|\s+2nd|\s+(?i:to|that)\s|$)|"
    r"(?P<before>\b(?:Cllr|Councillor|Councilor|Cr|Mr|Mrs|Ms|Dr)\.?\s+(?:Mrs\s+|Mr\s+)?(?:[A-Z][\w.'-]*\s+){0,2}[A-Z][\w'-]*)"
    r"\s+(?i:proposed|moved)\b|"
    r"\b(?i:proposed|moved|prop)\s*[:.]?\s*(?P<who2>(?:Cllr|Councillor|Cr|Mr|Mrs|Ms|Dr|[A-Z]{2,3}\b)[^,;.]*?)"
    r"(?=,|;|\.|\s+(?i:seconded)|\s+2nd|$)|"
    # "MOVED: Smith SECONDED: Jones", "Mover: Cr Hale": a label and the name after it.
    r"\b(?i:moved|proposed|mover|proposer)\s*:\s*(?P<who4>[A-Z][^,;.:]*?)(?=,|;|\.|\s+(?i:seconded|second|seconder)\b|\s{2}|$)"
)
# "Commissioner Harvey moved to approve", "Mr. Sculimbrene makes a motion", "M. Prest (motion)": a
# pattern of its own, tried only on text with its words (a name before its verb is costly to seek).
_MOVED_BY_NAME = re.compile(
    r"(?P<who3>"
    + _MEMBER
    + r")(?:,\s+seconded\s+by\s+[^,]+,)?\s+(?i:moved(?:,\s+seconded\s+by\s+[^,]+,)?\s+(?:to|that)\b|"
    r"(?:makes|made)\s+(?:a|the)\s+motion\b|\(motion\)|proposes\b|moves\s+(?:to|that)\b)"
)
_SECONDER = re.compile(
    r"\b(?i:seconded|2nd|second(?=\s+by\b|\s*:)|seconder)(?i:\s+by)?\s*[:.]?\s*(?P<who>"
    + _TITLE_DOT
    + r"(?:[A-Z]\.\s?)*[A-Z][^,;.]*?)"
    r"(?=,|;|\.|\s+(?i:and|all|to|that|moved|vote|motion)\b|\s{2}|$)|"
    # "Motion by Smith/Jones to approve": mover and seconder a slash apart.
    r"\b(?i:motion\s+by|moved\s+by|proposed\s+by)\s+[A-Z][^/,;.]{0,40}/\s*(?P<slash>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})|"
    # "Commissioner Froerer seconded.", "Mr. Lehtinen seconds the motion", "C. Dallas (second)"
    r"(?P<before>" + _MEMBER + r")\s+(?i:seconded\b(?!\s+by|\s*:)|seconds\b(?!\s*:)|\(second(?:ed)?\))"
)
# "(15 to 0)", "passed 5-0", "by a vote of 4–1": a count; not a date or a range ("2019-24").
_COUNT = re.compile(
    r"\((?P<for>\d+)\s*(?:to|-|–)\s*(?P<against>\d+)\)|"
    r"\b(?:vote\s+(?:of\s+)?|carried\s+|passed\s+|failed\s+)(?P<for2>\d{1,2})\s*(?:-|–|to|/)\s*(?P<against2>\d{1,2})(?![\d/-])",
    re.I,
)
_FOR = re.compile(r"\b(?:for|in favou?r|ayes?|yeas?)\s*[:\-]?\s*(?P<n>\d+)\b", re.I)
_AGAINST = re.compile(r"\b(?:against|nays?|noes)\s*[:\-]?\s*(?P<n>\d+)\b", re.I)
# A roll call: "Commissioner Harvey – aye; Chair Jenkins – aye", "Ayes: Smith, Jones. Nays: Brown".
_ROLL = re.compile(
    r"(?P<name>(?:[A-Z][\w.'’-]*\s+){0,3}[A-Z][\w'’-]*)\s*[–—:-]\s*(?P<how>(?i:aye|yea|yes|nay|no|abstain(?:ed)?))(?=\s*(?:[;,.]|$))"
)
_NAMED = re.compile(
    r"\b(?P<how>(?i:ayes|yeas|nays|noes|abstentions?|abstaining))\s*[:\-–]\s*(?P<names>[A-Z][^.;:]*?)(?=\.|;|\s+(?i:nays|noes|abstentions?|absent)\b|$)"
)
_HOW = {
    "aye": "for",
    "yea": "for",
    "yes": "for",
    "ayes": "for",
    "yeas": "for",
    "nay": "against",
    "no": "against",
}
_HOW |= {"nays": "against", "noes": "against"}
_ABSTAIN = re.compile(r"\babstentions?\s*[:\-]?\s*(?P<n>\d+)|\babstain(?:ed)?\s*[:\-]?\s*(?P<m>\d+)", re.I)


@dataclass(frozen=True)
class _Movers:
    """Movers written either way: the first match, or every match in order."""

    patterns: tuple[Gated, ...]

    def search(self, text: str, folded: str | None = None) -> re.Match[str] | None:
        found = [m for p in self.patterns if (m := p.search(text, folded))]
        return min(found, key=lambda m: m.start()) if found else None

    def finditer(self, text: str, folded: str | None = None) -> list[re.Match[str]]:
        return sorted((m for p in self.patterns for m in p.finditer(text, folded)), key=lambda m: m.start())


# The words each pattern needs: most paragraphs hold none, and checking words is far cheaper.
_MINDED_GATED = Gated(_MINDED, ("minded",))
_CORRECT_RECORD_GATED = Gated(_CORRECT_RECORD, ("record", "copy", "correct"))
_DECLARED_GATED = Gated(_DECLARED, ("declared",))
_VOTED_GATED = Gated(_VOTED, ("vote",))
_APPROVED_GATED = Gated(_APPROVED, ("approved", "adopted", "passed", "carried"))
_CLOSES_GATED = Gated(
    _CLOSES,
    (
        "agree",
        "resolved",
        "approve",
        "carried",
        "passed",
        "unanimous",
        "in favo",
        "adopted",
        "accepted",
        "ratified",
        "endorsed",
    ),
)
_MOVER_GATED = _Movers(
    (
        Gated(_MOVER, ("prop", "moved", "motion")),
        Gated(
            _MOVED_BY_NAME,
            (
                "moved to",
                "moved that",
                " motion",
                "(motion)",
                "proposes",
                " moves to",
                " moves that",
                "moved,",
            ),
        ),
    )
)
_SECONDER_WORDS: tuple[str, ...]
_SECONDER_WORDS = ("seconded", "seconds", "(second", "2nd", "second by", "second:", "seconder", "motion by")
_SECONDER_WORDS += ("moved by", "proposed by")
_SECONDER_GATED = Gated(_SECONDER, _SECONDER_WORDS)
# Every word one of the patterns above needs to find a decision (its opening word, a fate, a mover,
# a correct record...): a paragraph with none of them holds no decision, and is passed over at once.
_DECIDING_WORDS = (
    *("resolved", "agree", "recommended", "noted", "decision", "passed", "carried", "lost", "defeated"),
    *("minded", "record", "copy", "correct", "declared", "approve", "unanimous", "in favo", "adopted"),
    *("accepted", "ratified", "endorsed", "motion", "prop", "moved", "vote", "elected", "appointed"),
    *("co-opted", "denied", "rejected", "tabled"),
)


def _has_any(folded: str, words: tuple[str, ...]) -> bool:
    """True where the folded text holds one of `words`."""
    return any(word in folded for word in words)


_KIND: dict[str, DecisionKind] = {"decision": "resolved", "resolved": "resolved", "agreed": "agreed"}
_KIND["voted"] = "resolved"
_KIND |= {"recommended": "recommended", "noted": "noted"}


def decisions(paragraphs: list[Paragraph]) -> list[Decision]:
    found: list[Decision] = []
    current: Decision | None = None
    wants_text = False  # "And Resolved:" alone: the resolution is the next paragraph
    wants_motion = False  # "Moved X, seconded Y" alone: the motion is worded in the next paragraph
    last_end = 0  # paragraphs before this belong to earlier decisions
    awaiting: Decision | None = None  # a motion moved and seconded whose fate is printed later
    settled_at = -2  # the paragraph that printed the last motion's fate
    motion, motion_at = None, -9  # the last motion moved and seconded, and its paragraph
    weak: set[int] = set()  # decisions read from narrative ("it was noted that", "was agreed")
    formal = False  # the item marks its decisions ("RESOLVED that ..."): narrative ones are debate
    paragraphs = split_resolutions(paragraphs)
    for index, paragraph in enumerate(paragraphs):
        text = paragraph.text
        if current is not None and wants_text:
            current.text, wants_text = text, False
            continue
        if current is not None and wants_motion and _MOTION_WORDING.match(text):
            # "Moved Cr Smith, seconded Cr Jones" / "That the report be received." / "CARRIED": the
            # paragraph after the movers words the motion.
            current.text, wants_motion = text, False
            continue
        wants_motion = False
        if current is not None and paragraph.ref and _SUBPOINT.search(paragraph.ref):
            current.text += f"\n({paragraph.ref.rsplit('(', 1)[-1]} {text}"
            continue
        folded = fold(text)
        if _SIGNATURE.match(text) or not _has_any(folded, _DECIDING_WORDS):
            # most paragraphs are report and debate, with none of the words a decision needs
            current = None
            continue
        before = " ".join(p.text for p in paragraphs[max(0, index - 2) : index])
        current = _decision(paragraph, before, folded)
        if current is None:
            continue
        if _fate_only(text, folded) and (awaiting is not None or settled_at == index - 1):
            # "The motion carried unanimously" after "X moved ...; Y seconded": one decision, its fate
            # printed below it (a transcript's clerk and chair may both announce it).
            if awaiting is not None:
                _settle(awaiting, current)
            awaiting, settled_at, current = None, index, None
            continue
        if motion is not None and index - motion_at <= 2 and _FORMAL.match(text):
            # "Mr A proposed, and Mr B seconded that ..." / "Agreed unanimously." / "RESOLVED that ...":
            # the resolution words the motion just carried; one decision, moved and seconded.
            motion.text, motion.kind, motion.line = current.text, current.kind, current.line
            motion.vote = motion.vote or current.vote
            current, awaiting, motion, formal = motion, None, None, True
            wants_text = not current.text
            continue
        if awaiting is not None and _BE_IT_RESOLVED.match(text):
            # "Moved by X, Seconded by Y, WHEREAS ..." / "THEREFORE BE IT RESOLVED that ...": the motion's
            # operative words, after its recitals; its fate follows.
            awaiting.text, current = current.text, None
            continue
        if _BARE_RESULT.match(text):
            _motion_before(current, paragraphs[last_end:index])
        found.append(current)
        if _weak(text, folded):
            weak.add(len(found) - 1)
        formal = formal or bool(_FORMAL.match(text))
        wants_text = not current.text or bool(_OPENING_LAST.search(text))
        last_end = index + 1
        awaiting = current if current.kind == "other" and not (current.vote and current.vote.result) else None
        motion, motion_at = (current, index) if current.movers and current.seconders else (None, -9)
        wants_motion = bool(_MOVERS_ONLY.match(text))
    for decision in found:
        _passed_by_roll_call(decision)
    return [d for i, d in enumerate(found) if not (formal and i in weak)]


def _passed_by_roll_call(decision: Decision) -> None:
    """A motion whose roll call is all ayes ("Commissioner Harvey – aye; Chair Jenkins – aye") passed,
    though no fate is printed."""
    vote = decision.vote
    if decision.kind == "other" and vote and not vote.result and vote.names_for and not vote.names_against:
        decision.kind = "resolved"


# "FURTHER RESOLVED: That the Clerk ...", "AGREED:" in capitals after a full stop inside one
# paragraph (a PDF line that the reader joined to the resolution above it) opens a decision of its own.
_CAPITAL_OPENING = re.compile(
    r"(?<=[.;:])\s+(?=(?:FURTHER\s+|AND\s+)?(?:RESOLVED|AGREED)\b\s*[:\-–—]?\s*(?:[Tt]hat|[Tt]o|[A-Z]))"
)
# A signature block: "Signed as a correct record", "Signed ... Chair", with no one deciding anything.
_SIGNATURE = re.compile(
    r"^(?:signed|signature)\b(?!.*\b(?:resolved|agreed|carried)\b)(?:\W+\w+){0,8}\W*$", re.I
)
# A paragraph that prints only a motion's fate or its vote, with no motion of its own.
_FATE_ONLY = re.compile(
    r"^(?:[\w.'’ ]{1,40}[:,]\s+)?(?:the\s+)?(?:vote\b[^.]{0,60}\.\s*)?"
    r"(?:(?:the\s+)?(?:main\s+)?motion\s+(?:was\s+|is\s+|has\s+)?)?"
    r"(?:carried|passed|lost|defeated|failed|approved|adopted)\b|"
    r"\bvote\s+(?:taken\s+)?was\s+unanimous|^all\s+(?:approve|approved|in\s+favou?r)\b|"
    r"\bvoted\s+(?:yes|aye|no|nay)\b[^.]{0,20}\.?\s*(?:the\s+)?motion\s+(?:carried|passed|failed)|"
    # a roll call or tally before the fate: "Ayes: Hale, Ames. Nays: None. Motion carried."
    r"^(?:roll\s+call\s+vote\s*[:.]?\s*)?(?:ayes|yeas|in\s+favou?r|for|voting\s+(?:aye|yes))\b[^.]{0,300}\.\s*"
    r"(?:(?:nays|noes|against|absent|abstain\w*|abstentions?|voting\s+(?:nay|no))\b[^.]{0,200}\.\s*)*"
    r"(?:the\s+)?motion\s+(?:carried|passed|failed|lost)|"
    r"^unanimous(?:ly)?\s+(?:vote|approved|agreed|carried|passed)\b",
    re.I,
)


# A paragraph that names only who moved and seconded ("Moved Cr Smith, seconded Cr Jones"), and the
# wording of a motion in the paragraph after it ("That the report be received.", "To approve ...").
_MOVERS_ONLY = re.compile(
    r"^(?:moved|proposed|mover)\b[^.;]{0,80}?[,;]?\s*(?:seconded|seconder|second)\b[^.;]{0,60}\.?$", re.I
)
# "o APPROVED – 2018 Meetings Calendar", "• DENIED: variance request": a list of what the meeting did,
# each line opening with its fate in capitals and a dash or colon (a bullet before it, where printed).
_FATE_LABEL = re.compile(
    r"^(?:[o•●▪◦*\-–\uf0a7\uf0b7]\s+)?(?P<word>APPROVED|ADOPTED|CARRIED|PASSED|DENIED|REJECTED|TABLED)"
    r"\s*[–—:\-]\s*(?P<text>\S.*)$",
    re.S,
)
# "Proposed by Cllr Hale, Seconded by Cllr Ames. And Resolved:": the paragraph ends with the word that
# opens the resolution, whose words are the next paragraph.
_OPENING_LAST = re.compile(
    r"(?:^|[.;,]|\band)\s*(?:it\s+was\s+)?(?:unanimously\s+)?(?:resolved|agreed)\s*[:\-–—]\s*$", re.I
)
_BE_IT_RESOLVED = re.compile(r"^(?:(?:now\s+)?therefore\s+)?be\s+it\s+(?:further\s+)?resolved\b", re.I)
_MOTION_WORDING = re.compile(
    r"^(?:(?:(?:now\s+)?therefore\s+)?be\s+it\s+(?:further\s+)?resolved,?\s+)?(?:that|to)\b", re.I
)
# A paragraph's own number before its resolution ("6 RESOLVED", "2. RESOLVED that ..."), where the
# reader left the number in the text.
_NUMBER_BEFORE_OPENING = re.compile(
    r"^\(?(?P<number>\d{1,3})[.)]?\s+(?=(?:it\s+was\s+|and\s+)?(?:(?:unanimously|duly|further)\s+)?"
    r"(?:resolved|agreed|recommended|decision|voted)\b)",
    re.I,
)
# "RESOLVED (Cllr Hale / Cllr Ames) that ...": mover and seconder in brackets after the opening word.
_PAIR = re.compile(r"^\((?P<mover>[A-Z][^/()]{1,50}?)\s*/\s*(?P<seconder>[A-Z][^/()]{1,50}?)\)\s*")
# Apologies sent and accepted are attendance, not a decision of the meeting, unless it resolved them.
_APOLOGIES = re.compile(r"\bapolog(?:y|ies)\b", re.I)

# A resolution marked as one: "RESOLVED that", "AGREED:", "Resolved -".
_FORMAL = re.compile(
    r"^(?:and\s+|further\s+)?(?:resolved|agreed)\b\s*(?:[:\-–—,]|that\b|to\b|unanimously\b)", re.I
)
_NARRATIVE = re.compile(r"^(?:[^.]{0,120}?,\s*)?it\s+was\s+noted\b", re.I)


def _weak(text: str, folded: str) -> bool:
    """A decision read from narrative: "It was noted that ...", or only a passive "was agreed"."""
    if _NARRATIVE.match(text):
        return True
    if _OPENS.match(text) or _MOVER_GATED.search(text, folded) or _CORRECT_RECORD_GATED.search(text, folded):
        return False
    closes = [m for m in _CLOSES.finditer(text)]
    return bool(closes) and all(m["agreed7"] for m in closes)


def split_resolutions(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Paragraphs with a second resolution in capitals, or a second motion moved and seconded, cut
    before it, keeping ref and line: text read from a PDF without blank lines runs them together."""
    out: list[Paragraph] = []
    for paragraph in paragraphs:
        if not paragraph.ref and (numbered := _NUMBER_BEFORE_OPENING.match(paragraph.text)):
            paragraph = Paragraph(numbered["number"], paragraph.text[numbered.end() :], paragraph.line)
        parts = [paragraph.text]
        if "RESOLVED" in paragraph.text or "AGREED" in paragraph.text:
            parts = [p for p in _CAPITAL_OPENING.split(paragraph.text) if p.strip()]
        if len(parts) == 1 and not _has_any(fold(paragraph.text), _SECONDER_WORDS):
            out.append(paragraph if paragraph.text == paragraph.text.strip() else _stripped(paragraph))
            continue  # a motion is cut from the one before only where both have a seconder
        parts = [piece for part in parts for piece in _motions(part)]
        out += [Paragraph(paragraph.ref, part.strip(), paragraph.line) for part in parts]
    return out


def _stripped(paragraph: Paragraph) -> Paragraph:
    return Paragraph(paragraph.ref, paragraph.text.strip(), paragraph.line)


def _motions(text: str) -> list[str]:
    """`text` cut at the sentence that opens each motion after the first, where each has a seconder."""
    starts = [m.start() for m in _MOVER_GATED.finditer(text)]
    if len(starts) < 2:
        return [text]
    cuts = [0]
    for start in starts[1:]:
        stop = max(text.rfind(". ", cuts[-1], start), text.rfind("; ", cuts[-1], start))
        cut = stop + 2 if stop > cuts[-1] else start
        if _SECONDER_GATED.search(text[cuts[-1] : cut]) and _SECONDER_GATED.search(text[cut:]):
            cuts.append(cut)
    return [text[a:b] for a, b in zip(cuts, [*cuts[1:], len(text)], strict=True)]


def _fate_only(text: str, folded: str) -> bool:
    """True where `text` reports how a motion fared and moves nothing itself."""
    if len(text.split()) > 40 or _MOVER_GATED.search(text, folded):
        return False
    if opens := _OPENS.match(text):  # "Agreed unanimously.", "Carried." - a fate, no resolution
        return len(text[opens.end() :].split()) <= 2 and not _MOTION_THAT.search(text[opens.end() :])
    return bool(_FATE_ONLY.search(text))


def _settle(motion: Decision, fate: Decision) -> None:
    """Give `motion` the fate and vote printed in the paragraph(s) after it."""
    if fate.vote:
        if motion.vote is None:
            motion.vote = fate.vote
        else:
            motion.vote.result = motion.vote.result or fate.vote.result
            for name in ("for_", "against", "abstain"):
                if getattr(fate.vote, name) is not None:
                    setattr(motion.vote, name, getattr(fate.vote, name))
            motion.vote.names_for += fate.vote.names_for
            motion.vote.names_against += fate.vote.names_against
            motion.vote.names_abstain += fate.vote.names_abstain
    failed = fate.vote and fate.vote.result in ("lost", "defeated", "failed")
    motion.kind = "other" if failed else "resolved"


def _motion_before(decision: Decision, earlier: list[Paragraph]) -> None:
    """A result alone ("Motion Passed (14 to 0)") decides the motion printed above it, after
    its mover and seconder and before the vote table."""
    decision.movers, decision.seconders = [], []
    for index in range(len(earlier) - 1, -1, -1):
        motion = _MOTION.match(earlier[index].text)
        if motion:
            # A motion in lettered parts ("A) That ...", "B) That ...") runs from its first part to the
            # result, over the parts' own points ("(i) ..."); any other motion is its one paragraph, without
            # the vote table after it.
            parts = [earlier[index]]
            if _PART.match(earlier[index].text):
                index = next(
                    i for i, p in enumerate(earlier) if _PART.match(p.text) and _MOTION.match(p.text)
                )
                motion, parts = _MOTION.match(earlier[index].text) or motion, earlier[index:]
            decision.text = "\n".join([parts[0].text[motion.end() :], *(p.text for p in parts[1:])])
            if motion["mover"]:
                decision.movers.append(motion["mover"].strip())
                decision.seconders.append(motion["seconder"].strip())
                return
            break
    _movers(
        decision,
        " ; ".join(p.text for p in earlier if re.match(r"(?i)(?:motion\s+made|moved|seconded)", p.text)),
    )


# A decision set out under a label that names who made it, as records of executive and delegated
# decisions print them: "Cabinet Member decision: ...", "Leader's Decision - ...", "Decision of the
# Leader: ...", "Decision taken by the Director of Finance: ...". The label stays in the text,
# since it names the maker (registers.makers reads it there).
_MAKER = (
    r"(?:[\w'’.&-]+\s+){0,6}?(?:Leader|Member|Commissioner|Mayor|Director|Officer|Executive|Holder|Cabinet|"
    r"Head|Chief|Manager|Delegated)(?:[’']s)?(?:\s+[\w'’.&-]+){0,5}?"
)
_MAKER_LABEL = re.compile(
    rf"^(?:[Tt]he\s+)?{_MAKER}\s+(?i:decisions?)\s*[:–—-]\s*\S"
    rf"|^(?i:decisions?\s+(?:of|taken\s+by|made\s+by|by))\s+(?:the\s+)?{_MAKER}\s*[:–—-]\s*\S"
)


def _decision(paragraph: Paragraph, before: str, folded: str) -> Decision | None:
    text = paragraph.text
    opens = _OPENS.match(text)
    if _MAKER_LABEL.match(text):
        kind: DecisionKind = "minded-to" if re.search(r"(?i)\bminded[\s-]+to\b", text) else "resolved"
        decision = Decision(kind=kind, text=text, paragraph=paragraph.ref)
    elif opens:
        kind = _KIND[opens["word"].lower()]
        decision = Decision(kind=kind, text=text[opens.end() :].strip(), paragraph=paragraph.ref)
        if not decision.text and kind != "resolved":
            decision.text = text
        if pair := _PAIR.match(decision.text):
            decision.movers.append(pair["mover"].strip())
            decision.seconders.append(pair["seconder"].strip())
            decision.text = decision.text[pair.end() :]
        _movers(decision, before)
    elif label := _FATE_LABEL.match(text):  # "o APPROVED – Revised 2018 budget – B. Munro (motion), ..."
        kind = "other" if label["word"] in ("DENIED", "REJECTED", "TABLED") else "resolved"
        decision = Decision(kind=kind, text=label["text"], paragraph=paragraph.ref)
        _movers(decision, text, folded)
    elif bare := _BARE_RESULT.match(text):
        kind = "resolved" if bare["result"].lower() in ("passed", "carried") else "other"
        decision = Decision(kind=kind, text=text, paragraph=paragraph.ref)
    elif _MINDED_GATED.search(text, folded):
        decision = Decision(kind="minded-to", text=text, paragraph=paragraph.ref)
    elif (record := _CORRECT_RECORD_GATED.search(text, folded)) and not record.group(0).startswith("Signed"):
        # "The minutes were signed as a true record"; "Signed as a true record ... Chair" is the signature
        # block at the foot of the minutes, run into a paragraph by the reader.
        decision = Decision(kind="agreed", text=text, paragraph=paragraph.ref)
    elif _DECLARED_GATED.search(text, folded):  # "The division was declared carried"
        decision = Decision(kind="resolved", text=motion_in(text), paragraph=paragraph.ref)
    else:
        closes = (
            _CLOSES_GATED.search(text, folded)
            or _VOTED_GATED.search(text, folded)
            or _APPROVED_GATED.search(text, folded)
        )
        motion = _MOTION_OPENS.match(text) or (  # the seconder first: its words are the rarer
            _SECONDER_GATED.search(text, folded) and _MOVER_GATED.search(text, folded)
        )
        if not closes and not motion:
            if elected(text):  # "Cllr Smith was duly elected Chairman for the ensuing year."
                return Decision(kind="resolved", text=text, paragraph=paragraph.ref, line=paragraph.line)
            return None
        if closes and not motion and closes.groupdict().get("agreed7") and _APOLOGIES.search(text):
            return None  # "Apologies were received and accepted": a register of absence
        if (wording := motion_in(text)) != text:  # the decision is the motion, not the report before it
            closes = _CLOSES_GATED.search(wording, fold(wording)) or closes
        named = closes.groupdict() if closes else {}
        agreed = closes and any(
            named.get(g) for g in ("agreed", "agreed2", "agreed3", "agreed4", "agreed5", "agreed6", "agreed7")
        )
        kind = "agreed" if agreed else "resolved" if closes else "other"
        decision = Decision(kind=kind, text=wording, paragraph=paragraph.ref)
        _movers(decision, text if motion else f"{before} {text}", folded if motion else None)
    decision.line = paragraph.line
    decision.vote = vote(text)
    return decision


def motion_in(text: str) -> str:
    """The motion a paragraph records, from its opening "That" to its outcome ("Carried"), where
    the paragraph holds more than the motion; else the paragraph as it is."""
    outcome = _OUTCOME.search(text)
    head = text[: outcome.start()] if outcome else text
    labels = list(_MOTION_LABEL.finditer(head))
    opening = _MOTION_THAT.search(head, labels[-1].end() if labels else 0)
    if opening is None:
        return text
    return text[opening.start() : outcome.end() if outcome else len(text)].strip()


def _movers(decision: Decision, text: str, folded: str | None = None) -> None:
    folded = fold(text) if folded is None else folded
    for pattern, names in ((_MOVER_GATED, decision.movers), (_SECONDER_GATED, decision.seconders)):
        match = pattern.search(text, folded)
        if match:
            who = next(g for g in match.groups() if g).strip()
            found = mentions(who)
            name = found[0].form if found else who
            if name not in names:
                names.append(name)


# What every part of a vote needs: a digit (a count), a fate, or a roll call's words.
_DIGIT = re.compile(r"\d")
_VOTE_WORDS = ("carried", "passed", "lost", "defeated", "failed", "aye", "yea", "nay", "noes", "abstain")


def vote(text: str) -> Vote | None:
    """Counts, names and result where printed: "Motion Passed (15 to 0)", "For: 10 Against: 2",
    "CARRIED", "Yeas 13, Nays 3", "Commissioner Harvey – aye; Chair Jenkins – aye"."""
    if not _DIGIT.search(text) and not _has_any(fold(text), _VOTE_WORDS):
        return None  # no count, no fate and no roll call: most decisions print no vote
    result = re.search(r"\b(carried|passed|lost|defeated|failed)" + _FATE_TAIL, text, re.I)
    count = _COUNT.search(text)
    numbers = [_FOR.search(text), _AGAINST.search(text), _ABSTAIN.search(text)]
    names = _names(text)
    if not (result or count or (numbers[0] and numbers[1]) or any(names.values())):
        return None
    vote = Vote(result=result.group(1).lower() if result else None)
    if count:
        vote.for_ = int(count["for"] or count["for2"])
        vote.against = int(count["against"] or count["against2"])
    elif numbers[0] and numbers[1]:
        vote.for_, vote.against = int(numbers[0]["n"]), int(numbers[1]["n"])
    if numbers[2]:
        vote.abstain = int(numbers[2]["n"] or numbers[2]["m"])
    vote.names_for, vote.names_against, vote.names_abstain = names["for"], names["against"], names["abstain"]
    return vote


def _names(text: str) -> dict[str, list[str]]:
    """Who voted how, where a roll call names them."""
    names: dict[str, list[str]] = {"for": [], "against": [], "abstain": []}
    if not re.search(r"(?i)\b(?:aye|yea|nay|ayes|yeas|nays|noes|abstain)", text):
        return names
    for match in _ROLL.finditer(text):
        how = _HOW.get(match["how"].lower(), "abstain")
        names[how].append(match["name"])
    for match in _NAMED.finditer(text):
        how = _HOW.get(match["how"].lower(), "abstain")
        listed = re.split(r"\s*,\s*|\s+and\s+|\s*&\s*", match["names"])
        names[how] += [n.strip() for n in listed if n.strip() and not n.strip().isdigit()]
    return names
