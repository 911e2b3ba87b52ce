"""Actions and their owners."""

from __future__ import annotations

from minutebook.extract.actions import action_in, actions
from minutebook.record import Paragraph


def test_action_with_a_named_owner() -> None:
    action = action_in("Action: Commissioner Myers will take a fresh look and review this issue.")
    assert action is not None
    assert action.owner == "Commissioner Myers"
    assert action.text == "Commissioner Myers will take a fresh look and review this issue."


def test_owner_is_a_body_or_post() -> None:
    dclg = action_in("Action: DCLG to obtain advice from CIPFA.")
    chair = action_in("Action: Chair to write, on behalf of the Panel, to Ministers reviewing progress")
    assert dclg is not None and dclg.owner == "DCLG"
    assert chair is not None and chair.owner == "Chair"


def test_owner_at_the_end_of_a_paragraph() -> None:
    action = action_in("The clerk will contact Highways about the pothole. Action: Clerk")
    assert action is not None and action.owner == "Clerk"


def test_paragraphs_without_actions() -> None:
    found = actions([Paragraph("5.2", "Commissioner Myers responded as appropriate.", 3)])
    assert found == []
    (one,) = actions([Paragraph(None, "Action: Panel to develop view and place on data.gov.uk", 7)])
    assert (one.owner, one.line) == ("Panel", 7)


def test_someone_asked_to_do_something() -> None:
    text = "The Chairman asked the Clerk to investigate and report back to the next meeting."
    action = action_in(text)
    assert action is not None and action.owner == "Clerk"
    assert action.text == "Clerk to investigate and report back to the next meeting"
    assert action_in("Cllr Lintern asked why it took so long for the police to arrive at the scene") is None
