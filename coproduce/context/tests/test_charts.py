from decimal import Decimal
from xml.etree import ElementTree

from django.template.loader import render_to_string

from coproduce.context.charts import bar_chart, format_number

SVG = "{http://www.w3.org/2000/svg}"


def _chart():
    items = [("North & East", Decimal("40")), ("South <Ward>", Decimal("10.25")), ("West", Decimal("-2"))]
    return bar_chart(chart_id="c", title="Deprivation", description="Score by ward", items=items)


def test_bar_chart_scales_the_biggest_bar_to_the_space():
    bars = _chart().bars
    assert bars[0].width == 350.0
    assert bars[1].width == round(10.25 * 350 / 40, 1)
    assert bars[2].width == 0.0
    assert [bar.value_label for bar in bars] == ["40", "10.25", "-2"]


def test_format_number_shows_money_in_pounds():
    assert format_number(Decimal("1234567.4"), money=True) == "£1,234,567"


def test_bar_chart_template_is_valid_svg_with_title_desc_and_labels():
    html = render_to_string("context/_bar_chart.html", {"chart": _chart(), "table_id": "t"})
    svg_text = html[html.index("<svg") : html.index("</svg>") + len("</svg>")]
    svg = ElementTree.fromstring(svg_text)
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "c-title c-desc"
    assert svg.findtext(f"{SVG}title") == "Deprivation"
    assert svg.findtext(f"{SVG}desc") == "Score by ward"
    texts = [element.text for element in svg.iter(f"{SVG}text")]
    assert "South <Ward>" in texts and "10.25" in texts
    assert 'href="#t"' in html
