"""The sector taxonomy of the stakeholder register (documented in docs/sectors.md)."""

from django.db import models
from django.utils.translation import gettext_noop


class Sector(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", gettext_noop("Local authority")
    VCFSE = "vcfse", gettext_noop("VCFSE (voluntary, community, faith, social enterprise)")
    PUBLIC_SECTOR = "public_sector", gettext_noop("Public-sector partner")
    PRIVATE = "private", gettext_noop("Private sector")
    FUNDER = "funder", gettext_noop("Funder")
    ACADEMIC = "academic", gettext_noop("Academic")


class Subsector(models.TextChoices):
    VOLUNTARY = "voluntary", "Voluntary organisation"
    COMMUNITY = "community", "Community group"
    FAITH = "faith", "Faith organisation"
    SOCIAL_ENTERPRISE = "social_enterprise", "Social enterprise"
    NHS = "nhs", "NHS and health"
    POLICE = "police", "Police and community safety"
    HOUSING = "housing", "Housing"
    EDUCATION = "education", "Education"
    FIRE = "fire", "Fire and rescue"
    PROBATION = "probation", "Probation and justice"
    OTHER_PUBLIC = "other_public", "Other public body"


SUBSECTORS_BY_SECTOR: dict[str, tuple[str, ...]] = {
    Sector.VCFSE: (Subsector.VOLUNTARY, Subsector.COMMUNITY, Subsector.FAITH, Subsector.SOCIAL_ENTERPRISE),
    Sector.PUBLIC_SECTOR: (
        Subsector.NHS,
        Subsector.POLICE,
        Subsector.HOUSING,
        Subsector.EDUCATION,
        Subsector.FIRE,
        Subsector.PROBATION,
        Subsector.OTHER_PUBLIC,
    ),
}


class OrganisationSize(models.TextChoices):
    MICRO = "micro", "Micro (fewer than 10 staff or under £10,000 a year)"
    SMALL = "small", "Small (10 to 49 staff or £10,000 to £100,000 a year)"
    MEDIUM = "medium", "Medium (50 to 249 staff or £100,000 to £1 million a year)"
    LARGE = "large", "Large (250 staff or more, or over £1 million a year)"


def subsector_fits(*, sector: str, subsector: str) -> bool:
    """A subsector is optional, and must belong to its sector when given."""
    return not subsector or subsector in SUBSECTORS_BY_SECTOR.get(sector, ())
