"""Appointments from a resolution, with substitutes and the municipal year."""

from __future__ import annotations

from minutebook.extract.appointments import appointments
from minutebook.record import Decision

SEED = (
    "That the following appointments of representatives on panels and working groups from the Improving "
    "Lives Select Commission for the 2013-2014 Municipal Year be approved: -\n"
    "(a) Health, Welfare and Safety Panel – Councillor G. A. Russell (Councillor S. Ali as her substitute).\n"
    "(b) Recycling Group – Councillor D. Lelliott.\n"
    "(c) Environment and Climate Change Strategy Group – Councillor L. Astbury."
)


def test_listed_appointments() -> None:
    found = appointments(Decision(kind="resolved", text=SEED, line=21))
    assert [(a.person, a.position, a.substitute) for a in found] == [
        ("Councillor G. A. Russell", "Health, Welfare and Safety Panel", "Councillor S. Ali"),
        ("Councillor D. Lelliott", "Recycling Group", None),
        ("Councillor L. Astbury", "Environment and Climate Change Strategy Group", None),
    ]
    assert {a.term for a in found} == {"2013-2014 Municipal Year"} and found[0].line == 21


def test_sentence_appointment() -> None:
    text = "That Councillor A. Teskey be appointed as Cathaoirleach of the Municipal District."
    (found,) = appointments(Decision(kind="resolved", text=text))
    assert (found.person, found.position) == (
        "Councillor A. Teskey",
        "Cathaoirleach of the Municipal District",
    )


def test_no_appointment_without_the_word() -> None:
    assert (
        appointments(Decision(kind="resolved", text="That the report be noted.\n(a) Panel – Councillor X. Y"))
        == []
    )


def test_elected_and_co_opted_are_appointments() -> None:
    found = [
        appointments(Decision(kind="resolved", text=text))
        for text in (
            "that Mr Cooke be elected to Chair the meeting.",
            "Councillor Mary Smith was duly elected as Chairman for the ensuing year.",
            "That Councillor Wendy Schollum be appointed as member of the Risk and Audit Committee.",
        )
    ]
    assert [(a.person, a.position) for (a,) in found] == [
        ("Mr Cooke", "Chair the meeting"),
        ("Councillor Mary Smith", "Chairman"),
        ("Councillor Wendy Schollum", "member of the Risk and Audit Committee"),
    ]


def test_a_post_ends_where_how_it_was_decided_begins() -> None:
    texts = [
        "Claire Cann was elected as Chairman, nominated by Pam Walker, seconded by Mark Dawson, all agreed",
        "Mr Ray Hall was elected as Vice-Chair, proposed by Cllr Lee",
        "Councillor Ann Bell was appointed as Chair of the Finance Committee, unanimously",
    ]
    found = [appointments(Decision(kind="agreed", text=text))[0] for text in texts]
    assert [a.position for a in found] == ["Chairman", "Vice-Chair", "Chair of the Finance Committee"]
