"""Decisions from minute paragraphs, on wordings from the seeds and the corpus."""

from __future__ import annotations

from minutebook.extract.decisions import decisions, vote
from minutebook.record import Paragraph


def paragraphs(*texts: str, refs: list[str | None] | None = None) -> list[Paragraph]:
    refs = refs or [None] * len(texts)
    return [
        Paragraph(ref=ref, text=text, line=10 + i)
        for i, (ref, text) in enumerate(zip(refs, texts, strict=True))
    ]


def test_resolved_with_lettered_parts_is_one_decision() -> None:
    found = decisions(
        paragraphs(
            "Resolved: -  That the following appointments of representatives on panels and working groups "
            "from the Improving Lives Select Commission for the 2013-2014 Municipal Year be approved: -",
            "Health, Welfare and Safety Panel – Councillor G. A. Russell "
            "(Councillor S. Ali as her substitute).",
            "Recycling Group – Councillor D. Lelliott.",
            refs=[None, "(a)", "(b)"],
        )
    )
    assert len(found) == 1
    assert found[0].kind == "resolved" and found[0].line == 10
    assert found[0].text.startswith("That the following appointments")
    assert "(b) Recycling Group" in found[0].text


def test_opening_words_give_the_kind() -> None:
    found = decisions(
        paragraphs(
            "RESOLVED: That the report be noted.", "AGREED that the clerk writes.", "Noted.", "Recommended: X"
        )
    )
    assert [d.kind for d in found] == ["resolved", "agreed", "noted", "recommended"]


def test_minded_to() -> None:
    (found,) = decisions(paragraphs("The Commissioners are minded to approve the disposal of the site."))
    assert found.kind == "minded-to"


def test_narrative_agreement_is_not_a_decision() -> None:
    text = "The Chief Executive has agreed to enhance the HR and Finance functions; work was carried out."
    assert decisions(paragraphs(text)) == []


def test_proposed_seconded_and_resolved() -> None:
    (found,) = decisions(
        paragraphs(
            "Proposed by Councillor Collins, Seconded by Councillor Keary; And Resolved: to adopt the plan."
        )
    )
    assert found.kind == "resolved"
    assert (found.movers, found.seconders) == (["Councillor Collins"], ["Councillor Keary"])


def test_parish_all_agreed() -> None:
    (found,) = decisions(paragraphs("To pay the grass cutting invoice. Prop CP, 2nd RC, All agreed."))
    assert found.kind == "agreed" and found.movers == ["CP"] and found.seconders == ["RC"]


def test_votes() -> None:
    counted = vote("Motion Passed (15 to 0)")
    assert counted is not None and (counted.for_, counted.against, counted.result) == (15, 0, "passed")
    carried = vote("Moved: Cr Lawson Seconded: Cr Dalton CARRIED")
    assert carried is not None and carried.result == "carried" and carried.for_ is None
    assert vote("The report was considered.") is None


def test_carried_or_lost_after_a_motion() -> None:
    # Hastings District Council (NZ), 31 January 2019: mover/seconder, the motion, its fate.
    found = decisions(
        paragraphs(
            "Councillor Watkins/Councillor Travers That the minutes of the Council Meeting held Thursday,"
            " 6 December 2019 be confirmed as a true and correct record and be adopted.",
            "CARRIED",
            "Mayor Hazlehurst/Councillor Nixon That the Seal Register lie on the table during the meeting.",
            "LOST",
            "The Chair declared a personal interests as a partner in Strover-Leader & Co which carried out"
            " auditing work for various voluntary sector bodies which operated in Merton.",
        )
    )
    assert [(d.kind, d.text[:29], d.vote and d.vote.result) for d in found] == [
        ("resolved", "That the minutes of the Counc", "carried"),
        ("other", "That the Seal Register lie on", "lost"),
    ]
    assert (found[0].movers, found[0].seconders) == (["Councillor Watkins"], ["Councillor Travers"])


def test_passed_with_a_count_and_unanimous_approval_close_decisions() -> None:
    found = decisions(
        paragraphs(
            "Motion: Mayor Granger moved to accept the bills. Councilor Quill seconded. It passed 4-1.",
            "The play area inspection report, as circulated, was unanimously approved.",
            "The councillors discussed the parking survey at length.",
        )
    )
    assert [d.kind for d in found] == ["resolved", "agreed"]


