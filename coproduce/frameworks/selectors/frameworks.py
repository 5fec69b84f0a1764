"""Reads of a project's frameworks, their elements and the diagram."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.http import Http404
from django.template.loader import render_to_string

from coproduce.core.fonts import FONT_FAMILY
from coproduce.projects.models import Project

from ..diagram import WIDTH, Diagram, Lane, diagram_layout
from ..models import Element, Framework
from .strength import Strength, element_strengths


def framework_list(*, project: Project) -> QuerySet[Framework]:
    return (
        Framework.objects.filter(project=project)
        .select_related("area")
        .annotate(element_count=Count("elements"))
        .order_by("created_at", "id")  # a grouped query does not take the model's ordering
    )


def framework_get(*, project: Project, public_id: uuid.UUID) -> Framework:
    framework = Framework.objects.select_related("area", "project").filter(
        project=project, public_id=public_id
    )
    found = framework.first()
    if found is None:
        raise Http404("No such framework.")
    return found


def element_get(*, framework: Framework, public_id: uuid.UUID) -> Element:
    element = Element.objects.filter(framework=framework, public_id=public_id).first()
    if element is None:
        raise Http404("No such element.")
    return element


@dataclass(frozen=True)
class FrameworkView:
    """A framework's elements in order with their evidence strength, and its diagram."""

    framework: Framework
    elements: list[Element]
    strengths: dict[int, Strength]
    diagram: Diagram

    @property
    def rows(self) -> list[tuple[Element, Strength]]:
        return [(element, self.strengths[element.pk]) for element in self.elements]

    @property
    def unsupported(self) -> list[Element]:
        return [element for element in self.elements if self.strengths[element.pk].flagged]


def framework_view(*, framework: Framework, public: bool = False) -> FrameworkView:
    """`public` leaves out the elements with no evidence: the public never sees an unsupported element."""
    return framework_views(frameworks=[framework], public=public)[0]


def framework_views(*, frameworks: Iterable[Framework], public: bool = False) -> list[FrameworkView]:
    """`framework_view` of each framework, with the evidence of all their elements read together (in the
    same queries whatever the number of frameworks)."""
    frameworks = list(frameworks)
    every = list(Element.objects.filter(framework__in=frameworks))
    strengths = element_strengths(elements=every)
    return [
        _view(framework, [e for e in every if e.framework_id == framework.pk], strengths, public)
        for framework in frameworks
    ]


def framework_view_public(*, view: FrameworkView) -> FrameworkView:
    """A view of every element (`public` False) as the public sees it, without reading the evidence again."""
    return _view(view.framework, view.elements, view.strengths, public=True)


def _view(
    framework: Framework, elements: list[Element], strengths: dict[int, Strength], public: bool
) -> FrameworkView:
    own = {element.pk: strengths[element.pk] for element in elements}
    if public:
        elements = [element for element in elements if not own[element.pk].flagged]
    diagram = _layout(framework, elements, own, WIDTH)
    return FrameworkView(framework, elements, own, diagram)


def framework_svg(
    *, view: FrameworkView, interactive: bool = False, outlined: bool = False, width: int = WIDTH
) -> str:
    """The diagram as an SVG document: links to each element's evidence when `interactive`; its text drawn
    as outlines when `outlined` (for the PNG and PDF, which then need no fonts); `width` wide (the page
    shows a narrow one on small screens)."""
    diagram = (
        view.diagram
        if width == view.diagram.width
        else _layout(view.framework, view.elements, view.strengths, width)
    )
    return diagram_svg(
        diagram=diagram,
        svg_id=f"fw-{view.framework.public_id.hex[:8]}-{width}",
        interactive=interactive,
        outlined=outlined,
    )


def diagram_svg(*, diagram: Diagram, svg_id: str, interactive: bool = False, outlined: bool = False) -> str:
    context = {
        "diagram": diagram,
        "interactive": interactive,
        "outlined": outlined,
        "svg_id": svg_id,
        "font_family": FONT_FAMILY,
    }
    return render_to_string("frameworks/diagram.svg", context)


def frameworks_side_by_side_svg(
    *, title: str, views: list[FrameworkView], outlined: bool = False, width: int = 0
) -> str:
    """Several frameworks (one per priority area) in one diagram, each in its own column under its area;
    `width` wide, or wide enough for two columns of elements in each."""
    lanes = [
        Lane(str(view.framework.area or view.framework.title), view.elements, view.strengths)
        for view in views
    ]
    width = width or max(WIDTH, 520 * len(lanes) + 200)
    diagram = diagram_layout(title=title, lanes=lanes, width=width)
    return diagram_svg(diagram=diagram, svg_id=f"fw-all-{width}", outlined=outlined)


def _layout(
    framework: Framework, elements: list[Element], strengths: dict[int, Strength], width: int
) -> Diagram:
    return diagram_layout(title=framework.title, elements=elements, strengths=strengths, width=width)
