"""Actions and their owners."""

from __future__ import annotations

from minutebook.extract.actions import action_in, actions
from minutebook.parse.blocks import clean
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


def test_owner_at_the_right_margin() -> None:
    # Manordeilo and Salem, June 2020: the reader keeps the gap before a right-aligned owner.
    line = clean("4.4.4.4.5iv) The identification of Common Land in Salem was still ongoing.    Clerk")
    action = action_in(line)
    assert action is not None and action.owner == "Clerk"
    assert action.text == "4.4.4.4.5iv) The identification of Common Land in Salem was still ongoing."
    both = action_in(
        clean(
            "Cllr. W. Loynton had received an enquiry regarding footpaths; Cllr. O. Williams would send"
            " him the link to the information.    Cllrs. O. Williams and W. Loynton"
        )
    )
    assert both is not None and both.owner == "Cllrs. O. Williams and W. Loynton"


def test_outcome_at_the_right_margin_is_no_owner() -> None:
    for line in (
        "         ii.      Drainage",  # Boughton's agenda: a gap after a number is layout
        "1.         Prayer  1",
        "Lloyds Bank, Sheet Number 27 dated 1st April 2020, Balance of £6,564.21    Noted",
        "Storage Building    Panteg Bungalow    Capel Isaac    SA19 7TE    R Lewis    NO OBJECTIONS",
        # Stoke Ferry, July 2013: the gap is of no-break spaces.
        "Cllr Mrs Lintern proposed acceptance of the Minutes seconded by Cllr Hand."
        "\u00a0\u00a0\u00a0 **Unanimously Agreed**",
        "Cllr Mrs Clements proposed closing the meeting seconded by Cllr Mrs Hull."
        "\u00a0\u00a0\u00a0 The meeting closed for public issues",
    ):
        assert action_in(clean(line)) is None, line


def test_owner_on_a_line_of_its_own() -> None:
    found = actions(
        [
            Paragraph(
                ref=None, text="Cllr. O. Williams and the Clerk to review the Standing Orders.", line=65
            ),
            Paragraph(ref=None, text="Cllr. O. Williams/Clerk", line=67),
            Paragraph(ref=None, text="CHAIRPERSON", line=70),
        ]
    )
    assert [(a.owner, a.line) for a in found] == [("Cllr. O. Williams/Clerk", 65)]


def test_a_request_put_to_the_meeting_is_no_action() -> None:
    assert action_in("Ms. Farrow asked Council to delay the vote until spring.") is None
    clerk = action_in("The Chairman asked the Clerk to write to the highways team.")
    assert clerk is not None and clerk.owner == "Clerk"


def test_owner_in_capitals_after_the_last_sentence() -> None:
    action = action_in("Members were asked to suggest sites for a new bench. ALL")
    assert action is not None and action.owner == "ALL"
    assert action_in("The grant was approved. CARRIED") is None


def test_shorthand_tasks_name_their_owner() -> None:
    texts = {
        "Board consensus is for Ms. Benson to contact MRPC again and set up meeting.": "Ms. Benson",
        "Sites were discussed.  Ms. Benson to  check on HUD status for the old school.": "Ms. Benson",
        "Clerk to write to the police.": "Clerk",
        "TF agreed to send the results round.": "TF",
    }
    for text, owner in texts.items():
        action = action_in(text)
        assert action is not None and action.owner == owner, text
    for text in ("The Council to consider this next month.", "Tony Doran agreed that awareness was crucial."):
        assert action_in(text) is None


def test_a_signatory_under_a_dated_confirmation_owns_no_action() -> None:
    found = actions(
        [
            Paragraph(None, "Daingithe ar an lá de Iúil, 2025.", 191),
            Paragraph(None, "Cllr. Joe Sullivan Cathaoirleach", 192),
        ]
    )
    assert found == []


def test_action_labels_as_other_minutes_print_them() -> None:
    cases = {
        "ACTION POINT: Clerk to write to the police.": "Clerk",
        "**Action:** Treasurer to pay the invoice.": "Treasurer",
        "The Clerk will obtain quotes for the bench. (Action: Clerk)": "Clerk",
        "Quotes for the bench to be obtained [ACTION: JB]": "JB",
    }
    for text, who in cases.items():
        found = actions([Paragraph(None, text, 1)])
        assert [a.owner for a in found] == [who], text


def test_actions_none_is_no_action() -> None:
    assert actions([Paragraph(None, "Actions: None", 1)]) == []
    assert actions([Paragraph(None, "Action: nil.", 1)]) == []


def test_owners_at_the_margin_of_rows_joined_in_one_paragraph() -> None:
    text = (
        "War Memorial: Cllr Howell asked that Council write in support.\tClerk Residents Parking: "
        "Cllr Hackett would pass this on to the resident.\tNH"
    )
    found = actions([Paragraph(None, text, 1)])
    assert [a.owner for a in found] == ["Clerk", "NH"]
    assert found[1].text.startswith("Residents Parking:")


def test_a_motion_under_an_action_label_is_no_task() -> None:
    assert (
        actions([Paragraph(None, "ACTION: Motion to approve the budget (Smith/Jones). Approved 5-0.", 1)])
        == []
    )


def test_agreed_that_a_person_or_post_would_act_is_their_task() -> None:
    found = actions([Paragraph(None, "It was agreed that the Clerk would write to the police.", 1)])
    assert [a.owner for a in found] == ["Clerk"]
    assert actions([Paragraph(None, "It was agreed that the Council would respond.", 1)]) == []