def test_a_motion_inside_a_report_paragraph_is_the_decision_text() -> None:
    # The purpose of the report and the debate run on into the motion in one paragraph: the decision
    # is the motion, from its "That" after the label to its outcome, and the kind is the motion's.
    (found,) = decisions(
        paragraphs(
            "Purpose of Report To seek approval for a grant to the Harbour Rowing Club. At the Meeting "
            "Members agreed that the slipway is unsafe. Officer's recommendation That the Committee note the "
            "report. Committee's recommendation Councillors Grey / Hollis That the Committee: a. Approve a "
            "grant of $5,000 to the Harbour Rowing Club. Carried The meeting adjourned at 4.10pm."
        )
    )
    assert found.kind == "resolved"
    assert found.text == (
        "That the Committee: a. Approve a grant of $5,000 to the Harbour Rowing Club. Carried"
    )


def test_a_paragraph_that_is_only_the_motion_keeps_its_words() -> None:
    text = "Motion: Councilor Reyes moved to adopt Resolution 12-2020. Seconded by Councilor Ito. Passed 5-0."
    (found,) = decisions(paragraphs(text))
    assert found.text == text


def test_a_result_alone_decides_the_whole_lettered_motion_above_it() -> None:
    found = decisions(
        paragraphs(
            "(Document 20/17) Councillor Amos/Councillor Baird",
            'A) That the report of the Parks Manager titled "Playground Renewals" be received.',
            "B) That Council approve the renewal of three playgrounds:",
            "at Elm Street and Oak Reserve;",
            "C) That the work be funded from the renewals budget.",
            "CARRIED",
        )
    )
    assert [d.text.splitlines() for d in found] == [
        [
            'A) That the report of the Parks Manager titled "Playground Renewals" be received.',
            "B) That Council approve the renewal of three playgrounds:",
            "at Elm Street and Oak Reserve;",
            "C) That the work be funded from the renewals budget.",
        ]
    ]


def test_a_result_alone_decides_only_the_last_plain_motion_not_the_vote_table() -> None:
    found = decisions(
        paragraphs(
            "That the report BE RECEIVED.",
            "That the motion be amended to add a review in June.",
            "Vote: |Yeas:| |A. Lind| |B. Moss|",
            "Motion Passed (2 to 0)",
        )
    )
    assert [d.text for d in found] == ["That the motion be amended to add a review in June."]


def test_the_body_resolved_or_agreed_is_a_decision_but_a_person_agreeing_is_not() -> None:
    found = decisions(
        paragraphs(
            "Committee resolved to note the apologies.",
            "The Council agreed to write to the highway authority.",
            "TF agreed to send the results round.",
            "Tony Doran agreed that awareness was crucial.",
        )
    )
    assert [(d.kind, d.line) for d in found] == [("resolved", 10), ("agreed", 11)]


def test_carried_as_a_verb_is_no_outcome() -> None:
    texts = (
        "Mr Murphy spoke at the celebration of the Tunnel, which carried 18 million passengers.",
        "Bernadette (question carried from Item 6): do members have experience of this?",
    )
    assert decisions(paragraphs(*texts)) == []


def test_us_style_motions_name_mover_and_seconder() -> None:
    found = decisions(
        paragraphs(
            "Commissioner Harvey moved to approve the consent items; Commissioner Froerer seconded.",
            "Mr. Sculimbrene makes a motion to accept these handbooks. Mr. Lehtinen seconds the motion. "
            "All approve",
            "Minutes approved – Z. Maiorca (motion), T. Feinberg (second)",
        )
    )
    assert [(d.movers, d.seconders) for d in found] == [
        (["Commissioner Harvey"], ["Commissioner Froerer"]),
        (["Mr. Sculimbrene"], ["Mr. Lehtinen"]),
        (["Z. Maiorca"], ["T. Feinberg"]),
    ]


def test_a_fate_printed_below_its_motion_is_the_same_decision() -> None:
    found = decisions(
        paragraphs(
            "Motion: BOARDMEMBER RASMUSSEN MOVED TO APPROVE THE CONSENT ITEM AS PRESENTED. "
            "BOARDMEMBER CAMERON SECONDED THE MOTION. CHAIR",
            "FULLMER, BOARDMEMBERS CAMERON AND SIFUENTES VOTED YES.THE MOTION CARRIED UNANIMOUSLY.",
            "Deputy City Clerk: The vote Your Worship, Yeas 13, Nays 3. The motion is carried.",
        )
    )
    assert len(found) == 1
    assert found[0].kind == "resolved" and found[0].vote and found[0].vote.result == "carried"


