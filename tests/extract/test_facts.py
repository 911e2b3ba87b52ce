"""Facts filled in over a whole record: an action log's rows go to the items they name."""

from __future__ import annotations

from minutebook.extract.facts import _logged_facts_to_their_items
from minutebook.record import Action, Decision, Item


def test_an_action_log_row_goes_to_the_item_its_minute_number_names() -> None:
    items = [
        Item("Attendance", "FGB 20/2021"),
        Item("Minutes", "FGB 22/2021"),
        Item("Next meeting", "FGB 37/2021"),
    ]
    items[2].actions = [
        Action("20/2021 Notify the new governor of her appointment", "Clerk"),
        Action("22c/2021 Minutes to website", "Clerk"),
        Action("Book the hall", "Clerk"),  # no minute number: stays where it was found
        Action("99/2021 Something for no item here", "Clerk"),
    ]
    _logged_facts_to_their_items(items)
    assert [a.text[:7] for a in items[0].actions] == ["20/2021"]
    assert [a.text[:8] for a in items[1].actions] == ["22c/2021"]
    assert [a.text[:7] for a in items[2].actions] == ["Book th", "99/2021"]


def test_bare_numbers_are_not_read_as_minute_numbers() -> None:
    items = [Item("Apologies", "1"), Item("Minutes", "2"), Item("Any other business", "3")]
    items[2].actions = [Action("2 new benches to be ordered", "Clerk")]
    _logged_facts_to_their_items(items)
    assert len(items[2].actions) == 1 and not items[1].actions


def test_a_decision_opening_with_another_items_whole_number_goes_to_that_item() -> None:
    items = [
        Item("Minutes", "BM 38/2122"),
        Item("Governance", "BM 44/2122"),
        Item("Next meeting", "BM 51/2122"),
    ]
    items[2].decisions = [
        Decision(kind="agreed", text="BM 38/2122 To agree the Minutes The minutes were agreed and signed."),
        Decision(kind="agreed", text="38/2122 a tail of a number only: stays"),
        Decision(kind="agreed", text="BM 51/2122 its own item's: stays"),
    ]
    _logged_facts_to_their_items(items)
    assert len(items[0].decisions) == 1 and items[0].decisions[0].text.startswith("BM 38/2122")
    assert [d.text[:7] for d in items[2].decisions] == ["38/2122", "BM 51/2"]
