"""The shared REFI-QDA samples from other tools import into a codebook (skipped without the data)."""

from coproduce.analysis.models import Code, Coding
from coproduce.analysis.services.exchange_import import exchange_import

from .codebook_fixtures import transcript_for
from .refi_data import needs_data, sample

pytestmark = needs_data


def _depth(code: Code) -> int:
    return 1 + (_depth(code.parent) if code.parent else 0)


def test_nvivo_codebook_imports_262_codes_seven_deep(project, lead):
    report = exchange_import(
        project=project, by=lead, filename="nvivo.qdpx", data=sample("nvivo15-mac-codebook-only.qdpx")
    )

    codes = list(Code.objects.filter(project=project).select_related("parent"))
    assert len(codes) == 262 == len(report.codes_created)
    assert max(_depth(code) for code in codes) == 7  # seven levels of codes
    assert report.origin == "NVivo for Mac 15.0.0"
    # its two sources are not interviews of this project
    assert report.sources_matched == [] and len(report.sources_unmatched) == 2


def test_qualcoder_project_imports_its_codebook_and_reports_its_sources(project, lead):
    report = exchange_import(
        project=project, by=lead, filename="qc.qdpx", data=sample("qc-1.3.2-demo-coded.qdpx")
    )

    assert Code.objects.filter(project=project).count() == 262
    assert report.sources_unmatched == [
        "board_2017: no interviewee here has this code",
        "admin-1: no interviewee here has this code",
    ]
    assert not Coding.objects.exists()


def test_qualcoder_codings_land_on_a_transcript_with_the_same_text(project, lead):
    # given a transcript here whose P-code and text are those of the sample's coded source
    from coproduce.analysis.refi_qda import read_qdpx

    board = read_qdpx(sample("qc-1.3.2-demo-coded.qdpx")).value.sources[0]
    transcript_for(project, code=board.name, text=board.plain_text)

    report = exchange_import(
        project=project, by=lead, filename="qc.qdpx", data=sample("qc-1.3.2-demo-coded.qdpx")
    )

    assert report.sources_matched == ["board_2017"]
    assert report.codings_created + report.codings_existing == 205 - _blank(board)
    coding = Coding.objects.order_by("start").first()
    assert coding is not None and coding.snippet.startswith("This district goal is engage every student")


def _blank(source) -> int:
    """Codings of selections that hold only white space: nothing to code."""
    return sum(len(s.codings) for s in source.selections if not source.text_of(s).strip())


def test_taguette_codebook_imports_with_the_schema_warning(project, lead):
    report = exchange_import(
        project=project, by=lead, filename="taguette.qdc", data=sample("taguette-1.5.2-codebook-INVALID.qdc")
    )

    assert report.codes_created == ["interesting", "trust", "trust.informal"]
    (warning,) = report.warnings
    assert "does not follow the REFI-QDA schema" in warning


def test_coproduce_minimal_project_imports_its_codes(project, lead):
    report = exchange_import(
        project=project, by=lead, filename="minimal.qdpx", data=sample("coproduce-minimal-coded.qdpx")
    )

    assert report.codes_created == ["Cultural", "Cultural > Trust"]
    trust = Code.objects.get(name="Trust")
    assert trust.colour == "#aec7e8" and trust.parent is not None and trust.parent.name == "Cultural"
