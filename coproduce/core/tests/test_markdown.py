from coproduce.core.markdown import markdown_html, markdown_tokens


def test_markdown_html_shows_a_picture_as_a_link_with_its_address():
    html = markdown_html("The wards: ![A map of the wards](http://127.0.0.1:8000/map.png)")
    assert "<img" not in html
    link = '<a href="http://127.0.0.1:8000/map.png" class="govuk-!-text-break-word">'
    assert f"{link}Picture: A map of the wards (http://127.0.0.1:8000/map.png)</a>" in html


def test_markdown_html_shows_a_picture_without_description_or_inside_a_link_as_words():
    html = markdown_html(
        "![](https://example.org/a.png) [![Logo](https://example.org/logo.png)](https://example.org)"
    )
    link = '<a href="https://example.org/a.png" class="govuk-!-text-break-word">'
    assert f"{link}Picture (https://example.org/a.png)</a>" in html
    assert '<a href="https://example.org">Picture: Logo (https://example.org/logo.png)</a>' in html
    assert "<img" not in html and html.count("<a ") == 2


def test_markdown_html_does_not_show_a_picture_held_in_the_text():
    html = markdown_html("![Chart](data:image/png;base64,iVBORw0KGgo=)")
    assert html == "<p>Picture: Chart (not shown)</p>\n"


def test_markdown_html_escapes_html_and_refuses_script_links():
    html = markdown_html('<img src="http://127.0.0.1/x.png"> [go](javascript:alert(1))')
    assert "<img" not in html and "&lt;img" in html and 'href="javascript' not in html


def test_markdown_tokens_hold_no_pictures():
    tokens = markdown_tokens(
        "Text ![A map](https://example.org/map.png) more\n\n| a |\n|---|\n| ![b](c.png) |"
    )
    children = [child for token in tokens for child in token.children or []]
    assert not [child for child in children if child.type == "image"]
    assert "Picture: A map (https://example.org/map.png)" in [child.content for child in children]
