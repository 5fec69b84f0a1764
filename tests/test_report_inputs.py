"""The key of the report page's kept document covers every table the document is built from.

The project of one of everything (permission_world.py) with a held workshop's results added: its report is
built for the team and for the public, with the checklist the page keeps beside it, and each table their
queries read must be one of the sources whose state is in the key (coproduce/reports/selectors/
document_inputs.py). A builder that starts reading a new table fails here until the table is added there,
so no edit to it can leave an old report on the page.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coproduce.projects.models import Project
from coproduce.reports.document import Audience
from coproduce.reports.selectors.document import report_document
from coproduce.reports.selectors.document_inputs import SOURCES
from coproduce.reports.selectors.export_checklist import export_checklist
from coproduce.reports.tests.workshop_data import workshops_build

pytestmark = pytest.mark.django_db

TABLE = re.compile(r'(?:FROM|JOIN) "(\w+)"')
# Tables the builder reads from but whose values no report shows, each with the reason.
NOT_SHOWN = {
    "accounts_user": "the screening stop is read with who recorded it (evidence/selectors/stopping.py), for "
    "the screening page; the report gives the rule and its figures, never the person",
}


@pytest.mark.parametrize("audience", list(Audience))
def test_every_table_the_report_reads_is_in_its_key(world, audience):
    # Given a project with something in every section, and a held workshop with results
    project = Project.objects.get(public_id=world.values["project_id"])
    workshops_build(project)
    # When its report and the checklist the page shows beside it are built
    with CaptureQueriesContext(connection) as queries:
        document = report_document(project=project, audience=audience)
        export_checklist(project=project, document=document)
    read = {table for query in queries.captured_queries for table in TABLE.findall(query["sql"])}
    # Then every table it read is a source of the key
    sources = {model._meta.db_table for model in SOURCES}
    assert read - sources - set(NOT_SHOWN) == set()
    assert len(read) > 30 and len(document.sections) > 5
