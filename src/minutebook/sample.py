"""A sample council: realistic synthetic meetings as ModernGov pages copied as text.

The files look like `../shared/seeds/*.txt` (header line, "Items / No. Item", presenters,
"pdf icon PDF 69 KB", "Minutes:", numbered paragraphs with lettered sub-points, "Resolved: -",
"Action:", appointments, references to other minutes, declarations, truncated items,
non-breaking spaces), so they go through the real reader and parser. They are what the demo
loads when the real documents are absent, and what the benchmarks measure.

A council has a fixed population of councillors and officers whose posts change each
municipal year, a set of bodies meeting on their own weekday over about ten years, and a
Zipf-like vocabulary: common phrases ("planning application", "the Council") are common, the
long tail of place and street names is rare. Everything is drawn from one `random.Random`
seeded by (seed, council), so the same arguments give the same files, byte for byte.

    generate_council(out_dir, meetings=500, seed=1)   # writes the files, returns their paths
    meeting_texts(meetings=500, seed=1)               # yields (file name, text) without disk
    generated_meetings(meetings=500, seed=1)          # ... and the MeetingRecord each page states

The records are written by the generator itself, as it draws each fact, so they are an answer
key for the parser and a way to fill a large database without reading and parsing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
import string
from bisect import bisect
from collections import defaultdict, deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Generic, TypeVar

from minutebook.record import (
    Action,
    Appointment,
    Decision,
    DecisionKind,
    Declaration,
    Document,
    Item,
    MeetingRecord,
    MinutesStatus,
    Paragraph,
    Reference,
    Source,
    meeting_id,
    slug,
)

DEFAULT_COUNCIL = "Brackenford Metropolitan Borough Council"
T = TypeVar("T")
NBSP = "\u00a0"
BLANK = NBSP  # ModernGov pages use a lone non-breaking space as an empty paragraph
YEARS = 10
FIRST_YEAR = 2010


class Zipf(Generic[T]):
    """Draw from `items` with weight 1/(rank + 1)^s: the first are common, the last rare."""

    def __init__(self, items: Sequence[T], s: float = 1.0) -> None:
        self.items = list(items)
        self.cum = list(accumulate(1.0 / (rank + 1) ** s for rank in range(len(self.items))))
        self.total = self.cum[-1]

    def draw(self, rng: random.Random) -> T:
        return self.items[bisect(self.cum, rng.random() * self.total)]

    def sampler(self, rng: random.Random) -> Callable[[], T]:
        """`draw` bound to `rng`, with one call less: this is the generator's hot path."""
        items, cum, total, uniform = self.items, self.cum, self.total, rng.random
        return lambda: items[bisect(cum, uniform() * total)]


class Template:
    """A sentence with `{slot}` fields, each filled by a fresh draw (compiled once: this is the hot path)."""

    def __init__(self, text: str) -> None:
        parsed = list(string.Formatter().parse(text))
        self.pattern = "".join(
            literal.replace("{", "{{").replace("}", "}}") + ("{}" if name else "")
            for literal, name, _, _ in parsed
        )
        self.slots = [name for _, name, _, _ in parsed if name]

    def fill(self, slots: dict[str, Callable[[], str]]) -> str:
        return self.pattern.format(*[slots[name]() for name in self.slots])


def templates(texts: Sequence[str], s: float = 1.0) -> Zipf[Template]:
    return Zipf([Template(text) for text in texts], s)


def _words(text: str) -> list[str]:
    return text.split()


def _names(*parts: str) -> list[str]:
    """Every combination of one word from each part, shuffled by a fixed seed: a long tail of names."""
    names = [""]
    for part in parts:
        names = [name + piece for name in names for piece in part.split(" ")]
    random.Random(0).shuffle(names)
    return names


# --- what councils talk about, most common first -------------------------------------------

