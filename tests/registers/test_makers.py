"""Decision makers read from a decision's text: a person's post (and name) as the subject of
"minded to" or "decided", or in a label before the decision; bodies and members make none. Makers
of a record of decisions, resolved to people of the people register; minded-to decisions linked
to their final decisions, through the real pipeline."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy

from minutebook.ingest import ingest
from minutebook.registers.makers import (
    MadeDecision,
    answered_by,
    decision_maker,
    link_minded,
    made_decisions,
    maker_parts,
    makers,
    unresolved,
)
from minutebook.store import migrate, open_engine


@pytest.mark.parametrize(
    ("text", "maker"),
    [
        ("The Commissioner was minded to approve the revised Licensing Policy.", "Commissioner"),
        ("Commissioner Ney is minded to agree the disposal of the depot.", "Commissioner Ney"),
        (
            "That the Cabinet Member for Highways and Transport is minded to approve the scheme.",
            "Cabinet Member for Highways and Transport",
        ),
        ("Cabinet Member decision: to approve the road closure.", "Cabinet Member"),
        ("Decision of the Leader: that the budget consultation be launched.", "Leader"),
        # As the decisions extractor keeps it, its "Decision" label taken off.
        (
            "of the Cabinet Member for Housing: to approve the Allocations Policy.",
            "Cabinet Member for Housing",
        ),
        ("Decision taken by the Director of Finance - award of the contract.", "Director of Finance"),
        ("The Leader has decided to appoint a new Deputy.", "Leader"),
        (
            "Record of decision of the Portfolio Holder for Housing: approve the allocations policy.",
            "Portfolio Holder for Housing",
        ),
    ],
)
def test_a_person_who_made_the_decision_is_its_maker(text: str, maker: str) -> None:
    assert decision_maker(text) == maker


@pytest.mark.parametrize(
    "text",
    [
        "The Cabinet was minded to approve the scheme.",  # a body: the meeting's own decision
        "The Committee is minded to refuse the application.",
        "Members agreed to defer the item.",
        "Councillor Smith agreed to write to the residents.",  # an undertaking, not a decision
        "Resolved: That the report be noted.",
    ],
)
def test_bodies_members_and_undertakings_make_no_maker(text: str) -> None:
    assert decision_maker(text) is None


def test_made_decisions_by_maker_and_kind(load) -> None:
    engine: sqlalchemy.Engine = load(
        [
            (
                "Commissioners Public Meeting",
                "2016-02-10",
                [
                    (
                        "Licensing Policy",
                        ["Commissioner Ney is minded to approve the revised Licensing Policy."],
                    ),
                    ("Depot", ["The Cabinet was minded to approve the sale of the depot."]),
                    ("Museum", ["Decision of the Leader: that the museum opens on Sundays."]),
                ],
            )
        ]
    )
    with engine.connect() as connection:
        mine = made_decisions(connection, maker="ney", kind="minded-to")
        [leader] = made_decisions(connection, maker="Leader")
    [decision] = mine
    assert (decision.maker, decision.kind, decision.date) == ("Commissioner Ney", "minded-to", "2016-02-10")
    assert decision.item_title == "Licensing Policy"
    assert (leader.maker, leader.kind, leader.item_title) == ("Leader", "resolved", "Museum")


def _made(maker: str, kind: str, text: str, date: str) -> MadeDecision:
    return MadeDecision(maker, kind, text, date, f"commissioners/{date}", "Commissioners", 1, "1", "t", 0, 1)


def test_three_minded_to_then_two_final_link_two_and_leave_one_unresolved() -> None:
    minded = [
        _made(
            "Commissioner Ney",
            "minded-to",
            "Minded to approve the revised Licensing Policy for taxis.",
            "2016-01-13",
        ),
        _made(
            "Commissioner Ney",
            "minded-to",
            "Minded to approve disposal of the Dinnington depot site.",
            "2016-01-13",
        ),
        _made(
            "Commissioner Myers",
            "minded-to",
            "Minded to approve the home to school transport policy.",
            "2016-02-10",
        ),
    ]
    final = [
        # Another maker on the same subject is not the final decision of Myers's minded-to one.
        _made("Commissioner Ney", "resolved", "Approved the home to school transport policy.", "2016-03-16"),
        _made(
            "Commissioner",
            "resolved",
            "Decided: the revised Licensing Policy for taxis is approved.",
            "2016-03-16",
        ),
        _made("Commissioner Ney", "resolved", "Approve disposal of the Dinnington depot site.", "2016-04-13"),
    ]
    links = link_minded([*final, *minded])
    assert [(link.minded.text[:30], link.final and link.final.date, link.days) for link in links] == [
        ("Minded to approve the revised ", "2016-03-16", 63),
        ("Minded to approve disposal of ", "2016-04-13", 91),
        ("Minded to approve the home to ", None, None),
    ]
    assert links[0].final is final[1]


def test_a_final_decision_answers_one_minded_to_decision_and_never_an_earlier_one() -> None:
    earlier = _made("Leader", "resolved", "The budget consultation is launched.", "2016-01-01")
    first = _made("Leader", "minded-to", "Minded to launch the budget consultation.", "2016-02-01")
    again = _made("Leader", "minded-to", "Minded to launch the budget consultation.", "2016-02-02")
    final = _made("Leader", "resolved", "Decided to launch the budget consultation.", "2016-03-01")
    links = link_minded([earlier, first, again, final])
    # The final decision answers the latest minded-to decision on its subject: the first lapsed.
    assert [(link.minded.date, link.final and link.final.date) for link in links] == [
        ("2016-02-01", None),
        ("2016-02-02", "2016-03-01"),
    ]


@pytest.mark.parametrize(
    ("maker", "name", "post", "body"),
    [
        ("Commissioner Mary Ney", "Mary Ney", "Commissioner", None),
        ("Mary Ney (Commissioner)", "Mary Ney", "Commissioner", None),
        (
            "Councillor Jane Smith, Cabinet Member for Housing",
            "Jane Smith",
            "Cabinet Member for Housing",
            None,
        ),
        (
            "Cabinet Member for Waste, Roads and Community Safety",
            None,
            "Cabinet Member for Waste, Roads and Community Safety",
            None,
        ),
        ("Director of Finance", None, "Director of Finance", None),
        ("Cabinet", None, None, "Cabinet"),
    ],
)
def test_a_maker_is_a_name_a_post_a_body_or_some_of_them(
    maker: str, name: str | None, post: str | None, body: str | None
) -> None:
    parts = maker_parts(maker)
    assert (parts.name, parts.post, parts.body) == (name, post, body)


def _record(heading: str, entries: list[tuple[str, str, str, str, str]]) -> str:
    """A record of decisions as a council publishes it: (reference, subject, maker, date, decision)."""
    blocks = ["Exampleton Borough Council", heading]
    for ref, subject, maker, date, decision in entries:
        fields = [f"Reference: {ref}", f"Subject: {subject}", f"Decision maker: {maker}"]
        blocks.append("\n".join([*fields, f"Date of decision: {date}", f"Decision: {decision}"]))
    return "\n\n".join(blocks) + "\n"


MINDED = _record(
    "Record of 'minded-to' decisions made by Commissioners since 11th January 2016",
    [
        (
            "CD/16/01",
            "Taxi licensing",
            "Commissioner Mary Ney",
            "13 January 2016",
            "Minded to approve the revised hackney carriage and private hire licensing policy.",
        ),
        (
            "CD/16/02",
            "Depot",
            "Commissioner Mary Ney",
            "20 January 2016",
            "Minded to approve the disposal of the former depot site at Station Road.",
        ),
        (
            "CD/16/03",
            "School transport",
            "Commissioner Malcolm Newsam",
            "3 February 2016",
            "Minded to approve the revised home to school transport policy.",
        ),
    ],
)
FINAL = _record(
    "Record of decisions made by Commissioners",
    [
        # Cites the minded-to decision by its reference; its words are not those of the minded-to one.
        (
            "CD/16/07",
            "Taxi licensing",
            "Commissioner Ney",
            "16 March 2016",
            "Adopted the policy on licensed vehicles, as consulted on (minded-to decision CD/16/01).",
        ),
        # Repeats the subject of the minded-to one, by the same maker.
        (
            "CD/16/08",
            "Depot",
            "Commissioner Mary Ney",
            "13 April 2016",
            "Approved the disposal of the former depot site at Station Road.",
        ),
    ],
)


def test_three_minded_to_decisions_then_two_final_ones_link_two_and_leave_one_unresolved(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / "minded-to-2016-02.txt").write_text(MINDED, encoding="utf-8")
    (folder / "decisions-2016-04.txt").write_text(FINAL, encoding="utf-8")
    engine = open_engine(f"sqlite:///{tmp_path / 'minutebook.db'}")
    migrate(engine)
    report = ingest(engine, [folder], workers=1, link=True)
    assert report.ok, report.failed
    with engine.connect() as connection:
        made = made_decisions(connection)
        by_ney = made_decisions(connection, maker="mary ney")
    links = link_minded(made)
    assert [(m.reference, m.kind, m.date) for m in made] == [
        ("CD/16/08", "resolved", "2016-04-13"),
        ("CD/16/07", "resolved", "2016-03-16"),
        ("CD/16/03", "minded-to", "2016-02-03"),
        ("CD/16/02", "minded-to", "2016-01-20"),
        ("CD/16/01", "minded-to", "2016-01-13"),
    ]
    assert [
        (link.minded.reference, link.final and link.final.reference, link.days, link.how) for link in links
    ] == [
        ("CD/16/01", "CD/16/07", 63, "reference"),
        ("CD/16/02", "CD/16/08", 84, "subject"),
        ("CD/16/03", None, None, None),
    ]
    assert [link.minded.reference for link in unresolved(links)] == ["CD/16/03"]
    assert answered_by(links)[made[1].key].minded.reference == "CD/16/01"  # the other way round
    # "Commissioner Ney" and "Commissioner Mary Ney" are one person of the people register.
    assert {m.maker_person for m in by_ney} == {"mary ney"} and len(by_ney) == 4
    assert {(m.maker_post, m.maker_body) for m in made} == {("Commissioner", None)}
    [ney, newsam] = makers(made, links)
    assert (ney.maker, ney.decisions, ney.minded_to, ney.final, ney.unresolved) == (
        "Commissioner Mary Ney",
        4,
        2,
        2,
        0,
    )
    assert (newsam.maker_person, newsam.unresolved, newsam.first_date) == ("malcolm newsam", 1, "2016-02-03")
    engine.dispose()


def test_a_cabinet_member_named_by_post_is_the_person_holding_it(load) -> None:
    engine: sqlalchemy.Engine = load(
        [
            (
                "Cabinet",
                "2016-06-01",
                [
                    (
                        "Allocations Policy",
                        [
                            "Councillor J. Smith, Cabinet Member for Housing, introduced the report.",
                            "The Cabinet Member for Housing was minded to approve the Allocations Policy.",
                        ],
                    )
                ],
            )
        ]
    )
    with engine.connect() as connection:
        [made] = made_decisions(connection, maker="smith")
    assert (made.maker, made.maker_person, made.maker_post) == (
        "Cabinet Member for Housing",
        "j. smith",
        "Cabinet Member for Housing",
    )


def test_a_final_decision_citing_the_date_of_the_minded_to_one_answers_it() -> None:
    minded = _made("Leader", "minded-to", "Minded to close the museum.", "2016-02-01")
    final = _made(
        "Leader",
        "resolved",
        "Decided to keep the gallery open (minded-to decision of 1st February 2016).",
        "2016-03-01",
    )
    [link] = link_minded([minded, final])
    assert (link.final, link.how, link.days) == (final, "reference", 29)


def test_the_real_minutes_name_no_maker_they_do_not_state(real_db: sqlalchemy.Engine) -> None:
    """The seeds and corpus hold no decision made by a person (the Commissioners' meeting only
    attaches its record of minded-to decisions): none of their decisions is given a maker, though
    Commissioners, Leaders and Chief Executives "agreed" and "reported" throughout."""
    with real_db.connect() as connection:
        assert made_decisions(connection) == []
        assert made_decisions(connection, kind="minded-to") == []


def test_an_office_named_by_its_post_is_one_maker_across_its_holders() -> None:
    post = "Cabinet Member for Housing"
    minded = replace(
        _made(post, "minded-to", "Minded to approve the allocations policy.", "2016-04-01"),
        maker_person="a. read",
    )
    final = replace(
        _made(post, "resolved", "Approved the allocations policy.", "2016-06-01"), maker_person="b. lee"
    )
    assert link_minded([minded, final])[0].final == final  # the post changed hands in May
    named = replace(minded, maker="Councillor A. Read, Cabinet Member for Housing")
    other = replace(final, maker="Councillor B. Lee, Cabinet Member for Housing")
    assert link_minded([named, other])[0].final is None  # two people, each named
