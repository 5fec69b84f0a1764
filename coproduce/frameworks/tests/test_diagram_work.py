"""The work of drawing the diagram: its numbers (coordinates, sizes) are written as they are, without the
locale's number formatting, and its lines of text with one f-string each rather than format_html; the two
took about a third of the framework page's time."""

import pytest
from django.utils import formats

from coproduce.frameworks import diagram_text
from coproduce.frameworks.diagram import NARROW_WIDTH
from coproduce.frameworks.selectors.frameworks import framework_svg, framework_view
from coproduce.frameworks.services.frameworks import element_create
from coproduce.frameworks.tests.diagram_samples import sample_framework

pytestmark = pytest.mark.django_db


@pytest.fixture
def localised(monkeypatch):
    """How many values went through the locale's number formatting."""
    calls = []
    number_format = formats.number_format

    def counted(value, *args, **kwargs):
        calls.append(value)
        return number_format(value, *args, **kwargs)

    monkeypatch.setattr(formats, "number_format", counted)
    return calls


@pytest.mark.parametrize("width", [1000, NARROW_WIDTH])
def test_the_diagram_writes_its_numbers_without_the_locales_formatting(project, lead, localised, width):
    # Given a framework of several elements on three levels
    view = framework_view(framework=sample_framework(project=project, lead=lead))
    # When its diagram is drawn, as the framework page draws it
    svg = framework_svg(view=view, interactive=True, width=width)
    # Then no number went through the locale's formatting, and the numbers are plain
    assert localised == []
    assert f'viewBox="0 0 {width} ' in svg
    assert 'x="12" y="' in svg


def test_the_diagrams_lines_are_written_without_format_html_and_escaped(project, lead, monkeypatch):
    # Given a framework whose title and element need escaping in SVG
    calls = []
    monkeypatch.setattr(diagram_text, "format_html", lambda *a: calls.append(a), raising=False)
    framework = sample_framework(project=project, lead=lead)
    element_create(framework=framework, by=lead, title='Tenants & "landlords" <together>', level="cultural")
    # When its diagram is drawn as text
    svg = framework_svg(view=framework_view(framework=framework), interactive=True)
    # Then no line went through format_html, and the text is escaped as it was
    assert calls == []
    assert "Tenants &amp; &quot;landlords&quot; &lt;together&gt;" in svg
    assert "<together>" not in svg
