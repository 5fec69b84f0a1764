"""The default extraction form: good practice in other local authorities.

Teams change it freely once created; the lists below are only where it starts. Levels of working follow the
project's framework (cultural, tactical, strategic) and sectors follow the stakeholder register's taxonomy.
"""

from dataclasses import dataclass, field

from coproduce.people.sectors import Sector

from .models import FieldKind

GOOD_PRACTICE_NAME = "Good practice in other local authorities"
GOOD_PRACTICE_DESCRIPTION = (
    "What other councils and their partners did, at which level of working, for whom, with what results, "
    "and how well it would transfer here."
)
LEVELS_OF_WORKING = ["Cultural", "Tactical", "Strategic"]
REGIONS = [
    "North East", "North West", "Yorkshire and the Humber", "East Midlands", "West Midlands",
    "East of England", "London", "South East", "South West", "Scotland", "Wales", "Northern Ireland",
    "Outside the UK",
]  # fmt: skip
APPROACHES = [
    "Place-based partnership or alliance",
    "Community or family hubs",
    "Asset-based community development",
    "Social prescribing or community navigation",
    "Co-production board or citizens' panel",
    "Participatory budgeting or grant-making",
    "Collaborative or alliance commissioning",
    "Community asset transfer",
    "Shared data, teams or premises",
    "Volunteering and mutual aid",
    "Other",
]
GROUPS = [
    "Children and young people",
    "Families on low incomes",
    "Older people",
    "Disabled people",
    "People with mental ill health",
    "Unpaid carers",
    "Minority ethnic communities",
    "Refugees and people seeking asylum",
    "People who are homeless",
    "LGBTQ+ people",
    "Women and girls",
    "Faith communities",
    "Everyone in a neighbourhood",
]
TRANSFERABILITY = ["High", "Medium", "Low"]


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    kind: str
    help_text: str = ""
    options: list[str] = field(default_factory=list)
    required: bool = False


def _sector_labels() -> list[str]:
    return [str(label).split(" (")[0] for label in Sector.labels]


def good_practice_fields() -> list[FieldSpec]:
    return [
        FieldSpec("authority", "Local authority", FieldKind.TEXT, "The councils involved.", [], True),
        FieldSpec("region", "Region or nation", FieldKind.CHOICE, options=REGIONS),
        FieldSpec("approach", "Approach", FieldKind.CHOICE, "The main kind of cross-sector working.",
                  APPROACHES),
        FieldSpec("approach_detail", "What they did", FieldKind.LONG_TEXT, "In two or three sentences."),
        FieldSpec("sectors", "Sectors involved", FieldKind.MULTI_CHOICE, options=_sector_labels()),
        FieldSpec(
            "level", "Level of working", FieldKind.MULTI_CHOICE,
            "Cultural: values, trust and relationships. Tactical: shared practice and delivery. "
            "Strategic: governance, commissioning and money.", LEVELS_OF_WORKING,
        ),
        FieldSpec(
            "groups", "Groups affected", FieldKind.MULTI_CHOICE,
            "Vulnerable groups and people with protected characteristics it served.", GROUPS,
        ),
        FieldSpec("outcomes", "Outcomes reported", FieldKind.LONG_TEXT,
                  "What changed, and how it was measured?"),
        FieldSpec("cost", "Cost and funding", FieldKind.TEXT,
                  "For example: £120,000 a year from the public health grant."),
        FieldSpec("transferability", "Transferability here", FieldKind.CHOICE, options=TRANSFERABILITY),
        FieldSpec(
            "transferability_note", "Why it would or would not transfer", FieldKind.LONG_TEXT,
            "Consider scale, funding, local partners and the current budget position.",
        ),
    ]  # fmt: skip