def test_a_second_resolution_in_capitals_inside_a_paragraph_is_its_own() -> None:
    found = decisions(
        paragraphs(
            "RESOLVED: That the Council has concerns about this application. "
            "FURTHER RESOLVED: That the Clerk be instructed to communicate these views."
        )
    )
    assert [d.text for d in found] == [
        "That the Council has concerns about this application.",
        "That the Clerk be instructed to communicate these views.",
    ]


def test_a_signature_block_is_no_decision() -> None:
    assert decisions(paragraphs("Signed as a correct record", "Signed ............ Chairman")) == []


def test_what_was_decided_as_the_subject_is_a_decision() -> None:
    found = decisions(
        paragraphs(
            "These were presented by the outgoing chair and approved.",
            "The reply as distributed was endorsed by those present.",
            "The scheme was approved by Council in 2019 and is now under way.",
            "These were moved as correct by Robert Preston and Esme Clark",
        )
    )
    assert [d.line for d in found] == [10, 11, 13]


def test_narrative_agreement_gives_way_to_a_formal_resolution() -> None:
    found = decisions(
        paragraphs(
            "It was noted that a significant challenge was the increase in referrals.",
            "The Chair asked members to attend future meetings. This was agreed by the panel.",
            "RESOLVED that the update be noted.",
        )
    )
    assert [d.text for d in found] == ["that the update be noted."]


def test_motions_run_together_are_one_decision_each() -> None:
    found = decisions(
        paragraphs(
            "H2-RESOLUTION Commissioner Froerer moved to adopt Resolution 64-2019; Commissioner Harvey "
            "seconded. Commissioner Harvey – aye; Chair Jenkins – aye H3-ACTION ON THE CDBG PROCESS. "
            "Commissioner Harvey moved to continue with the CDBG process; Commissioner Froerer seconded."
        )
    )
    assert [d.movers for d in found] == [["Commissioner Froerer"], ["Commissioner Harvey"]]


def test_a_motion_its_fate_and_its_resolution_are_one_decision() -> None:
    (found,) = decisions(
        paragraphs(
            "Mr Gough proposed, and Mr Brady seconded that Mr G Cooke be elected to Chair the meeting.",
            "Agreed unanimously.",
            "RESOLVED that Mr Cooke be elected to Chair the meeting.",
        )
    )
    assert found.text == "that Mr Cooke be elected to Chair the meeting."
    assert (found.kind, found.movers, found.seconders) == ("resolved", ["Mr Gough"], ["Mr Brady"])


def test_roll_calls_and_counts() -> None:
    roll = vote("Commissioner Harvey – aye; Commissioner Froerer – aye; Chair Jenkins – nay")
    assert roll is not None
    assert (roll.names_for, roll.names_against) == (
        ["Commissioner Harvey", "Commissioner Froerer"],
        ["Chair Jenkins"],
    )
    named = vote("Ayes: Smith, Jones and Brown. Nays: Green.")
    assert named is not None and (named.names_for, named.names_against) == (
        ["Smith", "Jones", "Brown"],
        ["Green"],
    )
    counted = vote("The vote Your Worship, Yeas 13, Nays 3. The motion is carried.")
    assert counted is not None and (counted.for_, counted.against, counted.result) == (13, 3, "carried")
    passed = vote("The motion passed 5-0.")
    assert passed is not None and (passed.for_, passed.against) == (5, 0)
    assert vote("Resolution 64-2019 was adopted") is None


def test_a_fate_after_discussion_is_still_the_motion_above() -> None:
    (found,) = decisions(
        paragraphs(
            "Councilmember Dowe moved, seconded by Councilmember Stall, to approve first reading.",
            "After discussion, the motion carried unanimously.",
        )
    )
    assert found.kind == "resolved" and found.vote and found.vote.result == "carried"
    assert (found.movers, found.seconders) == (["Councilmember Dowe"], ["Councilmember Stall"])