TOPICS = Zipf(
    [
        "the planning application",
        "the Council's budget",
        "adult social care",
        "children's services",
        "the Local Plan",
        "council housing",
        "the revenue budget",
        "highway maintenance",
        "school places",
        "waste collection",
        "the Medium Term Financial Strategy",
        "public health",
        "the capital programme",
        "community safety",
        "the town centre",
        "council tax",
        "child sexual exploitation",
        "the Housing Revenue Account",
        "economic growth",
        "the customer contact centre",
        "looked after children",
        "street cleansing",
        "the library service",
        "the improvement plan",
        "safeguarding arrangements",
        "the performance report",
        "air quality",
        "taxi licensing",
        "the Health and Wellbeing Strategy",
        "the corporate risk register",
        "selective licensing",
        "flood risk management",
        "the leisure centres",
        "home to school transport",
        "the apprenticeship programme",
        "anti-social behaviour",
        "the Better Care Fund",
        "domestic abuse services",
        "the cemeteries and crematorium",
        "the social value policy",
        "the digital strategy",
        "the allotments service",
        "parking enforcement",
        "the markets review",
        "the Youth Offending Service",
        "the Local Council Tax Support scheme",
        "the Transformation Programme",
        "fuel poverty",
        "the tram-train project",
        "the devolution deal",
        "the Sheffield City Region",
        "the Troubled Families programme",
        "the Internal Audit plan",
        "the Statement of Accounts",
        "the Annual Governance Statement",
        "the Treasury Management Strategy",
        "the workforce plan",
        "the sickness absence figures",
        "the Equality Act duties",
        "the Empty Homes Strategy",
        "the Homelessness Strategy",
        "the Private Sector Housing Policy",
        "the Gambling Act policy",
        "the Cumulative Impact Policy",
        "the Community Infrastructure Levy",
        "the Section 106 agreements",
        "the neighbourhood working model",
        "the ward budgets",
        "the voluntary and community sector",
        "the public rights of way",
        "the countryside sites",
        "the country parks",
        "the museum service",
        "the special educational needs provision",
        "the early help offer",
        "the Ofsted inspection",
        "the fostering service",
        "the adoption service",
        "the residential care homes",
        "the Care Act",
        "the Deprivation of Liberty Safeguards",
        "the Prevent duty",
        "the Local Safeguarding Children Board",
    ],
    s=0.9,
)
# The middle of the vocabulary: words every set of minutes uses now and then.
THINGS = Zipf(
    _words(
        "funding proposals arrangements options timescales priorities outcomes pressures savings services "
        "residents partners consultation feedback evidence guidance legislation framework governance "
        "performance capacity resources demand workforce recruitment retention training commissioning "
        "procurement contracts providers tenants landlords schools pupils parents carers families children "
        "adults patients clinicians volunteers businesses employers developers applicants objectors "
        "neighbours communities neighbourhoods estates properties dwellings bungalows flats garages "
        "footpaths pavements junctions roundabouts routes cycleways parking lighting drainage "
        "gullies potholes resurfacing verges hedges trees woodland parks playgrounds allotments cemeteries "
        "libraries museums theatres pools pitches centres clubs "
        "hospitals surgeries pharmacies clinics hostels refuges shelters depots warehouses "
        "offices shops markets pubs takeaways restaurants hotels taxis buses trains trams lorries vans "
        "bins recycling landfill incineration composting litter fly-tipping graffiti fouling noise "
        "nuisance odour dust emissions pollution contamination flooding subsidence erosion heritage "
        "conservation archaeology biodiversity habitats wildlife bats newts badgers "
        "hedgehogs pollinators wildflowers tenancies rents arrears evictions homelessness overcrowding "
        "adaptations repairs maintenance refurbishment demolition regeneration investment grants loans "
        "reserves balances borrowing inflation pensions salaries overtime agencies "
        "vacancies sickness apprenticeships qualifications skills attainment exclusions attendance "
        "admissions meals uniforms nurseries academies colleges universities governors "
        "inspections audits reviews investigations complaints compliments petitions deputations motions "
        "amendments answers briefings workshops seminars surveys questionnaires statistics "
        "indicators targets milestones risks mitigations assumptions dependencies contingencies "
        "variations overspends underspends virements forecasts estimates precepts tariffs fees charges "
        "concessions exemptions discounts subsidies vouchers benefits allowances sanctions appeals "
        "tribunals enforcement prosecutions cautions fines penalties warrants licences permits consents "
        "conditions obligations covenants easements leases freeholds acquisitions disposals valuations "
        "surveyors architects engineers consultants contractors suppliers auditors inspectors regulators "
        "ombudsman coroner magistrates police firefighters paramedics midwives visitors "
        "therapists psychologists advocates interpreters chaplains wardens stewards marshals"
    ),
    s=0.8,
)
ADJECTIVES = Zipf(
    [
        "further",
        "significant",
        "additional",
        "current",
        "proposed",
        "local",
        "new",
        "detailed",
        "revised",
        "annual",
        "national",
        "considerable",
        "ongoing",
        "statutory",
        "specific",
        "robust",
        "independent",
        "interim",
        "comprehensive",
        "substantial",
        "longstanding",
        "innovative",
    ]
)
DEVELOPMENTS = Zipf(
    [
        "erection of a single storey rear extension",
        "erection of a detached dwellinghouse",
        "change of use to a hot food takeaway",
        "erection of 4 No. dwellinghouses",
        "demolition of existing garage",
        "erection of a two storey side extension",
        "formation of a vehicular access",
        "erection of a retail unit with associated car parking",
        "change of use of land to a car park",
        "erection of 120 No. dwellinghouses with associated landscaping",
        "installation of a telecommunications mast",
        "outline application for residential development",
        "erection of a conservatory",
        "display of illuminated signs",
        "change of use to a house in multiple occupation",
        "erection of agricultural buildings",
        "installation of solar panels",
        "reserved matters for 56 No. dwellings",
        "erection of a care home",
        "variation of condition 2 of planning permission",
        "erection of a wind turbine",
    ]
)
VERBS_PAST = Zipf(
    [
        "reported on",
        "referred to",
        "outlined",
        "highlighted",
        "explained",
        "gave an update on",
        "drew attention to",
        "provided information on",
        "summarised",
        "presented",
        "described",
        "welcomed",
        "commented on",
        "raised concerns about",
        "asked about",
        "questioned",
    ]
)
ACTION_VERBS = Zipf(
    [
        "circulate a briefing note on",
        "provide a written response on",
        "report back on",
        "review",
        "take a fresh look at",
        "write to the Secretary of State regarding",
        "arrange a site visit in connection with",
        "meet with ward Members to discuss",
        "include in the work programme",
        "share the performance data on",
        "investigate",
    ]
)
RESOLUTIONS = templates(
    [
        "That the report be noted.",
        "That the report be received and the contents noted.",
        "That the recommendations of the report be approved.",
        "That the minutes of the previous meeting be approved as a correct record.",
        "That {topic} be referred to the {other_body} for consideration.",
        "That a further report on {topic} be submitted to a future meeting.",
        "That the {adj} proposals for {topic} be approved.",
        "That the {officer} be authorised to take the necessary action regarding {topic}.",
        "That the progress made on {topic} be noted.",
        "That the Cabinet be recommended to approve the {adj} arrangements for {topic}.",
        "That the application be granted for the reasons adopted by Members at the meeting.",
        "That the application be refused for the reasons set out in the report.",
        "That consultation on {topic} be undertaken with residents of {place}.",
        "That the {adj} budget of {amount} for {topic} be approved.",
        "That the information contained in the update be noted.",
        "That the work programme for {year} be agreed.",
    ]
)
SENTENCES = templates(
    [
        "The {body} considered a report of the {officer} on {topic}, which set out the position at the end "
        "of {month} and the {adj} steps proposed for the coming year.",
        "{cllr} {verb} {topic} and the impact on {thing} in {place}, and asked that ward Members be kept "
        "informed of any changes to the service.",
        "Members asked about {topic} and the {adj} {thing} needed in {place}, and were informed that "
        "officers were working closely with {thing} to address the {thing} raised.",
        "It was noted that {topic} had been discussed by the {other_body} in {month} and that its comments "
        "had been taken into account in the preparation of the report.",
        "The {officer} {verb} {topic}, including the {adj} pressures of {amount} this year and the {thing} "
        "in place to manage them.",
        "The Council had received {count} representations from {thing} regarding {topic}, the majority of "
        "which raised {thing} and {thing}.",
        "Reference was made to the {adj} consultation with {thing} and partner organisations on {topic}.",
        "Members welcomed the report and the progress made on {topic}, although it was acknowledged that "
        "there was more work to be done on {thing}.",
        "Concern was expressed about the {thing} for {topic} and the effect of any reduction in {thing} on "
        "{thing}.",
        "{holder_with_post}, was also in attendance to answer the questions of the {body}.",
        "The committee was informed that {count} planning applications had been received from {place} since "
        "the last meeting of the council committee.",
        "A planning application for the {development} at {site} had been submitted in {month} and would be "
        "considered by the Planning Board.",
        "The report set out the {adj} {thing} for {topic} and the {thing} of each, together with the {thing} "
        "and {thing} for the Council.",
        "Members of the committee sought assurance that {topic} would be monitored closely and that a "
        "further report would be brought to a future meeting.",
        "{named_officer}, confirmed that the Council would continue to work with {thing} on {topic}.",
        "It was reported that {percent} of the actions in the plan for {topic} had been completed and that "
        "the remainder were on track.",
        "A number of questions were raised about {thing} and {thing} in {place} and {place}.",
        "The {body} thanked the officers for their work on {topic} over the past year.",
        "An overview was provided of the {adj} arrangements for {topic} across the Borough, including the "
        "role of {thing} and {thing}.",
        "Ward Members for {place} had been consulted on {topic} and had raised no objections.",
        "The council committee would receive a further update on {topic} in {month}.",
        "An additional {amount} had been secured for {topic} over the next three years from the Government.",
        "Residents of {site} had raised concerns about {thing}, {thing} and the {adj} disruption caused.",
        "The {officer} explained how {topic} related to {topic} and the priorities of the Corporate Plan.",
        "{speaker} addressed the {body} on behalf of the {place} {organisation} about {topic}.",
        "Representatives of the {place} {organisation} and the {place} {organisation} attended the meeting.",
    ],
    s=0.5,
)


