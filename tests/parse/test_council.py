"""The council: read from the document's own letterhead or heading, else from a body that is a
council; never from a mention in the minutes, never guessed. And the ids it leads."""

from __future__ import annotations

from pathlib import Path

import pytest

from minutebook.parse.council import HEAD_LINES, council_name, find_council
from minutebook.pipeline import parse_document
from minutebook.read.detect import read_bytes, read_path
from minutebook.record import body_label, body_slug, meeting_id, slug


@pytest.mark.parametrize(
    ("line", "council"),
    [
        ("Ashworth District Council", "Ashworth District Council"),
        ("MINUTES OF KELBY DISTRICT COUNCIL", "Kelby District Council"),
        (
            "Minutes of the Meeting of Ashworth City and County Council's Housing Committee held on",
            "Ashworth City and County Council",
        ),
        (
            "Minutes of Little Barton Parish Council Meeting held in the Village Hall",
            "Little Barton Parish Council",
        ),
        (
            "Draft minutes of proceedings at the special meeting of Ashworth Town Council",
            "Ashworth Town Council",
        ),
        ("Newcastle upon Tyne City Council", "Newcastle upon Tyne City Council"),
        ("BARTON & HOLME COMMUNITY COUNCIL", "Barton & Holme Community Council"),
        ("Kelby Metropolitan Borough Council", "Kelby Metropolitan Borough Council"),
        ("Ōtaki District Council", "Ōtaki District Council"),
        ("CITY OF GRANTVILLE, OREGON OFFICIAL MINUTES", "City of Grantville, Oregon"),
        ("A REGULAR MEETING OF THE COUNCIL OF THE CITY OF GRANTVILLE WAS HELD", "City of Grantville"),
        ("London Borough of Kelby", "London Borough of Kelby"),
        ("Royal Borough of Ashworth and Holme", "Royal Borough of Ashworth and Holme"),
        ("Town of Ashworth", "Town of Ashworth"),
        ("Cyngor Cymuned Llan a Bryn", "Cyngor Cymuned Llan a Bryn"),
        ("Kelby Council", "Kelby Council"),  # no type word: a line of its own
    ],
)
def test_a_line_that_begins_with_a_council_names_it(line: str, council: str) -> None:
    assert council_name(line) == council


@pytest.mark.parametrize(
    "line",
    [
        "Council",
        "ORDINARY COUNCIL MEETING MINUTES",
        "Minutes of Council Meeting - 31 January 2019",
        "The Parish Council agreed to write to the County Council.",
        "Panel: Ann Lee (Kelby City Council), Tom Hill (London Borough of Ashworth)",
        "For more information about Kelby Council contact the clerk",  # no type word, not alone
        "Kelby Council agreed the budget",
        "Special Council",
        "Budget Council",
        "Full Council",
        "County Councillor M Storey",
        "Municipal District of Kelby",
        "= & County Council",  # OCR noise
    ],
)
def test_a_line_that_does_not_begin_with_a_council_names_none(line: str) -> None:
    assert council_name(line) is None


def test_the_first_line_naming_a_council_wins_and_only_the_head_counts() -> None:
    lines = [
        "Minutes of Council Meeting - 31 January 2019",
        "Kelby District Council",
        "Ashworth City Council",
    ]
    assert find_council(lines, "Council") == "Kelby District Council"
    assert find_council(["Council"] * HEAD_LINES, "Council") is None


def test_a_body_that_is_a_council_names_it_whole() -> None:
    assert find_council([], "Little Barton Parish Council") == "Little Barton Parish Council"
    assert find_council([], "Council of the City of Grantville") == "City of Grantville"
    assert find_council([], "Little Barton Parish Council Planning Committee") is None
    assert find_council([], "Audit Committee") is None


def _parsed(text: str, name: str = "minutes.txt"):  # type: ignore[no-untyped-def]
    return parse_document(read_bytes(text.encode("utf-8"), name))


def test_a_letterhead_names_the_council_of_a_committee_and_leads_its_id() -> None:
    record = _parsed(
        "Kelby District Council\n\nMinutes of the Audit Committee held on 5 March 2024\n\n"
        "1. Apologies\n\nNone were received. A letter from Ashworth City Council was noted.\n"
    )
    assert (record.council, record.body) == ("Kelby District Council", "Audit Committee")
    assert record.id == "kelby-district-council/audit-committee/2024-03-05"


def test_a_council_named_only_in_the_minutes_is_not_the_council() -> None:
    record = _parsed(
        "Minutes of the Audit Committee held on 5 March 2024\n\n1. Correspondence\n\n"
        "Ashworth City Council\nhad written about the boundary review.\n"
    )
    assert record.council is None
    assert record.id == "audit-committee/2024-03-05"


def test_a_council_meeting_named_after_its_council_keeps_its_id() -> None:
    record = _parsed("Minutes of Little Barton Parish Council Meeting held on 5 March 2024\n\n1. Apologies\n")
    assert record.council == record.body == "Little Barton Parish Council"
    assert record.id == "little-barton-parish-council/2024-03-05"


def test_a_moderngov_page_title_names_the_council() -> None:
    page = (
        "<html><head><title>Agenda for Cabinet on Wednesday, 6th March, 2024, 10.00 am - Kelby Metropolitan"
        " Borough Council</title></head><body><h2>Cabinet - Wednesday 6 March 2024 10.00 am</h2>"
        '<table class="mgItemTable"><tr><td class="mgItemNumberCell"><p class="mgAiTitleTxt">1.</p></td>'
        '<td><p class="mgAiTitleTxt">Apologies</p></td></tr></table></body></html>'
    )
    record = _parsed(page, "ieListDocuments.aspx.html")
    assert record.source.format == "moderngov-html"
    assert (record.council, record.body) == ("Kelby Metropolitan Borough Council", "Cabinet")
    assert record.id == "kelby-metropolitan-borough-council/cabinet/2024-03-06"


