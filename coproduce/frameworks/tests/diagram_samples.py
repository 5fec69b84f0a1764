"""Frameworks with long, multilingual and many-element content, for the diagram's tests."""

from coproduce.frameworks.models import Framework
from coproduce.frameworks.services.frameworks import element_create, framework_create
from coproduce.people.sectors import Sector

# As long as an element's title may be (120 characters).
LONG = (
    "Pooled commissioning budgets shared by the council, the NHS and voluntary sector partners, agreed "
    "each year in public"
)
TITLES = [
    ("Trust first", "cultural", "principle"),
    ("مقامی کونسل اور رضاکار تنظیمیں مل کر فیصلے کریں اور ایک دوسرے پر بھروسہ کریں", "cultural", "principle"),
    ("Zaufanie i współpraca: źródła finansowania, które łączą sektory", "cultural", "enabler"),
    ("আস্থা প্রথমে: স্থানীয় পরিষদ ও স্বেচ্ছাসেবী সংগঠনের সহযোগিতা", "cultural", "practice"),
    ("Shared budgets 🤝 with families 👨‍👩‍👧 and carers 💬", "tactical", "practice"),
    (LONG, "tactical", "commitment"),
    ("Supercalifragilisticexpialidociousnessmultiagencycoordinationarrangements", "tactical", "enabler"),
    ("Urdu-speaking families: ہم سب مل کر 2025", "tactical", "practice"),
    ("A named lead in every partner", "strategic", "commitment"),
    ("Data sharing agreement", "strategic", "enabler"),
    ("Joint training", "strategic", "practice"),
    ("Community panels steer the money", "strategic", "principle"),
    ("Quarterly review with residents", "strategic", "practice"),
    (
        "WMCA, NHS BSOL ICB, BVSC, VCFSE AND DWP MEMORANDUM OF UNDERSTANDING WORKSTREAM",
        "strategic",
        "enabler",
    ),
]


def sample_framework(
    *, project, lead, title: str = "Early help: working together across every sector"
) -> Framework:
    framework = framework_create(project=project, by=lead, title=title)
    for n, (element_title, level, kind) in enumerate(TITLES):
        sectors = [str(s) for s in (Sector.LOCAL_AUTHORITY, Sector.VCFSE, Sector.FUNDER)][: n % 4]
        element_create(
            framework=framework, by=lead, title=element_title, level=level, kind=kind, sectors=sectors
        )
    return framework