# About 10,000 place names, most of which appear a handful of times in a large sample: the rare
# words of real minutes are mostly proper names.
PLACES = Zipf(
    _names(
        "Brins Kimber Thurc Wick Maltby Dinning Aston Swin Rawmar Wath Ravenf Greas Bram Thrybergh Kiln "
        "Whist Catcl Laugh Harth Wales Tod Anst Kiver Ulley Treet Hooton Cortw Firb Herring Morth Brad "
        "Shire Ash Oak Elm Holm Thorn Birk Haw Lang Wood Wold Stan Ald Sutt Mex Conis Brook Canklow",
        " ing er en el an ow ar am ot",
        "worth ton ley by ham field hurst wick borough thorpe dale bridge gate moor well stead cliffe "
        "holme side green",
    ),
    s=1.0,
)
STREETS = Zipf(
    [
        f"{name} {kind}"
        for name in _words("Mill Church Station Park High Moor Well Manor Green Oak Wood Hall Grange")
        for kind in _words("Road Street Lane Avenue Close Way Drive Crescent")
    ]
)
ORGANISATIONS = Zipf(_words("Trust Partnership Forum Association Group Alliance Network Society"))
AMOUNTS = Zipf(["£50k", "£1.2m", "£250,000", "£3.5m", "£75,000", "£12m", "£400,000", "£20k", "£6.8m", "£1m"])
MONTHS = _words("January February March April May June July August September October November December")
WEEKDAYS = _words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
COUNTS = Zipf(["two", "three", "four", "five", "six", "12", "15", "20", "36", "48", "160"])

FIRST_NAMES = _words(
    "f:Susan f:Margaret f:Jane f:Emma f:Sarah f:Linda f:Karen f:Helen f:Julie f:Mary f:Louise f:Rachel "
    "f:Amanda f:Alison f:Christine f:Elaine f:Joanne f:Sheila f:Pat f:Rose f:Asim f:Saghir f:Jenny f:Maggie "
    "m:John m:David m:Peter m:Paul m:Alan m:Brian m:Robert m:Stephen m:Michael m:Gordon m:Christopher m:Ian "
    "m:Kevin m:Roger m:Derek m:Malcolm m:Martyn m:Simon m:Mark m:Richard m:Tony m:Graham m:Neil m:Shaun "
    "m:Emmanuel m:Taiba m:Jason m:Caven m:Denise m:Keith m:Barry m:Colin m:Dominic m:Gerald"
)
SURNAMES = _words(
    "Russell Ali Lelliott Astbury Lakin Read Vines Parker Myers Newsam Kenny Ney Sims Hoddinott Whelbourn "
    "Beck Steele Wyatt Roche Watson Yasseen Allen Hughes Cowles Sansome Evans Jepson Wallis Walsh Pitchley "
    "Mallinder Rushforth Atkin Buckley Clark Cusworth Elliot Ellis Godfrey Hamilton Jarvis Keenan McNeely "
    "Napper Pickering Reeder Rosling Sheppard Smith Taylor Tweed Turner Whysall Williams Albiston Alam "
    "Andrews Bird Brookes Carter Cutts Fenwick Jones Khan Marles Price Senior Short Vjestica Walker Marriott "
    "Burton Dodson Gosling Hague Ireland Johnston Lindley McClure Middleton Robinson Swift Tinsley Wootton"
)

OFFICER_POSTS = [
    "Chief Executive",
    "Strategic Director of Finance and Customer Services",
    "Strategic Director of Children and Young People's Services",
    "Strategic Director of Adult Care, Housing and Public Health",
    "Strategic Director of Regeneration and Environment",
    "Assistant Chief Executive",
    "Director of Public Health",
    "Head of Democratic Services",
    "Head of Planning and Building Control",
    "Licensing Manager",
    "Head of Internal Audit",
    "Director of Legal Services",
    "Scrutiny Adviser",
    "Head of Housing Services",
    "Transportation and Highways Manager",
]
PORTFOLIOS = [
    "Children and Young People's Services",
    "Adult Social Care and Health",
    "Waste, Roads and Community Safety",
    "Housing",
    "Jobs and the Local Economy",
    "Corporate Services and Finance",
    "Cleaner, Greener Communities",
    "Neighbourhood Working and Cultural Services",
]
PANELS = [
    "Health, Welfare and Safety Panel",
    "Recycling Group",
    "Environment and Climate Change Strategy Group",
    "Corporate Parenting Panel",
    "Local Safeguarding Children Board",
    "Fostering Panel",
    "Adoption Panel",
    "Health and Wellbeing Board",
    "Borough Partnership Board",
    "Transport Liaison Group",
]
DECLARATION_REASONS = [
    "as a neighbour of the applicant",
    "as a member of the governing body of the school",
    "as a trustee of the organisation concerned",
    "as a close relative works for the service",
    "as a member of the Parish Council",
    "as the owner of a property in the area",
]


