"""Council aliases (issue 10, item 8): every name a council is read under is kept, a Welsh and an
English name of one council are one council, and a clerk's declaration re-keys what is stored
with nothing lost (meetings, items, decisions, clerk versions, closures) and the old ids kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, func, select

from minutebook.clerk.councils import declare, undeclare
from minutebook.ingest import ingest
from minutebook.registers.actions import actions, close_action
from minutebook.store import schema as t
from minutebook.store.aliases import councils, moved_to, names_of
from minutebook.store.migrate import alembic_config, migrate
from minutebook.store.queries import get_record
from minutebook.store.save import apply_version

WELSH, ENGLISH = "Cyngor Tref Aberteifi", "Cardigan Town Council"
# The Welsh place name under an English type: the same council key as WELSH, but a name in English,
# so its meetings' ids carry no language (see record.meeting_id) and a declaration re-keys them alone.
OTHER = "Aberteifi Town Council"


def _minutes(council: str, day: int, clerk: str = "The Clerk") -> str:
    return (
        f"{council}\n\nMinutes of the Finance Committee held on {day} March 2024\n\n"
        "Present: Councillor Ann Jones (Chair), Councillor Huw Evans, Councillor Mair Davies\n\n"
        "1. Apologies\n\nNone were received.\n\n2. Accounts\n\nRESOLVED: that the accounts be approved.\n\n"
        f"Action: {clerk} will file the accounts with the auditor by {day} April.\n"
    )


def _write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _counts(engine: Engine) -> dict[str, int]:
    tables = [t.meetings, t.items, t.decisions, t.actions, t.meeting_versions, t.action_closures]
    tables += [t.search_entries, t.sources]
    with engine.connect() as connection:
        return {
            table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in tables
        }


def _ids(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return sorted(connection.execute(select(t.meetings.c.id)).scalars())


def test_the_manordeilo_minutes_in_welsh_and_english_are_one_council(
    engine: Engine, shared_dir: Path, tmp_path: Path
) -> None:
    """The real documents: two English spellings ("&", "and") and the Welsh name are one council,
    each name kept with how it was learnt and the source it was read from."""
    folder = tmp_path / "minutes"
    folder.mkdir()
    for path in (shared_dir / "corpus").glob("manordeilo-*"):
        if not path.name.endswith(".expected.json"):
            shutil.copy(path, folder)
    # 2016 as a PDF and its text (one meeting); 2020 in Welsh and in English, both kept
    assert ingest(engine, [folder], workers=1).new == 3
    english = folder / "manordeilo-salem-community-council-2020-06-10.html"
    with engine.connect() as connection:
        (council,) = councils(connection)
        bodies = connection.execute(select(t.bodies.c.slug)).scalars().all()
        sources = {
            sha: name for sha, name in connection.execute(select(t.sources.c.sha256, t.sources.c.name))
        }
        also = [alias.name for alias in names_of(connection, "Cyngor Cymuned Manordeilo a Salem")]
    assert council.key == "manordeilo-and-salem-community-council" and council.meetings == 3
    assert {(a.name, a.how) for a in council.names} == {
        ("Manordeilo & Salem Community Council", "spelling"),
        ("Cyngor Cymuned Manordeilo a Salem", "bilingual"),
        ("Manordeilo and Salem Community Council", "spelling"),
    }
    read_from = {a.name: Path(sources[a.source_sha256 or ""]).name for a in council.names}
    assert read_from == {
        "Manordeilo & Salem Community Council": "manordeilo-salem-community-council-2016-02-10.pdf",
        "Cyngor Cymuned Manordeilo a Salem": "manordeilo-salem-community-council-2020-06-10-cy.html",
        "Manordeilo and Salem Community Council": english.name,
    }
    assert bodies == ["manordeilo-and-salem-community-council"]
    assert len(also) == 3


def test_a_declared_alias_moves_stored_meetings_with_nothing_lost(engine: Engine, tmp_path: Path) -> None:
    folder = _write(
        tmp_path / "minutes",
        {"a-5.txt": _minutes(OTHER, 5), "a-6.txt": _minutes(OTHER, 6), "b-12.txt": _minutes(ENGLISH, 12)},
    )
    assert ingest(engine, [folder], workers=1).new == 3
    old = "aberteifi-town-council/finance-committee/2024-03-05"
    # A clerk's correction and a closed action on a meeting of the Welsh name.
    with engine.begin() as connection:
        before = get_record(connection, old)
        assert before is not None
        apply_version(connection, before, {**before, "venue": "Neuadd y Dref"}, "correction", "cli", "venue")
        (action,) = actions(connection, meeting_id=old).rows
        close_action(connection, action.id, "filed")
    counts = _counts(engine)

    moved = declare(engine, OTHER, ENGLISH)

    assert (moved.meetings, moved.joined, moved.bodies) == (2, 0, 1)
    assert _counts(engine) == counts
    new = "cardigan-town-council/finance-committee/2024-03-05"
    assert _ids(engine) == [new] + [
        f"cardigan-town-council/finance-committee/2024-03-{d}" for d in ("06", "12")
    ]
    with engine.connect() as connection:
        record = get_record(connection, new)
        assert record is not None and record["venue"] == "Neuadd y Dref"  # the clerk's version kept
        assert record["council"] == OTHER  # the name as read stays; its warnings say where it is filed
        assert any("cardigan-town-council" in warning for warning in record["warnings"])
        versions = connection.execute(
            select(t.meeting_versions.c.meeting_id, t.meeting_versions.c.kind)
        ).all()
        assert set(versions) == {(new, "read"), (new, "correction")}
        (action,) = actions(connection, meeting_id=new).rows
        assert action.status == "closed"
        assert moved_to(connection, "meeting", old) == new
        assert moved_to(connection, "body", "aberteifi-town-council/finance-committee") == (
            "cardigan-town-council/finance-committee"
        )
        bodies = connection.execute(select(t.bodies.c.slug)).scalars().all()
    assert bodies == ["cardigan-town-council/finance-committee"]
    # Ingesting the same files again changes nothing, and a new meeting of either name lands there.
    _write(folder, {"a-19.txt": _minutes(OTHER, 19)})
    report = ingest(engine, [folder], workers=1)
    assert (report.new, report.updated, report.unchanged) == (1, 0, 3)
    assert "cardigan-town-council/finance-committee/2024-03-19" in _ids(engine)

    undone = undeclare(engine, OTHER)
    assert (undone.meetings, undone.joined) == (3, 0)
    assert _ids(engine) == [
        "aberteifi-town-council/finance-committee/2024-03-05",
        "aberteifi-town-council/finance-committee/2024-03-06",
        "aberteifi-town-council/finance-committee/2024-03-19",
        "cardigan-town-council/finance-committee/2024-03-12",
    ]
    with engine.connect() as connection:
        assert moved_to(connection, "meeting", new) == old
        assert moved_to(connection, "meeting", old) is None  # moved back: no loop
        record = get_record(connection, old)
        assert record is not None and record["venue"] == "Neuadd y Dref"
        assert not any("filed under" in warning for warning in record["warnings"])


def test_one_meeting_under_both_names_is_one_meeting(engine: Engine, tmp_path: Path) -> None:
    """One meeting read under two names of its council: the stored one stays, the other's old id
    redirects to it, and its source is kept."""
    folder = _write(
        tmp_path / "minutes", {"a.txt": _minutes(OTHER, 5), "b.txt": _minutes(ENGLISH, 5, "Y Clerc")}
    )
    assert ingest(engine, [folder], workers=1).new == 2
    sources = _counts(engine)["sources"]
    moved = declare(engine, OTHER, ENGLISH)
    assert (moved.meetings, moved.joined) == (0, 1)
    new = "cardigan-town-council/finance-committee/2024-03-05"
    assert _ids(engine) == [new]
    assert _counts(engine)["sources"] == sources
    with engine.connect() as connection:
        assert moved_to(connection, "meeting", "aberteifi-town-council/finance-committee/2024-03-05") == new


def test_a_declaration_is_refused_when_it_says_nothing(engine: Engine) -> None:
    with pytest.raises(ValueError, match="one council already"):
        declare(engine, "Manordeilo & Salem Community Council", "Cyngor Cymuned Manordeilo a Salem")
    with pytest.raises(ValueError, match="not declared"):
        undeclare(engine, WELSH)


PEOPLE = "Councillor Ann Jones (Chair), Councillor Huw Evans, Councillor Mair Davies, Councillor Rhys Owen"


def _pair_minutes(council: str, body: str, people: str = PEOPLE) -> str:
    return (
        f"{council}\n\nMinutes of the {body} held on 5 March 2024\n\nPresent: {people}\n\n"
        "1. Apologies\n\nApologies were received from Councillor Gwen Price.\n\n"
        "2. Accounts\n\nRESOLVED: that the accounts be approved.\n"
    )


@pytest.mark.parametrize("together", [True, False])
def test_the_minutes_of_one_meeting_in_two_languages_make_one_council(
    engine: Engine, tmp_path: Path, together: bool
) -> None:
    """A document pair: the same date, a town council in Welsh and one in English, the same people.
    Whether both come in one ingest or the Welsh first and the English later."""
    welsh = _write(tmp_path / "cy", {"cy.txt": _pair_minutes(WELSH, "Finance Committee")})
    english = _write(tmp_path / "en", {"en.txt": _pair_minutes(ENGLISH, "Finance Committee")})
    if together:
        ingest(engine, [welsh, english], workers=1)
    else:
        ingest(engine, [welsh], workers=1)
        ingest(engine, [english], workers=1)
    new = "cardigan-town-council/finance-committee/2024-03-05"
    assert _ids(engine) == [new, f"{new}-cy"]  # both documents kept, the Welsh one by its language
    with engine.connect() as connection:
        (council,) = councils(connection)
        welsh_id = "aberteifi-town-council/finance-committee/2024-03-05-cy"
        assert moved_to(connection, "meeting", welsh_id) in (f"{new}-cy", None)
    assert council.key == "cardigan-town-council"
    assert {(a.name, a.how) for a in council.names} == {(WELSH, "pair"), (ENGLISH, "spelling")}
    assert _counts(engine)["sources"] == 2  # the Welsh document is kept


def test_councils_with_other_people_on_one_day_stay_apart(engine: Engine, tmp_path: Path) -> None:
    others = "Councillor Tom Hughes, Councillor Siân Lloyd, Councillor Dai Morgan, Councillor Ann Jones"
    folder = _write(
        tmp_path / "minutes",
        {
            "cy.txt": _pair_minutes(WELSH, "Finance Committee"),
            "en.txt": _pair_minutes(ENGLISH, "Finance Committee", others),
            "other-type.txt": _pair_minutes("Llandysul Community Council", "Finance Committee"),
        },
    )
    ingest(engine, [folder], workers=1)
    assert len(_ids(engine)) == 3
    with engine.connect() as connection:
        assert {c.key for c in councils(connection)} == {
            "aberteifi-town-council",
            "cardigan-town-council",
            "llandysul-community-council",
        }


def test_the_names_of_meetings_stored_before_aliases_are_kept(engine: Engine, tmp_path: Path) -> None:
    """Migration 0011 keeps the council names of the meetings a database held already."""
    folder = _write(tmp_path / "minutes", {"a.txt": _minutes(WELSH, 5), "b.txt": _minutes(ENGLISH, 6)})
    ingest(engine, [folder], workers=1)
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0010")
    migrate(engine)
    with engine.connect() as connection:
        names = {(a.name, a.how, a.council_key) for c in councils(connection) for a in c.names}
    assert names == {
        (WELSH, "bilingual", "aberteifi-town-council"),
        (ENGLISH, "spelling", "cardigan-town-council"),
    }


def test_an_alias_of_a_council_nobody_knows_is_refused(engine: Engine, tmp_path: Path) -> None:
    ingest(engine, [_write(tmp_path / "minutes", {"a.txt": _minutes(OTHER, 5)})], workers=1)
    with pytest.raises(ValueError, match="no council is known"):
        declare(engine, OTHER, "Cardign Town Council")  # a typo: the meetings stay where they are
    assert _ids(engine) == ["aberteifi-town-council/finance-committee/2024-03-05"]


def test_a_pair_a_clerk_undid_stays_apart(engine: Engine, tmp_path: Path) -> None:
    """The body named in each language: two bodies of one council until a clerk says otherwise."""
    welsh = _write(tmp_path / "cy", {"cy.txt": _pair_minutes(WELSH, "Pwyllgor Cyllid")})
    english = _write(tmp_path / "en", {"en.txt": _pair_minutes(ENGLISH, "Finance Committee")})
    ingest(engine, [welsh, english], workers=1)
    assert _ids(engine) == [
        "cardigan-town-council/finance-committee/2024-03-05",
        "cardigan-town-council/pwyllgor-cyllid/2024-03-05-cy",
    ]
    undeclare(engine, WELSH)
    ingest(engine, [welsh, english], workers=1)
    assert _ids(engine) == [
        "aberteifi-town-council/pwyllgor-cyllid/2024-03-05-cy",
        "cardigan-town-council/finance-committee/2024-03-05",
    ]
    with engine.connect() as connection:
        assert {(a.name, a.how) for a in names_of(connection, WELSH)} == {(WELSH, "apart")}