# Motions as councils and boards elsewhere write them: each one decision, with its mover and seconder.
def test_us_motions_by_name_give_one_decision_with_mover_and_seconder() -> None:
    cases = [
        ("Motion by Smith, second by Jones, to approve the consent agenda. Motion carried 5-0.",),
        ("On a motion by Trustee Smith, seconded by Trustee Jones, the Board voted unanimously to approve.",),
        ("Motion to table made by Smith, seconded by Jones. Motion carried.",),
        ("Motion by Smith/Jones to approve the minutes. Passed 5-0.",),
        ("MOTION: To approve the agenda. MOVED: Smith SECONDED: Jones. VOTE: 5-0-0. MOTION PASSED.",),
        (
            "Commissioner Hale moved to approve the plat. Commissioner Jones seconded.",
            "Ayes: Hale, Jones, Ross. Nays: None. Motion carried.",
        ),
    ]
    for texts in cases:
        found = decisions(paragraphs(*texts))
        assert len(found) == 1, texts
        assert found[0].kind == "resolved", texts
        assert found[0].movers and found[0].movers[0].split()[-1] in ("Smith", "Hale"), texts
        assert found[0].seconders and found[0].seconders[0].split()[-1] == "Jones", texts


def test_a_failed_motion_is_kept_with_its_count() -> None:
    found = decisions(paragraphs("Motion by Smith to deny; second by Jones. Motion failed 2-3."))
    assert len(found) == 1 and found[0].kind == "other"
    assert found[0].vote and (found[0].vote.result, found[0].vote.for_, found[0].vote.against) == (
        "failed",
        2,
        3,
    )


def test_voted_is_a_decision_word() -> None:
    found = decisions(
        paragraphs(
            "Upon motion duly made and seconded, it was unanimously VOTED: to approve the warrant.",
            "VOTED: To approve the contract as presented. Vote 5-0.",
        )
    )
    assert [d.kind for d in found] == ["resolved", "resolved"]


def test_movers_on_their_own_line_then_the_motion_then_its_fate() -> None:
    found = decisions(
        paragraphs("Moved Cr Smith, seconded Cr Jones", "That the report be received.", "CARRIED 5/2")
    )
    assert len(found) == 1
    assert found[0].text == "That the report be received." and found[0].kind == "resolved"
    assert found[0].movers == ["Cr Smith"] and found[0].seconders == ["Cr Jones"]
    assert found[0].vote and (found[0].vote.for_, found[0].vote.against) == (5, 2)


def test_a_bulleted_proposal_seconder_and_unanimous_vote_are_one_decision() -> None:
    found = decisions(
        paragraphs(
            "* John Machin proposes Nicholas & John as co-chairs",
            "* Margie Smith seconds",
            "* Unanimous vote recorded for Nicholas & John to continue as co-chairs",
        )
    )
    assert len(found) == 1 and found[0].kind == "resolved"


def test_a_label_names_its_own_seconder_not_the_name_before_it() -> None:
    found = decisions(paragraphs("Proposed: Cllr A Hale  Seconded: Cllr B Ames  All in favour"))
    assert found[0].movers == ["Cllr A Hale"] and found[0].seconders == ["Cllr B Ames"]


def test_movers_in_brackets_after_resolved() -> None:
    found = decisions(paragraphs("RESOLVED (Cllr Hale / Cllr Ames) that the accounts be approved."))
    assert found[0].text == "that the accounts be approved."
    assert found[0].movers == ["Cllr Hale"] and found[0].seconders == ["Cllr Ames"]


def test_a_paragraph_number_before_resolved_is_not_part_of_it() -> None:
    found = decisions(paragraphs("6 RESOLVED", "that the Panel notes the progress to date."))
    assert len(found) == 1 and found[0].text == "that the Panel notes the progress to date."
    assert found[0].paragraph == "6"


def test_apologies_received_and_accepted_are_no_decision() -> None:
    assert decisions(paragraphs("Apologies were received and accepted from Cllr Smith.")) == []
    assert len(decisions(paragraphs("RESOLVED that the apologies of Cllr Smith be accepted."))) == 1


def test_more_motion_wordings_each_one_decision() -> None:
    cases = [
        (
            "Motion made by Mr. Smith, seconded by Mrs. Jones, to approve the agenda. Roll call vote: "
            "Smith, aye; Jones, aye. Motion carried 2-0.",
        ),
        ("Motion made and seconded to adjourn at 9:05 p.m. Approved unanimously.",),
        ("Upon a motion by Ms. Smith and second by Mr. Jones, the Board approved the contract.",),
        (
            "Councilmember Lee moved, seconded by Councilmember Park, to adopt Resolution 2023-45.",
            "AYES: Lee, Park",
            "NOES: None",
            "Motion carried.",
        ),
        (
            "Moved by: Councillor Smith Seconded by: Councillor Jones",
            "BE IT RESOLVED THAT Council approves it.",
            "CARRIED",
        ),
        (
            "Motion No. 1 Moved by Councillor Nordman, Seconded by Councillor Steen, WHEREAS it is required;",
            "THEREFORE BE IT RESOLVED that section 6(2) of the by-law be amended;",
            "CARRIED",
        ),
    ]
    for texts in cases:
        found = decisions(paragraphs(*texts))
        assert len(found) == 1 and found[0].kind == "resolved", texts