@dataclass(frozen=True)
class Body:
    name: str
    prefix: str  # letter(s) before minute numbers when other bodies refer to them: "C97"
    weight: int  # share of the council's meetings
    weekday: int  # 0 Monday
    time: str
    kind: str  # what its agendas hold: cabinet, planning, scrutiny, council, regulatory, commissioners
    venue: str = "Town Hall, The Crofts, Moorgate Street, {town}. S60 2TH"


BODIES = [
    Body("Cabinet", "C", 12, 2, "10.00 a.m.", "cabinet"),
    Body("Planning Board", "P", 12, 3, "9.00 a.m.", "planning"),
    Body("Council", "CM", 5, 2, "2.00 p.m.", "council"),
    Body("Overview and Scrutiny Management Board", "OS", 8, 4, "9.30 a.m.", "scrutiny"),
    Body("Improving Lives Select Commission", "IL", 5, 2, "1.30 p.m.", "scrutiny"),
    Body("Improving Places Select Commission", "IP", 5, 2, "1.30 p.m.", "scrutiny"),
    Body("Health Select Commission", "HS", 5, 3, "9.30 a.m.", "scrutiny"),
    Body("Audit Committee", "A", 4, 1, "4.00 p.m.", "regulatory"),
    Body(
        "Licensing Board",
        "LB",
        4,
        2,
        "10.00 a.m.",
        "regulatory",
        "Riverside House, Main Street, {town}. S60 1AE",
    ),
    Body("Standards and Ethics Committee", "SE", 2, 3, "10.00 a.m.", "regulatory"),
    Body(
        "Health and Wellbeing Board",
        "HW",
        4,
        2,
        "9.00 a.m.",
        "scrutiny",
        "Oak House, Moorhead Way, Bramley, {town}",
    ),
    Body("Commissioners' Public Meeting with Councillors", "CPM", 2, 2, "11.00 a.m.", "commissioners"),
    Body("Staffing Committee", "SC", 2, 0, "10.00 a.m.", "regulatory"),
    Body("Corporate Parenting Panel", "CP", 3, 1, "4.30 p.m.", "scrutiny"),
]

AGENDA_ITEMS = {
    "cabinet": [
        "Revenue Budget Monitoring {year}",
        "Capital Programme Update",
        "Medium Term Financial Strategy",
        "Response to Scrutiny Review: {topic_title}",
        "{topic_title} - Consultation Outcome",
        "Housing Revenue Account Business Plan",
        "Corporate Plan Performance Report",
        "{topic_title}: Proposals for {year}",
        "Recommendation from the Improving Places Select Commission",
    ],
    "planning": [
        "Development Proposals",
        "Planning application {app_no}: {development_title} at {site}",
        "Planning application {app_no}: {development_title} at {site}",
        "Updates",
        "Appeal Decisions",
    ],
    "council": [
        "Announcements",
        "Leader's Statement",
        "Petitions",
        "Minutes of the Cabinet",
        "Notice of Motion - {topic_title}",
        "Questions to Cabinet Members and Chairs",
        "Recommendation from the Cabinet: {topic_title}",
    ],
    "scrutiny": [
        "Scrutiny Review: {topic_title}",
        "Update on progress to the Scrutiny Review: {topic_title}",
        "Work Programme",
        "{topic_title} - Annual Report",
        "Performance Report",
        "Outcomes from Sub-Groups",
    ],
    "regulatory": [
        "{topic_title} - Policy Review",
        "Annual Report",
        "Internal Audit Progress Report",
        "Risk Management Update",
        "Review of {topic_title}",
    ],
    "commissioners": [
        "Commissioners' Progress",
        "Questions from Elected Members",
        "Party Leaders - Report on Progress",
        "Public Question Time",
    ],
}


@dataclass
class PastItem:
    body: Body
    date: dt.date
    number: int
    title: str


@dataclass
class MindedTo:
    """A minded-to decision awaiting its final one: who, on what, when."""

    maker: str  # "Commissioner Julie Kenny", "the Cabinet Member for Housing"
    short: str  # how the final decision names the maker: "Commissioner Kenny"
    subject: str
    date: dt.date


# What a person decides: a policy, a disposal, a closure, a contract. {place}/{street} drawn.
DECISION_SUBJECTS = [
    "the revised Taxi and Private Hire Licensing Policy",
    "the disposal of the former depot at {street}",
    "the revised Home to School Transport Policy",
    "the closure of {place} Library",
    "the Housing Allocations Policy",
    "the Fees and Charges Schedule for {year}",
    "the award of the highways maintenance contract",
    "the transfer of {place} Community Centre to a community organisation",
    "the Statement of Licensing Policy",
    "the consultation on the Children's Centres Strategy",
]
# Plans reported on at Cabinet and the Commissioners' meetings, with the wording of their progress
# that `registers.plans` reads: a percentage of actions, "N of M actions", a RAG status.
# (Named apart from "the improvement plan" of the topics, whose sentences give other percentages.)
IMPROVEMENT_PLAN = "Corporate Improvement Plan"
ACTION_PLAN = "Safeguarding Action Plan"
ACTION_PLAN_ACTIONS = 25
RAG = ("red", "amber", "amber", "green")


@dataclass
class Council:
    """The people of a council and who held which post in each municipal year (from May)."""

    name: str
    councillors: list[tuple[str, str, str]]  # (initials, surname, his/her)
    officers: list[str]  # full names
    posts: dict[int, dict[str, int]]  # municipal year -> post -> index into councillors/officers
    recent: dict[str, deque[PastItem]] = field(default_factory=lambda: defaultdict(lambda: deque(maxlen=40)))
    # Decisions by a person and plans (issue 13) draw from their own generator, so the pages
    # around them are drawn as before: minded-to decisions awaiting their final decision, the
    # plans' progress so far, and the Commissioners (set by `_pages`).
    own: random.Random = field(default_factory=lambda: random.Random(0))
    pending: list[MindedTo] = field(default_factory=list)
    progress: dict[str, int] = field(default_factory=dict)
    commissioners: list[str] = field(default_factory=list)


