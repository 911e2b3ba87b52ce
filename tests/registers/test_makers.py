"""Decision makers read from a decision's text: a person's post (and name) as the subject of
"minded to" or "decided", or in a label before the decision; bodies and members make none."""

from __future__ import annotations

import pytest
import sqlalchemy

from minutebook.registers.makers import decision_maker, made_decisions


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
                ],
            )
        ]
    )
    with engine.connect() as connection:
        mine = made_decisions(connection, maker="ney", kind="minded-to")
        assert made_decisions(connection, maker="Leader") == []
    [decision] = mine
    assert (decision.maker, decision.kind, decision.date) == ("Commissioner Ney", "minded-to", "2016-02-10")
    assert decision.item_title == "Licensing Policy"