def test_body_slugs_ids_and_labels() -> None:
    assert body_slug("Council", "Hastings District Council") == "hastings-district-council/council"
    assert body_slug("Council", None) == "council"
    assert body_slug("Boughton Parish Council", "Boughton Parish Council") == "boughton-parish-council"
    assert body_slug("Kelby Councillors' Forum", "Kelby Council") == "kelby-council/kelby-councillors-forum"
    assert meeting_id("Cabinet", "2024-03-06", "Kelby Council") == "kelby-council/cabinet/2024-03-06"
    assert meeting_id("Cabinet", "2024-03-06") == "cabinet/2024-03-06"
    # A slug, council-qualified or not, is its own slug: filters take a body's name or slug.
    assert slug("hastings-district-council/council") == "hastings-district-council/council"
    assert slug("Planning / Licensing Committee") == "planning-licensing-committee"
    assert body_label("Council", "Kelby Council") == "Council (Kelby Council)"
    assert (
        body_label("Kelby Council", "Kelby Council") == body_label("Kelby Council", None) == "Kelby Council"
    )


# What each real document gives. Most name their council; these do not, and none is made up:
# the Rotherham seeds (ModernGov pages copied without the site's banner), the DCLG panel (not a
# council's body), Limerick's Adare-Rathkeale municipal district ("Co. Limerick" only), London
# (Ontario)'s eSCRIBE pages, Napier's committee and the ModernGov web-service answers.
CORPUS_COUNCILS = {
    "boughton-parish-council-2013-08-02.md": "Boughton Parish Council",
    "dclg-local-public-data-panel-2011-03-23.md": None,
    "gloucester-cabinet-special-getmeeting-2025-11-21.xml": None,
    "hastings-nz-district-council-2019-01-31.txt": "Hastings District Council",
    "limerick-adare-rathkeale-municipal-district-2024-12-10.md": None,
    "limerick-city-county-council-ordinary-2024-11-25.md": "Limerick City and County Council",
    "limerick-city-county-council-ordinary-agenda-2025-01-27.md": "Limerick City and County Council",
    "limerick-city-county-council-special-2024-12-19.md": "Limerick City and County Council",
    "limerick-travel-transportation-spc-2023-12-12.md": "Limerick City and County Council",
    "london-on-budget-committee-2025-03-19.md": None,
    "london-on-special-council-2025-03-25.md": None,
    "manchester-audit-committee-getmeeting-2026-02-10.xml": None,
    "manordeilo-salem-community-council-2016-02-10.pdf": "Manordeilo & Salem Community Council",
    "manordeilo-salem-community-council-2016-02-10.txt": "Manordeilo & Salem Community Council",
    "manordeilo-salem-community-council-2020-06-10-cy.html": "Cyngor Cymuned Manordeilo a Salem",
    "manordeilo-salem-community-council-2020-06-10.html": "Manordeilo and Salem Community Council",
    "merton-audit-committee-agenda-pack-2009-10-22.pdf": "Merton Council",
    "merton-audit-committee-agenda-pack-2009-10-22.txt": "Merton Council",
    "napier-nz-strategy-infrastructure-committee-2019-02-19.txt": None,
    "northwold-whittington-parish-council-2019-04-02.md": "Northwold and Whittington Parish Council",
    "portland-or-city-council-2011-01-12.txt": "City of Portland, Oregon",
    "rivergrove-or-city-council-2018-12-10.pdf": "Rivergrove City Council",
    "rivergrove-or-city-council-2018-12-10.txt": "Rivergrove City Council",
    "saint-paul-mn-city-council-legistar-meetingdetail-2019-01-23.html": "City of Saint Paul",
    "stoke-ferry-parish-council-2013-07-10.md": "Stoke Ferry Parish Council",
    "wairoa-nz-district-council-2019-02-05.txt": "Wairoa District Council",
    "west-dereham-parish-council-annual-2013-05-01.md": "West Dereham Parish Council",
    "wretton-parish-council-virtual-2020-05-04.md": "Wretton Parish Council",
}


def test_the_real_documents_name_their_councils(corpus_dir: Path, seeds_dir: Path) -> None:
    found = {name: parse_document(read_path(corpus_dir / name)).council for name in CORPUS_COUNCILS}
    assert found == CORPUS_COUNCILS
    for seed in sorted(seeds_dir.glob("*.txt")):
        assert parse_document(read_path(seed)).council is None, seed.name  # their ids stay as they were


@pytest.mark.parametrize(
    ("line", "council"),
    [
        ("Cyngor Tref Aberteifi / Cardigan Town Council", "Cardigan Town Council"),
        ("CYNGOR CYMUNED LLANGRANNOG | LLANGRANNOG COMMUNITY COUNCIL", "Llangrannog Community Council"),
        ("Cyngor Tref Aberteifi – Cardigan Town Council: Minutes", "Cardigan Town Council"),
        ("Cardigan Town Council / Cyngor Tref Aberteifi", "Cardigan Town Council"),
        # Two councils, not one council's two names: another type, or two English names.
        ("Cyngor Tref Aberteifi - Ceredigion County Council", "Cyngor Tref Aberteifi"),
        ("Cardigan Town Council / Ceredigion County Council", "Cardigan Town Council"),
    ],
)
def test_a_bilingual_letterhead_names_the_council_in_english(line: str, council: str) -> None:
    """Councils are keyed by their English names, so of a letterhead's two, the English one."""
    assert council_name(line) == council
