import io

import pytest
from openpyxl import load_workbook

from coproduce.evidence.models import Decision, ScreeningStage, SourceType
from coproduce.evidence.selectors.screening import included_reference_ids
from coproduce.evidence.services.screening import reference_screen
from coproduce.evidence.tests.factories import ReferenceFactory
from coproduce.extraction.selectors.evidence_map import (
    QUALITY_AXIS,
    SOURCE_AXIS,
    evidence_map_build,
    map_axes,
)
from coproduce.extraction.selectors.records import case_study_list, extraction_queue, queue_counts
from coproduce.extraction.services.forms import TEMPLATE_GOOD_PRACTICE, extraction_form_create
from coproduce.extraction.services.records import appraisal_save, extraction_save
from coproduce.extraction.spreadsheets import extraction_export
from coproduce.extraction.tools import AACODS, MMAT, criteria_met, tool_suggested

from .factories import included_reference


def _cell(grid, row, column):
    cell = grid.cell(row, column)
    assert cell is not None
    return cell


@pytest.fixture
def form(project, lead):
    return extraction_form_create(
        project=project, by=lead, name="Good practice", template=TEMPLATE_GOOD_PRACTICE
    )


def test_included_records_follow_the_full_text_stage_once_it_starts(project, lead):
    first, second = included_reference(project=project, by=lead), included_reference(project=project, by=lead)
    excluded = ReferenceFactory(project=project)
    reference_screen(reference=excluded, decision=Decision.EXCLUDE, by=lead)
    assert included_reference_ids(project=project) == [first.pk, second.pk]

    reference_screen(reference=first, decision=Decision.INCLUDE, by=lead, stage=ScreeningStage.FULL_TEXT)

    assert included_reference_ids(project=project) == [first.pk]


def test_queue_lists_included_records_with_their_state(project, lead, form):
    done, waiting = included_reference(project=project, by=lead), included_reference(project=project, by=lead)
    extraction_save(
        reference=done, form=form, by=lead, values={"authority": "Brookvale Council"}, complete=True,
        is_case_study=True, case_title="Family hubs in Brookvale",
    )  # fmt: skip
    appraisal_save(reference=waiting, by=lead, tool="aacods", answers={"authority": "yes"}, quality="low")

    rows = extraction_queue(project=project, form=form)
    counts = queue_counts(rows)

    assert [row.reference for row in rows] == [done, waiting]
    assert (counts.included, counts.complete, counts.appraised, counts.case_studies) == (2, 1, 1, 1)
    assert rows[1].appraisals[0].label == "AACODS checklist: 1 of 6 criteria met"


def test_catalogue_filters_by_answers_and_text(project, lead, form):
    hubs = included_reference(project=project, by=lead)
    board = included_reference(project=project, by=lead)
    extraction_save(
        reference=hubs, form=form, by=lead,
        values={"approach": "Community or family hubs", "level": ["Tactical"]},
        is_case_study=True, case_title="Family hubs in Brookvale", case_summary="Hubs run with faith groups.",
    )  # fmt: skip
    extraction_save(
        reference=board, form=form, by=lead, values={"level": ["Strategic", "Tactical"]},
        is_case_study=True, case_title="A joint board in Hollinsford",
    )  # fmt: skip

    assert len(case_study_list(project=project)) == 2
    assert case_study_list(project=project, filters={"level": "Strategic"})[0].reference == board
    assert (
        case_study_list(project=project, filters={"approach": "Community or family hubs"})[0].reference
        == hubs
    )
    assert [c.reference for c in case_study_list(project=project, query="faith")] == [hubs]


def test_evidence_map_counts_records_in_every_cell_they_belong_to(project, lead, form):
    a, b, c = (included_reference(project=project, by=lead) for _ in range(3))
    extraction_save(
        reference=a, form=form, by=lead, values={"approach": "Other", "level": ["Cultural", "Strategic"]}
    )
    extraction_save(reference=b, form=form, by=lead, values={"approach": "Other", "level": ["Strategic"]})
    extraction_save(reference=c, form=form, by=lead, values={"approach": "Other"})  # no level: not on the map
    axes = {axis.key: axis for axis in map_axes(form=form)}

    grid = evidence_map_build(
        form=form,
        rows=axes["approach"],
        columns=axes["level"],
        included_ids=included_reference_ids(project=project),
    )

    assert _cell(grid, "Other", "Strategic").reference_ids == [a.pk, b.pk]
    assert _cell(grid, "Other", "Cultural").reference_ids == [a.pk]
    assert _cell(grid, "Other", "Tactical").count == 0
    other = next(row for row in grid.grid if row.category == "Other")
    assert other.total == 2
    assert [cell.heat for cell in other.cells] == [2, 0, 4]
    assert (grid.records, grid.unmapped) == (3, 1)
    assert grid.column_totals == [1, 0, 2]


def test_evidence_map_has_source_type_and_appraisal_axes(project, lead, form):
    report = included_reference(project=project, by=lead, source_type=SourceType.REPORT)
    extraction_save(reference=report, form=form, by=lead, values={})
    appraisal_save(reference=report, by=lead, tool="aacods", answers={}, quality="high")
    appraisal_save(reference=report, by=lead, tool="casp_qualitative", answers={}, quality="moderate")
    axes = {axis.key: axis for axis in map_axes(form=form)}

    grid = evidence_map_build(
        form=form, rows=axes[SOURCE_AXIS], columns=axes[QUALITY_AXIS], included_ids=[report.pk]
    )

    label = SourceType.REPORT.label
    assert _cell(grid, label, "Moderate").reference_ids == [report.pk]  # the lower judgement counts
    assert _cell(grid, label, "High").count == 0


def test_extraction_table_exports_every_included_record_and_appraisal(project, lead, form):
    first, second = included_reference(project=project, by=lead), included_reference(project=project, by=lead)
    extraction_save(
        reference=first,
        form=form,
        by=lead,
        values={"authority": "=HYPERLINK(1)", "level": ["Tactical", "Strategic"]},
    )
    appraisal_save(reference=second, by=lead, tool="mmat", variant="descriptive", answers={"4.1": "yes"})

    download = extraction_export(project=project, form=form, by=lead)

    workbook = load_workbook(io.BytesIO(download.content))
    assert workbook.sheetnames == ["Extraction", "MMAT"]
    rows = list(workbook["Extraction"].values)
    headings = rows[0]
    assert headings[:2] == ("record", "title") and "transferability" in headings
    first_row = dict(zip(headings, rows[1], strict=True))
    assert first_row["authority"] == "'=HYPERLINK(1)"
    assert first_row["level"] == "Tactical; Strategic"
    assert rows[2][headings.index("status")] == "Not started"
    mmat = list(workbook["MMAT"].values)
    assert mmat[1][2] == "Quantitative descriptive study"
    assert mmat[1][mmat[0].index("4.1")] == "yes"
    assert download.filename.endswith(".xlsx")


def test_tools_suggested_by_source_and_criteria_counted(project, lead):
    grey = ReferenceFactory(project=project, source_type=SourceType.COUNCIL_PAPER)
    study = ReferenceFactory(project=project)

    assert tool_suggested(grey) is AACODS
    assert tool_suggested(study) is MMAT
    assert criteria_met(MMAT, "qualitative", {"s1": "yes", "1.2": "yes", "1.3": "no"}) == (2, 7)
