"""Person mentions and their merging, on sentences from the seed pages and the corpus."""

from __future__ import annotations

import pytest

from minutebook.extract.names import given_names, initialled, mentions
from minutebook.extract.people import merge


def names(text: str) -> list[str]:
    return [m.name for m in mentions(text)]


def test_titled_mentions_keep_posts_and_honorifics_apart() -> None:
    (myers,) = mentions("Lead Commissioner Sir Derek Myers welcomed everyone and re-stated that the purpose")
    assert (myers.name, myers.honorific, myers.posts) == ("Derek Myers", "Sir", ["Lead Commissioner"])


def test_post_after_the_name() -> None:
    (read,) = mentions("Cllr Read, Leader of the Labour Group and Council updated onrecent decisions")
    assert (read.name, read.honorific) == ("Read", "Cllr")
    assert read.posts == ["Leader of the Labour Group and Council"]
    (lakin,) = mentions(
        "Councillor P. Lakin, Cabinet Member for Children, Young People and Families' Services was"
    )
    assert lakin.name == "P. Lakin"
    assert lakin.posts == ["Cabinet Member for Children, Young People and Families' Services"]


def test_untitled_names_need_a_given_name() -> None:
    text = "at this event. Louise Casey and Alexis Jay attended as key speakers. Jason Harwin, Rotherham"
    assert names(text) == ["Louise Casey", "Alexis Jay", "Jason Harwin"]


def test_organisations_and_posts_are_not_people() -> None:
    text = (
        "Capacity within Children's Services and the Head of Service tier; ongoing discussions on devolution "
        "in the Sheffield City Region; Strategic Task Force on Tata; the Strategic Director for Children and "
        "Young People's Services; Learners First Ltd. and the Police and Crime Commissioner for each year"
    )
    assert names(text) == []


def test_initials_and_substitutes() -> None:
    text = (
        "Health, Welfare and Safety Panel – Councillor G. A. Russell (Councillor S. Ali as her substitute)."
    )
    assert names(text) == ["G. A. Russell", "S. Ali"]


def test_forms_of_one_person_merge() -> None:
    found = mentions("Lead Commissioner Sir Derek Myers welcomed everyone.")
    found += mentions("Commissioner Myers will take a fresh look and Commissioner Newsam agreed.")
    people = merge(found)
    assert [p.name for p in people] == ["Derek Myers", "Newsam"]
    assert people[0].forms == ["Lead Commissioner Sir Derek Myers", "Commissioner Myers"]
    assert people[0].honorific == "Sir"


def test_different_given_names_stay_apart() -> None:
    people = merge(
        mentions("Councillors present: Councillor Alun Davies, Councillor Arwel Davies and Cllr A. Davies")
    )
    assert [p.name for p in people] == ["Alun Davies", "Arwel Davies"]


@pytest.mark.parametrize(
    "text",
    [
        "The fence at Oak Lodge was mended.",
        "Mr Dale Crane Position: Director of Works",
        "Members thanked the Fine Gael Councillors for the motion.",
        "Tickets for the Ryder Cup were discussed.",
    ],
)
def test_places_posts_and_plurals_are_not_people(text: str) -> None:
    names = [m.name for m in mentions(text)]
    assert not any(word in name for name in names for word in ("Lodge", "Position", "Councillors", "Cup"))


def test_lodge_is_a_surname_after_a_title() -> None:
    assert [m.name for m in mentions("Councillor Lodge seconded the motion.")] == ["Lodge"]


def test_a_vote_outcome_is_no_part_of_a_name() -> None:
    assert names("For: Councillor Ellery, Mayor Quill Carried") == ["Ellery", "Quill"]
    assert names("Seconded Ellery Quill Carried unanimously") == []


def test_sir_before_a_word_that_is_no_given_name_is_no_knight() -> None:
    # Welsh "Sir" is a county: "Urdd Sir Benfro". A knight is named by his given name.
    assert names("A grant to Urdd Sir Benfro and thanks to Sir Derek Myers and Sir Derek.") == [
        "Derek Myers",
        "Derek",
    ]


def test_initials_and_a_surname_alone_in_a_cell_are_people() -> None:
    # A planning table read from HTML: cells a gap apart; applicants named by initials only.
    row = "P/1021    Rear Extension    Bryn Cottage    SA20 0AB    T and M Pryce    NO OBJECTIONS"
    assert [m.name for m in initialled(row)] == ["T Pryce", "M Pryce"]
    assert [m.name for m in initialled("K.J. and A.W. Rees, hall hire, Chq No 101    £40.00")] == [
        "K. J. Rees",
        "A. W. Rees",
    ]
    assert [m.name for m in initialled("E Morgan")] == ["E Morgan"]


def test_initials_inside_a_sentence_or_before_a_word_are_not_people() -> None:
    assert initialled("Thanks to R Lewis for the photographs.") == []  # not a field of its own
    assert initialled("A Chara, thank you for the letter.") == []  # "A" is a word
    assert initialled("B Road    closed") == []
    assert initialled("P/1021    SA20 0AB") == []


def test_a_written_out_given_name_names_the_person_before_initials() -> None:
    (person,) = merge(mentions("Cllr Hubert Gwynne spoke.") + initialled("H.L. Gwynne, rent"))
    assert person.name == "Hubert Gwynne"
    assert person.forms == ["Cllr Hubert Gwynne", "H.L. Gwynne"]  # forms as printed