def build_council(rng: random.Random, name: str, years: range) -> Council:
    people = rng.sample([(f, s) for f in FIRST_NAMES for s in SURNAMES], 63 + len(OFFICER_POSTS) * 3)
    councillors = []
    for first, surname in people[:63]:
        sex, given = first.split(":")
        middle = rng.choice("ABCDEGJLMPRST") + ". " if rng.random() < 0.4 else ""
        councillors.append((f"{given[0]}. {middle}", surname, "her" if sex == "f" else "his"))
    officers = [f"{first.split(':')[1]} {surname}" for first, surname in people[63:]]
    member_posts = ["Leader of the Council", "Deputy Leader"] + [
        f"Cabinet Member for {p}" for p in PORTFOLIOS
    ]
    member_posts += [
        f"Chair of the {b.name}" for b in BODIES if b.kind in ("scrutiny", "planning", "regulatory")
    ]
    posts: dict[int, dict[str, int]] = {}
    held: dict[str, int] = {}
    for year in years:
        free = list(range(len(councillors)))
        rng.shuffle(free)
        for post in member_posts:  # most keep their post from one year to the next
            if post not in held or rng.random() < 0.3 or held[post] not in free:
                held[post] = free[-1]
            free.remove(held[post])
        for i, post in enumerate(OFFICER_POSTS):
            if post not in held or rng.random() < 0.12:
                held[post] = i * 3 + rng.randrange(3)  # each post has three officers who may hold it
        posts[year] = dict(held)
    return Council(name, councillors, officers, posts)


def schedule(rng: random.Random, meetings: int, years: int = YEARS) -> list[tuple[dt.date, Body]]:
    """`meetings` (date, body) pairs in date order, each body on its own weekday, no body twice a day."""
    picks = rng.choices(BODIES, weights=[b.weight for b in BODIES], k=meetings)
    per_body: dict[Body, int] = defaultdict(int)
    for body in picks:
        per_body[body] += 1
    weeks = max([years * 52, *per_body.values()])  # a very large sample runs on past ten years
    start = dt.date(FIRST_YEAR, 1, 4)  # a Monday
    plan = []
    for body, count in per_body.items():
        for i in range(count):
            week = i * weeks // count
            plan.append((start + dt.timedelta(weeks=week, days=body.weekday), body))
    plan.sort(key=lambda pair: (pair[0], pair[1].name))
    return plan


def municipal_year(date: dt.date) -> int:
    return date.year if date.month >= 5 else date.year - 1


def ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


