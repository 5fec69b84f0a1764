"""The fictional content of the demo project "Birmingham Together (demo)".

Every organisation and person here is invented. Ward names are real Birmingham wards, used only as places.
"""

from typing import TypedDict


class ProjectSeed(TypedDict):
    title: str
    place: str
    summary: str
    research_questions: list[str]
    ethics_reference: str
    lawful_basis: str


PROJECT: ProjectSeed = {
    "title": "Birmingham Together (demo)",
    "place": "Birmingham",
    "summary": (
        "After the council's Section 114 notice, deep cuts fell on early help, youth services, libraries, "
        "day centres and voluntary-sector contracts. This 12-month action-research project brings the "
        "council, "
        "voluntary, community, faith and social-enterprise organisations, public-sector partners, businesses "
        "and funders together to find new ways of working across sectors for the citizens most exposed to "
        "the cuts."
    ),
    "research_questions": [
        "Which groups of citizens are most exposed to the reductions in council services, and how?",
        "What cultural, tactical and strategic cross-sector working has helped other local "
        "authorities "
        "facing similar cuts?",
        "Where do council, VCFSE, public-sector, business and funder partners agree on priorities for joint "
        "action, and where do they differ?",
        "What practical recommendations can partners endorse and carry out together in the next 18 months?",
    ],
    "ethics_reference": "DEMO-REC-2026-014",
    "lawful_basis": (
        "Public task (UK GDPR Article 6(1)(e)) for research in the public interest; explicit consent is "
        "sought "
        "for taking part in interviews and workshops, audio recording and anonymised quotation, in line with "
        "research ethics. Special category data is not sought."
    ),
}

# (email local part, full name, role) — the demo logins, one per role, plus a site admin.
LOGINS = [
    ("admin", "Morgan Avery", "site_admin"),
    ("lead", "Dr Priya Castellane", "lead"),
    ("researcher", "Tomasz Whitfield", "researcher"),
    ("facilitator", "Grace Okonjo-Reyes", "facilitator"),
    ("observer", "Alfie Brennagh", "observer"),
]
LOGIN_DOMAIN = "demo.coproduce.test"
DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 the demo's published password (README)

# (phase kind, then planned start, planned end, actual start, actual end as days from today)
PHASES = [
    ("evidence", -300, -200, -300, -195),
    ("interviews", -220, -90, -215, -80),
    ("workshops", -60, 40, -55, None),
    ("outputs", 20, 120, None, None),
]

SAMPLING_TARGETS = {
    "local_authority": 10,
    "vcfse": 20,
    "public_sector": 10,
    "private": 5,
    "funder": 5,
    "academic": 3,
}

WARDS = [
    "Ladywood",
    "Sparkbrook & Balsall Heath East",
    "Kings Norton North",
    "Erdington",
    "Handsworth",
    "Lozells",
    "Nechells",
    "Bordesley Green",
    "Shard End",
    "Northfield",
    "Stockland Green",
    "Small Heath",
    "Alum Rock",
    "Acocks Green",
    "Washwood Heath",
    "Perry Barr",
]

