"""A section with nothing in it: neither text from the team nor anything from the data.

The team's view says so where the section would be, so nobody takes the gap for a fault of the page; every
download, made to be shared, leaves the section out (and numbers the others without it). The checklist on
the report page lists such sections before anyone downloads the report (`export_checklist.py`).
"""

from ..document import Audience, Notice, Section

EMPTY = (
    "Nothing is in this section yet: the team has written no text for it and the project has no data for it. "
    "The downloads and the public page leave it out until it has something in it."
)


def section_is_empty(section: Section) -> bool:
    return all(isinstance(block, Notice) for block in section.blocks)


def sections_settled(sections: list[Section], *, audience: Audience) -> list[Section]:
    """The team's sections with a notice in each empty one; the public's without the empty ones."""
    if audience == Audience.TEAM:
        for section in sections:
            if not section.blocks:
                section.blocks = [Notice(EMPTY)]
        return sections
    return [section for section in sections if not section_is_empty(section)]