class MeetingWriter:
    """Writes one meeting's page as text; holds the draws shared by its items."""

    def __init__(
        self, rng: random.Random, council: Council, body: Body, date: dt.date, last: dt.date
    ) -> None:
        self.rng = rng
        self.council = council
        self.body = body
        self.date = date
        self.year = municipal_year(date)
        self.posts = council.posts[self.year]
        self.draft = (last - date).days < 60
        self.numbered = body.kind != "scrutiny" or rng.random() < 0.6
        # What the page says, as written: the facts of each item are noted as its text is drawn.
        self.items_written: list[Item] = []
        self.current = Item(title="")
        self.venue: str | None = None
        self.slots: dict[str, Callable[[], str]] = {
            "topic": TOPICS.sampler(rng),
            "thing": THINGS.sampler(rng),
            "adj": ADJECTIVES.sampler(rng),
            "place": PLACES.sampler(rng),
            "site": self.site,
            "amount": AMOUNTS.sampler(rng),
            "count": COUNTS.sampler(rng),
            "percent": lambda: f"{int(rng.random() * 85) + 10}%",
            "month": lambda: f"{MONTHS[int(rng.random() * 12)]}, {date.year}",
            "verb": VERBS_PAST.sampler(rng),
            "development": DEVELOPMENTS.sampler(rng),
            "officer": self.officer_post,
            "other_body": lambda: BODIES[int(rng.random() * len(BODIES))].name,
            "body": lambda: body.name,
            "cllr": self.councillor,
            "organisation": ORGANISATIONS.sampler(rng),
            "speaker": self.speaker,
            "holder_with_post": self.holder_with_post,
            "named_officer": self.named_officer,
            "year": lambda: f"{self.year}/{(self.year + 1) % 100:02d}",
        }

    # -- people and places -------------------------------------------------------------

    def councillor(self) -> str:
        # rng.random() rather than rng.choice: this is called for most sentences
        councillors, uniform = self.council.councillors, self.rng.random
        initials, surname, _ = councillors[int(uniform() * len(councillors))]
        form = uniform()
        return (
            f"Councillor {initials}{surname}"
            if form < 0.4
            else f"Councillor {surname}"
            if form < 0.8
            else f"Cllr {surname}"
        )

    def holder(self, post: str) -> str:
        initials, surname, _ = self.council.councillors[self.posts[post]]
        return f"Councillor {initials}{surname}"

    def holder_with_post(self) -> str:
        post = f"Cabinet Member for {self.rng.choice(PORTFOLIOS)}"
        return f"{self.holder(post)}, {post}"

    def named_officer(self) -> str:
        post = self.officer_post()
        return f"{self.council.officers[self.posts[post]]}, {post}"

    def speaker(self) -> str:
        title = self.rng.choice(("Mr", "Mrs", "Ms", "Dr"))
        return f"{title} {PLACES.draw(self.rng)}"

    def officer_post(self) -> str:
        return OFFICER_POSTS[int(self.rng.random() * len(OFFICER_POSTS))]

    def site(self) -> str:
        return f"{int(self.rng.random() * 240) + 1} {STREETS.draw(self.rng)}, {PLACES.draw(self.rng)}"

    def sentence(self) -> str:
        text = SENTENCES.draw(self.rng).fill(self.slots)
        return text[0].upper() + text[1:]

    def paragraph(self, sentences: int) -> str:
        return "  ".join(self.sentence() for _ in range(sentences))

    # -- items -------------------------------------------------------------------------

    def items(self) -> list[tuple[str, Callable[[], list[str]] | None]]:
        """(title, minutes writer) in agenda order; a writer returns the item's minutes blocks."""
        rng = self.rng
        plan: list[tuple[str, Callable[[], list[str]] | None]] = []
        if self.body.kind != "commissioners":
            plan.append(("Apologies for Absence", None))
            plan.append(("Declarations of Interest", self.declarations))
            if rng.random() < 0.7:
                plan.append(
                    (f"Minutes of the previous meeting held on {self.previous_date()}", self.approve_minutes)
                )
            plan.append(("Questions from members of the Public and the Press", None))
        if self.body.kind in ("scrutiny", "council") and self.date.month in (5, 6) and rng.random() < 0.6:
            plan.append(("Appointments of representatives on panels and working groups", self.appointments))
        plan += self.made_by_people()
        titles = AGENDA_ITEMS[self.body.kind]
        for _ in range(rng.randrange(2, 9) if self.body.kind != "commissioners" else 4):
            title = titles[rng.randrange(len(titles))].format(
                year=f"{self.year}/{(self.year + 1) % 100:02d}",
                topic_title=_title(TOPICS.draw(rng)),
                app_no=f"RB{self.date.year}/{rng.randrange(1, 2000):04d}",
                development_title=DEVELOPMENTS.draw(rng).capitalize(),
                site=self.site(),
            )
            plan.append((title, self.discussion))
        if rng.random() < 0.5:
            plan.append(("Date and Time of the Next Meeting", self.next_meeting))
        return plan

    # -- decisions by a person, plans (issue 13) ----------------------------------------

    def made_by_people(self) -> list[tuple[str, Callable[[], list[str]] | None]]:
        """The Commissioners' meetings, and some Cabinet meetings, record decisions made by a
        person (minded-to ones, then final ones) and report the plans' progress."""
        own = self.council.own
        if self.body.kind == "commissioners":
            return [
                ("Commissioners' Decisions", self.persons_decisions),
                (IMPROVEMENT_PLAN, self.plan_report),
            ]
        if self.body.kind == "cabinet" and own.random() < 0.35:
            plan: list[tuple[str, Callable[[], list[str]] | None]] = [
                ("Cabinet Member Decisions", self.persons_decisions)
            ]
            return plan + (
                [(f"{IMPROVEMENT_PLAN} Progress Report", self.plan_report)] if own.random() < 0.6 else []
            )
        return []

    def persons_decisions(self) -> list[str]:
        """Final decisions on some minded-to decisions this body's makers took at least three weeks
        before (a quarter are dropped, never decided), then one or two new minded-to decisions."""
        own, blocks = self.council.own, []
        mine = [m for m in self.council.pending if self._makes(m.maker)]
        for minded in mine:
            if (self.date - minded.date).days < 21 or own.random() < 0.4:
                continue
            self.council.pending.remove(minded)
            if own.random() < 0.25 or (self.date - minded.date).days > 400:  # withdrawn, or lapsed:
                continue  # no final decision will be recorded
            cites = own.random() < 0.5
            when = f"{ordinal(minded.date.day)} {MONTHS[minded.date.month - 1]}, {minded.date.year}"
            text = f"That {minded.short} approved {minded.subject}" + (
                f", further to the minded-to decision of {when}." if cites else "."
            )
            blocks.append(self.resolved([text]))
        for _ in range(1 + (own.random() < 0.4)):
            maker, short = self._maker()
            subject = own.choice(DECISION_SUBJECTS).format(
                street=STREETS.draw(own),
                place=PLACES.draw(own),
                year=f"{self.year}/{(self.year + 1) % 100:02d}",
            )
            text = f"{maker[0].upper()}{maker[1:]} is minded to approve {subject}, subject to consultation."
            self.current.decisions.append(Decision("minded-to", text))
            self.council.pending.append(MindedTo(maker, short, subject, self.date))
            blocks.append(text)
        return blocks

    def _makes(self, maker: str) -> bool:
        return maker.startswith("Commissioner") == (self.body.kind == "commissioners")

    def _maker(self) -> tuple[str, str]:
        """(maker as first named, as named again): a Commissioner or a Cabinet Member by post."""
        own = self.council.own
        if self.body.kind == "commissioners":
            name = own.choice(self.council.commissioners)
            return f"Commissioner {name}", f"Commissioner {name.split()[-1]}"
        post = f"the Cabinet Member for {own.choice(PORTFOLIOS)}"
        return post, post

    def plan_report(self) -> list[str]:
        """How far the plans have got: each report a few points on from the last (never back)."""
        own, progress = self.council.own, self.council.progress
        percent = progress[IMPROVEMENT_PLAN] = min(
            100, progress.get(IMPROVEMENT_PLAN, 15) + own.randrange(2, 9)
        )
        done = progress[ACTION_PLAN] = min(
            ACTION_PLAN_ACTIONS, progress.get(ACTION_PLAN, 6) + own.randrange(0, 4)
        )
        rag = RAG[min(len(RAG) - 1, done * len(RAG) // (ACTION_PLAN_ACTIONS + 1))]
        return [
            f"The {self.officer_post()} reported on the {IMPROVEMENT_PLAN}: {percent}% of actions complete.",
            f"{done} of {ACTION_PLAN_ACTIONS} actions in the {ACTION_PLAN} are complete; "
            f"the {ACTION_PLAN} RAG status: {rag}.",
        ]

    def previous_date(self) -> str:
        day = self.date - dt.timedelta(weeks=self.rng.randrange(3, 9))
        return f"{ordinal(day.day)} {MONTHS[day.month - 1]}, {day.year}"

    def declarations(self) -> list[str]:
        if self.rng.random() < 0.7:
            return ["There were no Declarations of Interest to report."]
        minute = self.rng.randrange(1, 120)
        person = self.councillor()
        interest = f"personal interest in Minute No. {minute} ({_title(TOPICS.draw(self.rng))})"
        self.current.declarations.append(Declaration(person, interest, str(minute)))
        return [f"{person} declared a {interest} {self.rng.choice(DECLARATION_REASONS)}."]

    def approve_minutes(self) -> list[str]:
        return [self.resolved(["That the minutes of the previous meeting be approved as a correct record."])]

    def next_meeting(self) -> list[str]:
        day = self.date + dt.timedelta(weeks=self.rng.randrange(3, 7))
        return [
            self.resolved(
                [
                    f"That the next meeting of the {self.body.name} be held on {WEEKDAYS[day.weekday()]}, "
                    f"{ordinal(day.day)} {MONTHS[day.month - 1]}, {day.year} at {self.body.time}"
                ]
            )
        ]

    def appointments(self) -> list[str]:
        rng = self.rng
        panels = rng.sample(PANELS, rng.randrange(2, 5))
        lines = []
        for letter, panel in zip("abcdefgh", panels, strict=False):
            initials, surname, pronoun = rng.choice(self.council.councillors)
            person = f"Councillor {initials}{surname}"
            line = f"({letter}){NBSP}  {panel} – {person}"
            substitute = None
            if rng.random() < 0.35:
                sub_initials, sub_surname, _ = rng.choice(self.council.councillors)
                substitute = f"Councillor {sub_initials}{sub_surname}"
                line += f" ({substitute} as {pronoun} substitute)"
            lines.append(line + ".")
            term = f"{self.year}-{self.year + 1} Municipal Year"
            self.current.appointments.append(Appointment(person, panel, substitute, term))
        intro = (
            f"Resolved: -{NBSP} That the following appointments of representatives on panels and working "
            f"groups from the {self.body.name} for the {self.year}-{self.year + 1} Municipal Year "
            "be approved: -"
        )
        self.current.decisions.append(Decision("resolved", intro.split(NBSP, 1)[1].strip()))
        return [intro, *lines]

    def discussion(self) -> list[str]:
        """Paragraphs, maybe lettered sub-points, a reference, a resolution and an action."""
        rng = self.rng
        blocks = []
        if rng.random() < 0.25:
            blocks.append(" ".join(filter(None, [self.reference(), self.paragraph(rng.randrange(1, 3))])))
        for _ in range(_few(rng, 2.0)):
            blocks.append(self.paragraph(_few(rng, 2.0)))
        if rng.random() < 0.35:
            blocks.append(f"{self.councillor()} {VERBS_PAST.draw(rng)}:")
            for letter in "abcdefghij"[: rng.randrange(2, 8)]:
                blocks.append(f"{letter}){NBSP * 9} {self.paragraph(_few(rng, 1.2))}")
        if rng.random() < 0.8:
            parts = [
                RESOLUTIONS.draw(rng).fill(self.slots)
                for _ in range(1 if rng.random() < 0.6 else rng.randrange(2, 5))
            ]
            word = "Recommended" if self.body.kind == "scrutiny" and rng.random() < 0.3 else "Resolved"
            blocks.append(self.resolved(parts, word))
        if rng.random() < 0.2:
            blocks.append(self.action())
        return blocks

    def reference(self) -> str:
        others = [b for b in BODIES if b is not self.body and self.council.recent[b.name]]
        if not others:
            return ""
        recent = self.council.recent[others[int(self.rng.random() * len(others))].name]
        past = recent[int(self.rng.random() * len(recent))]
        if past.date >= self.date:  # a meeting earlier the same day: no minutes to refer to yet
            return ""
        when = f"{ordinal(past.date.day)} {MONTHS[past.date.month - 1]}, {past.date.year}"
        minute = f"{past.body.prefix}{past.number}"
        words = f"Minute No. {minute} of the {past.body.name} meeting held on {when}"
        self.current.references.append(Reference(words, minute, past.body.name, past.date.isoformat()))
        return f"Further to {words} ({past.title}), the {self.officer_post()} had prepared an update report."

    def resolved(self, parts: list[str], word: str = "Resolved") -> str:
        kind: DecisionKind = "recommended" if word == "Recommended" else "resolved"
        self.current.decisions += [Decision(kind, part) for part in parts]
        if len(parts) == 1:
            return f"{word}: -{NBSP} {parts[0]}"
        lettered = "\n\n".join(
            f"({letter}){NBSP}  {part}" for letter, part in zip("abcdefgh", parts, strict=False)
        )
        return f"{word}: -\n\n{lettered}"

    def action(self) -> str:
        rng = self.rng
        if rng.random() < 0.5:
            _, surname, _ = rng.choice(self.council.councillors)
            owner = f"Councillor {surname}"
        else:
            owner = f"The {self.officer_post()}"
        due = (
            f" by {ordinal(rng.randrange(1, 29))} {rng.choice(MONTHS)}, {self.date.year + 1}"
            if rng.random() < 0.4
            else ""
        )
        text = f"{owner} will {ACTION_VERBS.draw(rng)} {TOPICS.draw(rng)}{due}."
        self.current.actions.append(Action(text, owner))
        return f"Action: {text}"

    def presenter(self) -> str:
        if self.body.kind == "commissioners":
            return f"Commissioner {self.rng.choice(self.council.officers)}"
        return f"·{NBSP * 9} {self.officer_post()} to report."

    # -- the page ----------------------------------------------------------------------

    def text(self, minute_counter: dict[tuple[str, int], int]) -> str:
        body, date = self.body, self.date
        status = "Agenda and draft minutes" if self.draft else "Agenda and minutes"
        weekday = WEEKDAYS[date.weekday()]
        header = f"{body.name} - {weekday} {date.day} {MONTHS[date.month - 1]} {date.year} {body.time}"
        venue = body.venue.format(town=self.council.name.split()[0])
        lines = [status, header, f"Venue: {venue}", "Items\nNo. Item"] if self.numbered else [header]
        key = (body.name, self.year)
        for title, write in self.items():
            minute_counter[key] = number = minute_counter.get(key, 0) + 1
            if write == self.discussion:  # what later minutes refer back to
                self.council.recent[body.name].append(PastItem(body, date, number, title))
            lines.extend(self.item(number, title, write))
        self.venue = venue if self.numbered else None
        return "\n\n".join(lines) + "\n"

    def record(self, name: str, text: str) -> MeetingRecord:
        """The record of the page just written, with the line of every item and paragraph."""
        _number_lines(text, self.items_written)
        status: MinutesStatus = ("draft" if self.draft else "approved") if self.numbered else "unknown"
        iso = self.date.isoformat()
        return MeetingRecord(
            id=meeting_id(self.body.name, iso, self.council.name),
            source=Source(name, hashlib.sha256(text.encode("utf-8")).hexdigest(), "moderngov-text"),
            body=self.body.name,
            title=self.body.name,
            date=iso,
            time=_clock(self.body.time),
            venue=self.venue,
            minutes_status=status,
            council=self.council.name,
            items=self.items_written,
        )

    def item(self, number: int, title: str, write: Callable[[], list[str]] | None) -> list[str]:
        rng = self.rng
        # Pages without item numbers are recognised by their document links, as in the seeds.
        has_report = write == self.discussion and (not self.numbered or rng.random() < 0.6)
        item = self.current = Item(title=title, number=str(number) if self.numbered else None)
        self.items_written.append(item)
        if not self.numbered:  # pages without item numbers end each title with a full stop
            title += "."
        heading = title
        if has_report:
            size = f"{rng.randrange(20, 900)} KB"
            heading = f"{title} pdf icon PDF {size}"
            item.documents.append(Document(item.title, "pdf", size))
        lines = [f"{number}.", heading] if self.numbered else ["", heading]
        if has_report:
            presenter = self.presenter()
            item.presenters.append(presenter.strip("·" + NBSP + " ").removesuffix(" to report."))
            lines.append(presenter)
            if rng.random() < 0.3:
                lines.append("Additional documents:")
        blocks = write() if write else []
        if not blocks:
            return lines
        if len(blocks) > 3 and rng.random() < 0.15:
            item.truncated = True
            blocks = blocks[:3]
            cut = blocks[-1].rsplit(" ", rng.randrange(3, 8))[0]
            blocks[-1] = f"{cut} {NBSP}...{NBSP}  view the full minutes text for item {number}."
            _forget_cut_facts(item, "\n".join(blocks))
        if self.numbered:
            lines.append("Minutes:")
        paragraph = 0
        for block in blocks:
            ref, shown = None, block
            if self.numbered and not block.startswith(_UNNUMBERED_STARTS):
                paragraph += 1
                ref = f"{number}.{paragraph}"
                shown = f"{ref}{NBSP}{NBSP} {block}"
            elif self.numbered and block[1:2] == ")":  # a lettered sub-point of the paragraph above
                ref = f"{number}.{paragraph}({block[0]})"
            item.minutes += [Paragraph(ref, piece, 0) for piece in block.split("\n\n")]
            lines.append(shown)
            lines.append(BLANK)
        return lines[:-1]


_LABEL = re.compile(r"^(?:Resolved: - |Recommended: - |Action: |\(?[a-j]\) )")
# Resolutions, actions and lettered sub-points carry no paragraph number of their own.
_UNNUMBERED_STARTS = ("Resolved: -", "Recommended: -", "Action:", "(", *(f"{c})" for c in "abcdefghij"))


def _few(rng: random.Random, mean: float) -> int:
    """A small positive count, usually near `mean`, sometimes much larger (long paragraphs exist)."""
    return 1 + int(rng.expovariate(1 / (mean - 0.5)))


def _title(phrase: str) -> str:
    words = phrase.removeprefix("the ").split()
    return " ".join(w[0].upper() + w[1:] if w not in ("and", "of", "for", "to") else w for w in words)


def _forget_cut_facts(item: Item, kept: str) -> None:
    """Drop the facts whose text the page no longer shows after cutting it short."""
    item.decisions = [d for d in item.decisions if d.text in kept]
    item.actions = [a for a in item.actions if a.text in kept]
    item.references = [r for r in item.references if r.text in kept]


def _number_lines(text: str, items: list[Item]) -> None:
    """Set the source line of each item and paragraph (found in page order) and tidy their text."""
    position, line = 0, 1
    for item in items:
        for paragraph in item.minutes:
            found = text.find(paragraph.text, position)
            line += text.count("\n", position, found)
            paragraph.line = line
            # What a parser keeps: spaces collapsed, no "Action:" or "(a)" in front.
            paragraph.text = _LABEL.sub("", " ".join(paragraph.text.split()))
            position = found
    for item in items:
        item.line = next((p.line for p in item.minutes), None)


def _clock(time: str) -> str:
    """'1.30 p.m.' -> '13:30'."""
    hours, minutes = time.split()[0].split(".")
    return f"{int(hours) % 12 + (12 if 'p.m.' in time else 0):02d}:{minutes}"


@dataclass(frozen=True)
class GeneratedMeeting:
    name: str  # file name: '<body slug>-<date>.txt'
    text: str  # the page
    record: MeetingRecord  # what the page says, from the generator itself: no reader or parser involved


def meeting_texts(
    meetings: int = 500, seed: int = 1, council: str = DEFAULT_COUNCIL
) -> Iterator[tuple[str, str]]:
    """Yield (file name, page text) for `meetings` meetings of one council, oldest first."""
    for name, text, _ in _pages(meetings, seed, council):
        yield name, text


def generated_meetings(
    meetings: int = 500, seed: int = 1, council: str = DEFAULT_COUNCIL
) -> Iterator[GeneratedMeeting]:
    """`meeting_texts` with each page's record: the record lets benchmarks fill a database
    without the text round trip, and is an answer key for the parser. (Slower: records cost.)"""
    for name, text, writer in _pages(meetings, seed, council):
        yield GeneratedMeeting(name, text, writer.record(name, text))


def _pages(meetings: int, seed: int, council: str) -> Iterator[tuple[str, str, MeetingWriter]]:
    rng = random.Random(f"{seed}:{council}")
    plan = schedule(rng, meetings)
    if not plan:
        return
    years = range(municipal_year(plan[0][0]), municipal_year(plan[-1][0]) + 1)
    people = build_council(rng, council, years)
    people.own = random.Random(f"{seed}:{council}:decisions and plans")
    people.commissioners = [
        f"{first.split(':')[1]} {surname}"
        for first, surname in people.own.sample([(f, s) for f in FIRST_NAMES for s in SURNAMES], 4)
    ]
    minute_counter: dict[tuple[str, int], int] = {}
    last = plan[-1][0]
    for date, body in plan:
        writer = MeetingWriter(rng, people, body, date, last)
        text = writer.text(minute_counter)
        yield f"{slug(body.name)}-{date.isoformat()}.txt", text, writer


def generate_council(
    out_dir: str | Path, meetings: int = 500, seed: int = 1, council: str = DEFAULT_COUNCIL
) -> list[Path]:
    """Write `meetings` meeting pages into `out_dir` (created if need be); return their paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in meeting_texts(meetings, seed, council):
        path = out / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
