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


def test_an_interest_reported_in_other_words() -> None:
    (found,) = declarations(
        "Councillor Hodivala stated that she had a non-pecuniary interest in a school application."
    )
    assert found.person == "Councillor Hodivala" and found.interest.startswith("non-pecuniary interest")
    assert declarations("He stated that there was interest in the scheme.") == []


def test_a_recusal_is_a_declaration() -> None:
    (found,) = declarations("Commissioner Ruiz recused himself from item 7 (the Main Street contract).")
    assert (found.person, found.interest, found.item) == ("Commissioner Ruiz", "recused", "7")
