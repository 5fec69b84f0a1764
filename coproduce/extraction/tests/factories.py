"""Fictional included records with extraction forms, for tests."""

from coproduce.accounts.models import User
from coproduce.evidence.models import Decision, Reference, ScreeningStage
from coproduce.evidence.services.screening import reference_screen
from coproduce.evidence.tests.factories import ReferenceFactory
from coproduce.projects.models import Project


def included_reference(*, project: Project, by: User, **fields) -> Reference:
    """A record of `project` that screening has included at title and abstract."""
    reference = ReferenceFactory(project=project, **fields)
    reference_screen(
        reference=reference, decision=Decision.INCLUDE, by=by, stage=ScreeningStage.TITLE_ABSTRACT
    )
    return reference
