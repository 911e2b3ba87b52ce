"""A council or body is one key whatever its spelling (issue 10, item 8): "&" and "and", a leading
"The", apostrophes, punctuation and case; so minutes that write their council's name differently
are the same council's meetings, and its bodies are one body each."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from minutebook.ingest import ingest
from minutebook.pipeline import parse_document
from minutebook.read.detect import read_bytes
from minutebook.record import body_slug, language_of, meeting_day, name_key, slug
from minutebook.store.engine import open_engine
from minutebook.store.migrate import migrate


@pytest.mark.parametrize(
    "spellings",
    [
        [
            "Barton & Holme Community Council",
            "Barton and Holme Community Council",
            "BARTON AND HOLME COMMUNITY COUNCIL",
        ],
        ["The Highland Council", "Highland Council", "THE HIGHLAND COUNCIL"],
        ["King's Lynn Borough Council", "Kings Lynn Borough Council", "King’s Lynn Borough Council"],
        [
            "Planning & Licensing Committee",
            "Planning and Licensing Committee",
            "Planning, and Licensing Committee",
        ],
    ],
)
def test_spellings_of_one_name_are_one_key(spellings: list[str]) -> None:
    assert len({name_key(name) for name in spellings}) == 1


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Theatre Committee", "Atre Committee"),  # "The" only as a word of its own
        ("Ashworth Town Council", "Ashworth City Council"),
        ("Barton Parish Council", "Barton & Holme Parish Council"),
        ("Commissioners' Meeting", "Commissioners Meeting with Councillors"),
    ],
)
def test_different_names_stay_different(one: str, other: str) -> None:
    assert name_key(one) != name_key(other)


def test_a_slug_is_its_own_slug() -> None:
    for name in ["Barton & Holme Community Council", "The Highland Council", "King's Lynn Council"]:
        assert slug(slug(name)) == slug(name) and name_key(name_key(name)) == name_key(name)


def test_the_is_dropped_from_a_stored_name_only() -> None:
    """In running text "the Cabinet" is a phrase (references keep it); a council's name is a name."""
    assert name_key("The Highland Council") == "highland-council"
    assert slug("the Cabinet") == "the-cabinet"
    assert body_slug("The Highland Council", "Highland Council") == "highland-council"


def test_a_council_meeting_named_as_its_council_is_not_qualified_twice() -> None:
    assert body_slug("Barton & Holme Community Council", "Barton and Holme Community Council") == (
        "barton-and-holme-community-council"
    )


def _minutes(council: str, day: int) -> str:
    return (
        f"{council}\n\nMinutes of the Finance Committee held on {day} March 2024\n\n"
        "1. Apologies\n\nNone were received.\n\n2. Accounts\n\nThe committee approved the accounts.\n"
    )


def test_minutes_spelling_their_council_differently_are_one_councils(tmp_path: Path) -> None:
    spellings = [
        "Barton & Holme Community Council",
        "Barton and Holme Community Council",
        "BARTON AND HOLME COMMUNITY COUNCIL",
    ]
    records = [parse_document(read_bytes(_minutes(c, 5).encode(), "m.txt")) for c in spellings]
    assert {r.id for r in records} == {"barton-and-holme-community-council/finance-committee/2024-03-05"}
    folder = tmp_path / "minutes"
    folder.mkdir()
    for day, council in enumerate(spellings, start=5):
        (folder / f"finance-{day}.txt").write_text(_minutes(council, day), encoding="utf-8")
    engine = open_engine(f"sqlite:///{tmp_path / 'minutebook.db'}")
    migrate(engine)
    report = ingest(engine, [folder], workers=1)
    assert report.new == 3
    with engine.connect() as connection:
        bodies = connection.execute(text("SELECT slug FROM bodies")).scalars().all()
    engine.dispose()
    assert bodies == ["barton-and-holme-community-council/finance-committee"]


@pytest.mark.parametrize(
    ("other", "english"),
    [
        ("Cyngor Cymuned Manordeilo a Salem", "Manordeilo & Salem Community Council"),
        ("CYNGOR TREF LLANDEILO", "Llandeilo Town Council"),
        ("Cyngor Sir Ceredigion", "Ceredigion County Council"),
        ("Cyngor Bwrdeistref Sirol Caerffili", "Caerffili County Borough Council"),
        ("Cyngor Dinas Casnewydd", "Casnewydd City Council"),
        ("Cyngor Cymuned Llanarth ac Aberporth", "Llanarth and Aberporth Community Council"),
        ("Comhairle Contae Mhaigh Eo", "Mhaigh Eo County Council"),
        ("Comhairle Cathrach agus Contae Luimnigh", "Luimnigh City and County Council"),
    ],
)
def test_a_welsh_or_irish_council_name_is_keyed_as_its_english_form(other: str, english: str) -> None:
    """The council's type translates by the languages' own order ("Cyngor <type> <Place>"); the
    place is kept as written."""
    assert name_key(other) == name_key(english)
    assert body_slug(other, english) == name_key(english)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Cyngor Tref Aberteifi", "Cardigan Town Council"),  # a place named in each language: an alias
        ("Cyngor Tref Llandeilo", "Llandeilo Community Council"),  # another type
        ("Cyngor Bro Morgannwg", "Morgannwg Community Council"),  # "Bro" a place here, not a type
        ("Pwyllgor Cyngor Sir Ceredigion", "Ceredigion County Council"),  # the name must begin so
    ],
)
def test_translation_keeps_different_councils_apart(one: str, other: str) -> None:
    assert name_key(one) != name_key(other)


def test_the_welsh_and_english_minutes_of_one_meeting_are_one_councils_meeting(shared_dir: Path) -> None:
    """The Manordeilo and Salem council publishes each meeting's minutes in Welsh and in English:
    one council, one body and one date, both documents kept, the Welsh one marked by its language."""
    folder = shared_dir / "corpus"
    welsh, english = (
        parse_document(read_bytes((folder / name).read_bytes(), name))
        for name in (
            "manordeilo-salem-community-council-2020-06-10-cy.html",
            "manordeilo-salem-community-council-2020-06-10.html",
        )
    )
    assert welsh.council == "Cyngor Cymuned Manordeilo a Salem"
    assert english.council == "Manordeilo and Salem Community Council"
    assert english.id == "manordeilo-and-salem-community-council/2020-06-10"
    assert welsh.id == f"{english.id}-cy"
    assert meeting_day(welsh.id) == meeting_day(english.id) == "2020-06-10"


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("Cyngor Cymuned Manordeilo a Salem", "cy"),
        ("Cyngor Tref Aberteifi", "cy"),
        ("Comhairle Contae Loch Garman", "ga"),
        ("Manordeilo and Salem Community Council", None),
        ("Pwyllgor Cyngor Sir Ceredigion", None),  # a committee's name, not a council's
        (None, None),
    ],
)
def test_the_language_a_councils_name_is_written_in(name: str | None, language: str | None) -> None:
    assert language_of(name) == language
