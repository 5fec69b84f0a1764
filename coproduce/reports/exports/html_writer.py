"""The report as one HTML file (styles inside, figures as inline SVG) and, from the same HTML, as a PDF."""

from django.template.loader import render_to_string

from coproduce.core.pdf import pdf_from_html

from ..document import Document


def report_html(*, document: Document) -> str:
    return render_to_string("reports/document.html", {"document": document})


def report_pdf(*, document: Document) -> bytes:
    """The HTML laid out for A4 by WeasyPrint, with page numbers (it loads nothing from elsewhere)."""
    return pdf_from_html(html=report_html(document=document))
