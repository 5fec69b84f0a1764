"""The report as one HTML file (styles inside, figures as inline SVG) and, from the same HTML, as a PDF."""

from django.template.loader import render_to_string

from ..document import Document


def report_html(*, document: Document) -> str:
    return render_to_string("reports/document.html", {"document": document})


def report_pdf(*, document: Document) -> bytes:
    """The HTML laid out for A4 by WeasyPrint, with page numbers."""
    from weasyprint import HTML  # imported here: loading pango takes a moment and most requests never need it

    pdf: bytes = HTML(string=report_html(document=document)).write_pdf()
    return pdf
