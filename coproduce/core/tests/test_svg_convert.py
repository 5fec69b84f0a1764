import pytest

from coproduce.core.svg_convert import svg_pdf, svg_png, svg_self_contained

FIGURE = """<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
width="40" height="40"><a href="#row-1"><rect width="10" height="10"/></a>
<image href="{base}/a.png" width="10" height="10"/><image xlink:href="{base}/b.png" width="10" height="10"/>
<use href="{base}/c.svg#shape"/><use href="#row-1"/></svg>"""


@pytest.mark.parametrize("convert", [svg_png, svg_pdf])
def test_svg_conversion_loads_no_image_from_a_server(process_web_server, convert):
    # given a figure with pictures on a server on this machine
    figure = FIGURE.format(base=process_web_server.base)
    # when it is converted, then the server is asked for nothing
    assert convert(figure)[:4] in (b"\x89PNG", b"%PDF")
    assert process_web_server.requests() == []


def test_svg_self_contained_keeps_links_within_the_figure():
    svg = svg_self_contained(FIGURE.format(base="http://127.0.0.1:9"))
    assert "127.0.0.1" not in svg
    assert svg.count('href="#row-1"') == 2