@pytest.mark.parametrize(
    "text",
    [
        "The reception will be at the Clayton Hotel on Friday.",  # a place's head noun after the pair
        "Bins were left out on Leon Boulevard again.",
        "The contract went to Merlin Waste for two years.",
        "Attachments: St. Paul Cuba resolution background information",  # a word that opens place names
        "a conference to be held in San Diego California next month",
        "Proposed Extension at Ty Isaf Salem Llandeilo SA19 7LP",  # a postcode follows: an address
        "Copies are in the Rose Bulletin and on the Olive Corridor noticeboard.",
        "BT Openreach, to install a line.",  # letters run together, but no post after the comma
    ],
)
def test_places_and_firms_are_no_people(text: str) -> None:
    assert names(text) == []


def test_an_initial_between_given_name_and_surname() -> None:
    assert names("Scott K. Jenkins and Ricky D. Hatch attended.") == ["Scott K. Jenkins", "Ricky D. Hatch"]


def test_a_name_run_into_the_next_line_is_cut_back_to_the_surname_named_alone() -> None:
    # A table row's last cell ("Councillor Nordman") joined to the next row's first ("Standing ...").
    people = merge(mentions("Moved by Councillor Nordman, seconded by Councillor Nordman Standing Policy."))
    assert [p.name for p in people] == ["Nordman"]


class _Slices(str):
    """A text that records how long each slice taken of it is."""

    longest = 0

    def __getitem__(self, key):  # type: ignore[no-untyped-def]
        part = super().__getitem__(key)
        _Slices.longest = max(_Slices.longest, len(part))
        return part


def test_the_work_for_each_name_does_not_grow_with_the_paragraph() -> None:
    # Issue 10: a paragraph of thousands of names took time in the square of their number, each name
    # reading all the text before it. Each looks at a bounded window around it instead.
    unit = "Councillor Ann Smith{0} and John Brown{0} met Cllr Jones{0} at the Clayton Hotel. "
    text = "".join(unit.format(chr(97 + i % 26) + chr(97 + i // 26 % 26)) for i in range(600))
    _Slices.longest = 0
    found = mentions(_Slices(text))
    assert len(found) == 1800
    assert _Slices.longest < 500  # a window around a name, not the text before it (45,000 characters)


def test_initials_run_together_before_a_surname_and_a_post() -> None:
    (clerk,) = mentions("JR Nicholson, Parish Clerk                 Date: 15/4/14")
    assert (clerk.name, clerk.posts) == ("J R Nicholson", ["Parish Clerk"])


def test_a_list_one_name_to_a_line_is_read_line_by_line() -> None:
    text = "PUBLIC COMMENT\nDr. Ronald Lynn Miller\nAnne Davis\nEsme Clark\nBetty Ross"
    assert names(text) == ["Ronald Lynn Miller", "Anne Davis", "Esme Clark", "Betty Ross"]
    # A name wrapped in a sentence does not start its line, and goes on over the break.
    assert names("the Chair welcomed Ms. Patricia\nByrne and Mary Ann\nSmith to the Chamber") == [
        "Patricia Byrne",
        "Mary Ann Smith",
    ]


def test_a_common_noun_after_a_given_name_is_no_surname() -> None:
    from minutebook.extract.people import common_words_as_names

    text = (
        "The Govan Letter was read. Cllr Green thanked Sarah Green. The letter was noted; the green is cut."
    )
    kept = common_words_as_names(mentions(text), text)
    assert [m.name for m in kept] == ["Green", "Sarah Green"]


def test_a_name_ends_before_the_next_title() -> None:
    text = "Commissioner Jill Banks Barad-Hopkins Commissioner Mia Lehrer Vice President Susana Reyes"
    assert names(text) == ["Jill Banks Barad-Hopkins", "Mia Lehrer", "Susana Reyes"]


def test_names_one_to_a_line_are_read_again_with_their_line_breaks() -> None:
    from minutebook.extract.people import paragraph_mentions

    lines = {
        1: "   John Fasana, Chair",
        2: "        James Butts",
        3: "        Sheila Kuehl",
        4: "  Carrie Bowen",
    }
    text = "John Fasana, Chair James Butts Sheila Kuehl Carrie Bowen"
    assert [m.name for m in paragraph_mentions(text, 1, lines)] == [
        "John Fasana",
        "James Butts",
        "Sheila Kuehl",
        "Carrie Bowen",
    ]
    assert "Sheila Kuehl" not in names(text)  # joined, the names run together


def test_the_sponsors_of_a_matter() -> None:
    from minutebook.extract.people import sponsors

    text = "Urging an end to the embargo. Sponsors: Prince, Noecker and Thao Attachments: background 17 RES"
    assert [m.name for m in sponsors(text)] == ["Prince", "Noecker", "Thao"]


def test_a_post_before_an_ordinary_word_is_no_person() -> None:
    from minutebook.extract.people import common_words_as_names

    text = (
        "Councillor Read opened. The Councillor Responsible for finance was not named; the officer "
        "responsible reported. Cllr Read read the report."
    )
    kept = common_words_as_names(mentions(text), text)
    assert [m.name for m in kept] == ["Read", "Read"]


def test_the_given_names_are_the_ones_the_gender_detector_knows() -> None:
    """Read from the detector's data file directly, the list must be the detector's own."""
    import gender_guesser.detector

    detector = gender_guesser.detector.Detector(case_sensitive=False)
    assert given_names() == frozenset(detector.names)
    assert {"junwei", "jun wei", "jun-wei"} <= given_names()  # "Jun+Wei" in the data
