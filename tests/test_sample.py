"""The sample-council generator: deterministic, read and parsed by the real pipeline, varied."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from minutebook.parse import parse_document
from minutebook.read.detect import read_bytes, read_path
from minutebook.record import MeetingRecord, slug
from minutebook.registers.plans import figures
from minutebook.sample import (
    ACTION_PLAN,
    IMPROVEMENT_PLAN,
    generate_council,
    generated_meetings,
    meeting_texts,
    municipal_year,
)

NAME = re.compile(r"^(?P<body>[a-z0-9-]+)-(?P<date>\d{4}-\d{2}-\d{2})\.txt$")


@pytest.fixture(scope="module")
def pages() -> list[tuple[str, str]]:
    return list(meeting_texts(300, seed=7))


@pytest.fixture(scope="module")
def records(pages: list[tuple[str, str]]) -> list[MeetingRecord]:
    return [parse_document(read_bytes(text.encode("utf-8"), name)) for name, text in pages[:80]]


def test_same_seed_same_pages_other_seed_other_pages() -> None:
    first = list(meeting_texts(40, seed=3))
    assert list(meeting_texts(40, seed=3)) == first
    assert list(meeting_texts(40, seed=4)) != first
    assert list(meeting_texts(40, seed=3, council="Ashworth City Council")) != first
    assert list(meeting_texts(0)) == []


def test_generate_council_writes_what_meeting_texts_yields(tmp_path: Path) -> None:
    paths = generate_council(tmp_path / "council", meetings=25, seed=2)
    expected = list(meeting_texts(25, seed=2))
    assert [p.name for p in paths] == [name for name, _ in expected]
    assert [p.read_text(encoding="utf-8") for p in paths] == [text for _, text in expected]
    assert len({p.name for p in paths}) == 25  # one file per meeting, none overwritten


def test_pages_are_read_as_moderngov_text(tmp_path: Path) -> None:
    for path in generate_council(tmp_path, meetings=20, seed=1):
        assert read_path(path).format == "moderngov-text", path.name
        assert "\u00a0" in path.read_text(encoding="utf-8")  # non-breaking spaces, as on the real pages


def test_records_match_the_meeting_named_by_the_file(
    pages: list[tuple[str, str]], records: list[MeetingRecord]
) -> None:
    for (name, _), record in zip(pages, records, strict=False):
        match = NAME.match(name)
        assert match, name
        assert record.date == match["date"], name
        assert slug(record.body) == match["body"], (name, record.body)
        assert record.items, name


def test_records_hold_every_kind_of_fact(records: list[MeetingRecord]) -> None:
    items = [item for record in records for item in record.items]
    assert sum(len(item.minutes) for item in items) > 5 * len(records)
    assert sum(bool(item.decisions) for item in items) > len(records)
    for fact in ("actions", "appointments", "references", "declarations", "documents", "presenters"):
        assert any(getattr(item, fact) for item in items), fact
    assert any(item.truncated for item in items)


def test_appointments_name_substitutes_and_municipal_years(records: list[MeetingRecord]) -> None:
    appointments = [a for record in records for item in record.items for a in item.appointments]
    assert any(a.substitute for a in appointments)
    assert all(a.term and re.fullmatch(r"\d{4}-\d{4} Municipal Year", a.term) for a in appointments)


def test_truncated_items_name_their_own_number(pages: list[tuple[str, str]]) -> None:
    cut = 0
    for _, text in pages:
        for match in re.finditer(
            r"(?m)^(\d+)\.\n\n(?:(?!^\d+\.\n).)*?view the full minutes text for item (\d+)\.", text, re.S
        ):
            cut += 1
            assert match[1] == match[2]
    assert cut > 5


def test_meetings_vary(pages: list[tuple[str, str]], records: list[MeetingRecord]) -> None:
    bodies = {NAME.match(name)["body"] for name, _ in pages}
    dates = sorted(dt.date.fromisoformat(NAME.match(name)["date"]) for name, _ in pages)
    assert len(bodies) >= 10
    assert (dates[-1] - dates[0]).days > 9 * 365
    assert len({len(record.items) for record in records}) >= 5
    lengths = [len(p.text) for record in records for item in record.items for p in item.minutes]
    assert max(lengths) > 5 * (sum(lengths) / len(lengths))
    assert len({text for _, text in pages}) == len(pages)


def test_vocabulary_is_zipf_like(pages: list[tuple[str, str]]) -> None:
    counts = Counter(w for _, text in pages for w in re.findall(r"[a-z]+", text.lower()))
    ranked = [count for _, count in counts.most_common()]
    top = {word for word, _ in counts.most_common(100)}
    assert {"council", "committee", "planning", "application"} <= top
    for rank in (1, 10):  # over the head of the vocabulary, frequency falls roughly as 1/rank
        assert 3 < ranked[rank - 1] / ranked[10 * rank - 1] < 30
    assert sum(1 for count in ranked if count <= 2) > 0.3 * len(ranked)  # a long tail of rare words


def test_posts_have_one_holder_a_year_and_change_over_the_years(pages: list[tuple[str, str]]) -> None:
    attending = re.compile(
        r"(Councillor [A-Z]\. (?:[A-Z]\. )?\w+), (Cabinet Member for [^,]+), was also in attendance"
    )
    holders: dict[tuple[int, str], set[str]] = defaultdict(set)
    for name, text in pages:
        year = municipal_year(dt.date.fromisoformat(NAME.match(name)["date"]))
        for person, post in attending.findall(text):
            holders[year, post].add(person)
    assert holders
    assert all(len(people) == 1 for people in holders.values())
    per_post: dict[str, set[str]] = defaultdict(set)
    for (_, post), people in holders.items():
        per_post[post] |= people
    assert any(len(people) > 1 for people in per_post.values())


def test_records_say_what_the_pages_say() -> None:
    meetings = list(generated_meetings(30, seed=7))
    assert [(m.name, m.text) for m in meetings] == list(meeting_texts(30, seed=7))
    for meeting in meetings:
        lines = meeting.text.splitlines()
        for item in meeting.record.items:
            for paragraph in item.minutes:
                assert paragraph.text[:40] in " ".join(lines[paragraph.line - 1].split()), (
                    meeting.name,
                    paragraph,
                )
            for fact in (*item.decisions, *item.actions):
                assert fact.text in meeting.text, (meeting.name, fact)


def test_the_parser_finds_the_items_the_generator_wrote() -> None:
    """The generator's records are an answer key: on pages with numbered items, the parser must
    find exactly the items written, with their numbers, titles and numbered paragraphs. (Letters
    are left out: whether "(a)" after "Resolved: -" is a sub-point of the paragraph above is the
    parser's call.)"""
    for meeting in generated_meetings(60, seed=11):
        if "Items\nNo. Item" not in meeting.text:
            continue
        parsed = parse_document(read_bytes(meeting.text.encode("utf-8"), meeting.name))
        assert [(i.number, i.title) for i in parsed.items] == [
            (i.number, i.title) for i in meeting.record.items
        ]
        for got, wrote in zip(parsed.items, meeting.record.items, strict=True):
            numbered = [[p.ref for p in item.minutes if p.ref and "(" not in p.ref] for item in (got, wrote)]
            assert numbered[0] == numbered[1], meeting.name


def test_people_make_decisions_and_plans_report_progress() -> None:
    """Issue 13 in the demo: minded-to decisions by a Commissioner or Cabinet Member, final ones on
    most of them at later meetings (some never), and plans whose reported progress rises, in the
    wording `registers.plans` reads."""
    meetings = list(generated_meetings(300, seed=1))
    decisions = [d for m in meetings for item in m.record.items for d in item.decisions]
    minded = [d.text for d in decisions if d.kind == "minded-to"]
    finals = [d.text for d in decisions if "approved the" in d.text and d.text.startswith("That ")]
    assert len(minded) >= 10 and 0 < len(finals) < len(minded)
    assert any(text.startswith("Commissioner") for text in minded)
    assert any(text.startswith("The Cabinet Member for") for text in minded)
    assert any("further to the minded-to decision of" in text for text in finals)
    series: dict[str, list[str]] = defaultdict(list)
    for meeting in meetings:
        for figure in figures(meeting.text):
            if figure.plan in (IMPROVEMENT_PLAN, ACTION_PLAN):
                series[f"{figure.plan} {figure.kind}"].append(figure.value)
    percents = [int(value.rstrip("%")) for value in series[f"{IMPROVEMENT_PLAN} percent"]]
    assert len(percents) >= 4 and percents == sorted(percents) and percents[0] < percents[-1]
    counts = [int(value.split()[0]) for value in series[f"{ACTION_PLAN} count"]]
    assert len(counts) >= 4 and counts == sorted(counts)
    assert series[f"{ACTION_PLAN} rag"]
