"""Subject access: everything held about one person, from every source in the personal data registry."""

from coproduce.people.models import Stakeholder

from ..registry import ExportSection, personal_data_sources


def subject_access_sections(*, stakeholder: Stakeholder) -> list[ExportSection]:
    """One section per registered source, in registration order (the register and consent first)."""
    return [source.section(stakeholder) for source in personal_data_sources()]