def test_movers_named_with_a_title_and_a_full_stop() -> None:
    found = decisions(
        paragraphs("It was proposed by Cllr. P. Harries, seconded by Cllr. W. Loynton and agreed.")
    )
    assert found[0].movers == ["Cllr. P. Harries"] and found[0].seconders == ["Cllr. W. Loynton"]


def test_be_it_resolved_after_the_movers_is_the_motion() -> None:
    found = decisions(
        paragraphs(
            "Moved by: Councillor Smith Seconded by: Councillor Jones", "BE IT RESOLVED THAT X.", "CARRIED"
        )
    )
    assert found[0].text == "BE IT RESOLVED THAT X."


def test_an_election_minuted_as_done_is_a_decision_and_a_recollection_is_not() -> None:
    found = decisions(paragraphs("Cllr Smith was duly elected Chairman for the ensuing year."))
    assert len(found) == 1 and found[0].kind == "resolved"
    assert decisions(paragraphs("Cllr X, who was elected in May, thanked the staff.")) == []
    assert decisions(paragraphs("The new members appointed to the board were welcomed.")) == []


def test_a_list_of_fates_in_capitals_gives_a_decision_a_line() -> None:
    found = decisions(
        paragraphs(
            "o APPROVED – 2018 Meetings Calendar",
            "o APPROVED – Revised 2018 budget – B. Munro (motion), Z. Maiorca (second)",
            "\uf0a7 New funding for street pole banner repairs",
            "DENIED - the variance request",
        )
    )
    assert [d.kind for d in found] == ["resolved", "resolved", "other"]
    assert found[1].movers == ["B. Munro"] and found[1].seconders == ["Z. Maiorca"]
    assert decisions(paragraphs("Approved: 08/12/2025")) == []


def test_a_motion_whose_roll_call_is_all_ayes_passed() -> None:
    found = decisions(
        paragraphs(
            "Commissioner Harvey moved to approve the contract; Commissioner Froerer seconded. "
            "Commissioner Harvey – aye; Commissioner Froerer – aye; Chair Jenkins – aye"
        )
    )
    assert len(found) == 1 and found[0].kind == "resolved"
    split = decisions(
        paragraphs(
            "Commissioner Harvey moved to deny; Commissioner Froerer seconded. "
            "Commissioner Harvey – aye; Commissioner Froerer – nay; Chair Jenkins – nay"
        )
    )
    assert split[0].kind == "other"


def test_and_resolved_at_a_paragraphs_end_takes_the_next_paragraph_as_the_resolution() -> None:
    found = decisions(
        paragraphs(
            "Proposed by Cllr A Hale, Seconded by Cllr B Ames. And Resolved:",
            "That the accounts be approved.",
        )
    )
    assert len(found) == 1 and found[0].text == "That the accounts be approved."
    assert found[0].movers == ["Cllr A Hale"]


def test_a_signature_block_run_into_a_paragraph_is_no_decision() -> None:
    assert (
        decisions(
            paragraphs(
                "Date of next meeting Monday 28 March The meeting closed at 1945 Signed as a true record"
            )
        )
        == []
    )
    assert len(decisions(paragraphs("The minutes were signed as a true record."))) == 1


def test_a_decision_under_a_label_naming_its_maker_keeps_the_label() -> None:
    """Records of executive and delegated decisions: the label names who decided, so it stays."""
    texts = [
        "Cabinet Member decision: to approve the revised Home to School Transport Policy.",
        "Decision of the Leader: that the disposal of the former depot be approved.",
        "Decision taken by the Director of Finance - to award the contract to Acme Ltd.",
        "The Commissioner's decision: minded to approve the Statement of Licensing Policy.",
    ]
    found = decisions(paragraphs(*texts))
    assert [d.text for d in found] == texts
    assert [d.kind for d in found] == ["resolved", "resolved", "resolved", "minded-to"]


def test_fields_of_a_record_of_decision_are_not_decisions() -> None:
    found = decisions(
        paragraphs(
            "Key decision: Yes",
            "Reasons for the decision: the policy is out of date.",
            "Date of decision: 5 May",
        )
    )
    assert found == []
