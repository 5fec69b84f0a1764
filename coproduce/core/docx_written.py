"""Words a participant wrote (a card, a statement) in a Word document, in their own language.

The language recorded with the words is the run's `w:lang`; words in Urdu or Arabic are also marked as
right-to-left complex-script text (`w:rtl`, the language as `w:lang w:bidi`, the paragraph `w:bidi`) and
name their script's face for complex scripts (`w:rFonts w:cs`): Noto Nastaliq Urdu for Urdu, Noto Naskh
Arabic for Arabic, as the pages and the PDF set them. A Word file names fonts without holding them: a reader
who has not installed the face sees the words in one of their own for the script. Words whose language is not
recorded get nothing: Word then picks by the letters alone.
"""

from django.conf import settings
from django.utils.translation import to_locale
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from .fonts import LANGUAGE_FACES
from .languages import Written


def _primary(language: str) -> str:
    return language.split("-")[0].lower()


def written_rtl(language: str) -> bool:
    """Whether words written in `language` read right to left (Urdu, Arabic)."""
    return _primary(language) in settings.LANGUAGES_BIDI


def written_run_properties(language: str) -> etree._Element | None:
    """The properties (`w:rPr`) of a run of words written in `language`; None when it is not known."""
    if not language:
        return None
    primary, tag = _primary(language), to_locale(language).replace("_", "-")  # "en-gb": "en-GB"
    properties = OxmlElement("w:rPr")
    if primary in LANGUAGE_FACES:  # the schema's order: rFonts, ..., rtl, ..., lang
        fonts = OxmlElement("w:rFonts")  # Word draws these scripts with the complex-script face
        fonts.set(qn("w:cs"), LANGUAGE_FACES[primary][0])
        properties.append(fonts)
    if written_rtl(primary):
        properties.append(OxmlElement("w:rtl"))
    marked = OxmlElement("w:lang")
    marked.set(qn("w:val"), tag)
    if written_rtl(primary):
        marked.set(qn("w:bidi"), tag)
    properties.append(marked)
    return properties


def written_run(text: str, language: str) -> etree._Element:
    """A run (`w:r`) of the words, in their language."""
    run = OxmlElement("w:r")
    properties = written_run_properties(language)
    if properties is not None:
        run.append(properties)
    words = OxmlElement("w:t")
    words.text = text
    words.set(qn("xml:space"), "preserve")
    run.append(words)
    return run


def written_into(paragraph: etree._Element, written: Written) -> None:
    """The words as a run of an empty paragraph (`w:p`, with no properties but its style), read right to left
    when their language is."""
    if written_rtl(written.language):
        properties = paragraph.find(qn("w:pPr"))
        if properties is None:
            properties = OxmlElement("w:pPr")
            paragraph.insert(0, properties)
        properties.append(OxmlElement("w:bidi"))
    paragraph.append(written_run(written.text, written.language))
