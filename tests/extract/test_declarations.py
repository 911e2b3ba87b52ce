"""Declarations of interest."""

from __future__ import annotations

from minutebook.extract.declarations import declarations


def test_declared_interest_in_an_item() -> None:
    (found,) = declarations(
        "Councillor Collins declared a pecuniary interest in item 7 and left the meeting."
    )
    assert (found.person, found.interest, found.item) == ("Councillor Collins", "pecuniary interest", "7")


def test_no_declarations() -> None:
    assert declarations("There were no declarations of interest.") == []
    assert declarations("No interests were declared.") == []
