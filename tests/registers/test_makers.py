"""Decision makers read from a decision's text: a person's post (and name) as the subject of
"minded to" or "decided", or in a label before the decision; bodies and members make none."""

from __future__ import annotations

import pytest
import sqlalchemy

from minutebook.registers.makers import MadeDecision, decision_maker, link_minded, made_decisions


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
    assert [(link.minded.date, link.final and link.final.date) for link in links] == [
        ("2016-02-01", "2016-03-01"),
        ("2016-02-02", None),
    ]