# (name, sector, type, department, size)
ORGANISATIONS = [
    ("City Council: Early Help", "local_authority", "", "Children and Families", "large"),
    ("City Council: Youth Services", "local_authority", "", "Children and Families", "large"),
    ("City Council: Libraries and Culture", "local_authority", "", "City Operations", "large"),
    ("City Council: Day Opportunities", "local_authority", "", "Adult Social Care", "large"),
    ("City Council: Public Health", "local_authority", "", "Public Health", "large"),
    ("City Council: Housing Solutions", "local_authority", "", "City Housing", "large"),
    ("City Council: Neighbourhoods", "local_authority", "", "City Operations", "large"),
    ("City Council: Commissioning", "local_authority", "", "Strategy and Partnerships", "large"),
    ("Canal Quarter Food Network", "vcfse", "community", "", "small"),
    ("Riverside Youth Collective", "vcfse", "voluntary", "", "small"),
    ("Brightwater Advice Centre", "vcfse", "voluntary", "", "medium"),
    ("Hollybank Carers' Circle", "vcfse", "community", "", "micro"),
    ("St Aldric's Community Kitchen", "vcfse", "faith", "", "micro"),
    ("Al-Noor Neighbourhood Trust", "vcfse", "faith", "", "small"),
    ("Gurdwara Seva Welfare Group", "vcfse", "faith", "", "small"),
    ("Kettleworks Social Enterprise", "vcfse", "social_enterprise", "", "medium"),
    ("Second Chapter Bookshop CIC", "vcfse", "social_enterprise", "", "micro"),
    ("Tern Street Tenants' Association", "vcfse", "community", "", "micro"),
    ("Open Door Mental Health Alliance", "vcfse", "voluntary", "", "medium"),
    ("Westgate Older People's Forum", "vcfse", "community", "", "micro"),
    ("Lantern Refugee Welcome", "vcfse", "voluntary", "", "small"),
    ("Maple Leaf Disability Network", "vcfse", "voluntary", "", "small"),
    ("Central Birmingham Integrated Care Partnership (demo)", "public_sector", "nhs", "", "large"),
    ("Eastside Primary Care Network (demo)", "public_sector", "nhs", "", "medium"),
    ("Neighbourhood Policing Team East (demo)", "public_sector", "police", "", "large"),
    ("Parkway Homes", "public_sector", "housing", "", "large"),
    ("Foundry Lane Academy Trust", "public_sector", "education", "", "large"),
    ("Community Fire Safety Unit (demo)", "public_sector", "fire", "", "medium"),
    ("Probation Delivery Unit South (demo)", "public_sector", "probation", "", "medium"),
    ("Kestrel Logistics", "private", "", "", "large"),
    ("Jewellery Quarter Traders' Guild", "private", "", "", "small"),
    ("Northgate Pharmacy Group", "private", "", "", "medium"),
    ("Bullring Digital Studio", "private", "", "", "small"),
    ("Three Rivers Community Foundation", "funder", "", "", "medium"),
    ("Heartlands Giving Fund", "funder", "", "", "small"),
    ("Midlands Lottery Communities Panel (demo)", "funder", "", "", "large"),
    ("Harbury Family Trust", "funder", "", "", "micro"),
    ("Institute for Civic Partnership (demo)", "academic", "", "", "large"),
    ("Centre for Voluntary Action Research (demo)", "academic", "", "", "medium"),
    ("School of Social Policy (demo university)", "academic", "", "", "large"),
]

FIRST_NAMES = [
    "Amara",
    "Bilal",
    "Ciara",
    "Dev",
    "Esme",
    "Farid",
    "Gwen",
    "Harun",
    "Imogen",
    "Jomo",
    "Kezia",
    "Lorcan",
    "Mehreen",
    "Niamh",
    "Osei",
    "Parveen",
    "Quentin",
    "Rhiannon",
    "Sunil",
    "Tamsin",
    "Uzma",
    "Viktor",
    "Wren",
    "Xander",
    "Yasmin",
    "Zoltan",
    "Anouk",
    "Bartek",
    "Chidi",
    "Delphine",
]
SURNAMES = [
    "Ashdown",
    "Bellweather",
    "Corrigan",
    "Dunmore",
    "Elphick",
    "Farrant",
    "Gorringe",
    "Hallworth",
    "Iredale",
    "Jessop",
    "Kilbride",
    "Lowndes",
    "Marchetti",
    "Nwachukwu",
    "Ormerod",
    "Pendlebury",
    "Quennell",
    "Rathbone",
    "Sallow",
    "Tregarthen",
    "Underhill",
    "Vasquez-Hale",
    "Wetherall",
    "Yardley",
]
JOB_TITLES = {
    "local_authority": ["Service manager", "Head of service", "Commissioning officer", "Team leader"],
    "vcfse": ["Chief executive", "Volunteer coordinator", "Project worker", "Trustee", "Community organiser"],
    "public_sector": [
        "Partnership manager",
        "Neighbourhood inspector",
        "Head teacher",
        "Health inequalities lead",
    ],
    "private": ["Managing director", "Community partnerships manager", "Owner"],
    "funder": ["Grants manager", "Programme director"],
    "academic": ["Senior lecturer", "Research fellow"],
}
INTERESTS = [
    "youth services",
    "early help",
    "libraries as community hubs",
    "day centres",
    "food insecurity",
    "mental health",
    "older people",
    "digital inclusion",
    "refugees and asylum seekers",
    "disabled people",
]
# How many of the 60 people are at each recruitment status.
STATUS_MIX = [
    ("identified", 10),
    ("invited", 10),
    ("consented", 12),
    ("interviewed", 16),
    ("participating", 9),
    ("withdrawn", 3),
]
