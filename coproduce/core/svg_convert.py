"""The one way the server turns its SVG figures into PNG or PDF (vl-convert).

vl-convert loads the address of any `<image>` in an SVG, from any server. The figures are drawn from
templates that escape what people type, so they hold no such address; to keep it that way whatever a
template does, every `href` that is not a link within the figure (`#...`) is removed before conversion.
"""

import io
from functools import lru_cache

import vl_convert
from lxml import etree
from PIL import Image

XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def svg_self_contained(svg: str) -> str:
    """The SVG without references to anything outside it (images, external `use`, links elsewhere)."""
    root = etree.fromstring(svg.encode(), _PARSER)
    for element in root.iter("*"):
        for name in ("href", XLINK_HREF):
            value = element.get(name)
            if value is not None and not value.strip().startswith("#"):
                del element.attrib[name]
    return etree.tostring(root, encoding="unicode")


def svg_png(svg: str, *, scale: float = 1) -> bytes:
    png: bytes = vl_convert.svg_to_png(svg_self_contained(svg), scale=scale)
    return png


@lru_cache(maxsize=8)
def svg_picture(svg: str) -> bytes:
    """The figure as a PNG on white at twice its size (over 300 dots an inch at a report's 16 cm), made once
    per process for each drawing: the report's cover and its figure, in Word and in the PDF, share it. It has
    no transparency, so the PDF embeds its compressed rows as they are instead of decoding and splitting
    them in every build."""
    picture = Image.open(io.BytesIO(svg_png(svg, scale=2)))
    opaque = Image.new("RGB", picture.size, "white")
    opaque.paste(picture, mask=picture.getchannel("A"))
    out = io.BytesIO()
    opaque.save(out, format="PNG", compress_level=1)  # quick to make; the PDF compresses no further
    return out.getvalue()


def svg_pdf(svg: str) -> bytes:
    pdf: bytes = vl_convert.svg_to_pdf(svg_self_contained(svg))
    return pdf
