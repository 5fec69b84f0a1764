import pathlib
import re

import pytest

from coproduce.core import pdf as pdf_module
from coproduce.core.pdf import ORIGIN, AddressRefused, pdf_from_html, static_file
from coproduce.core.tests.web import Reply

ROOT = pathlib.Path(__file__).resolve().parents[3]


def test_pdf_from_html_loads_nothing_from_other_servers_or_the_disk(web_server, monkeypatch):
    # given HTML that points at a server on this machine in every way WeasyPrint would follow
    server = web_server("127.0.0.1")
    server.replies["/logo.png"] = Reply(headers={"Content-Type": "image/png"}, body=b"")
    html = f"""<html><head><link rel="stylesheet" href="{server.base}/print.css">
    <style>@import url("{server.base}/more.css");
    body {{ background: url("{server.base}/paper.png") }}</style></head>
    <body><img src="{server.base}/logo.png" alt="Logo"><img src="file:///etc/hostname" alt="Host">
    <svg><image href="{server.base}/map.png" width="10" height="10"/></svg><p>Text</p></body></html>"""
    asked: dict[str, str] = {}

    def recording(url: str) -> tuple[bytes, str]:
        try:
            found = static_file(url)
        except AddressRefused:
            asked[url] = "refused"
            raise
        asked[url] = "read"
        return found

    monkeypatch.setattr(pdf_module, "static_file", recording)
    # when it is laid out as a PDF
    pdf = pdf_from_html(html=html)
    # then every address went to the app's fetcher and was refused there, so the server was asked for nothing
    assert pdf.startswith(b"%PDF")
    assert server.requests == []
    wanted = {
        f"{server.base}/{name}" for name in ("print.css", "more.css", "paper.png", "logo.png", "map.png")
    }
    assert asked == dict.fromkeys(wanted | {"file:///etc/hostname"}, "refused")


def test_static_file_reads_the_apps_static_files():
    body, content_type = static_file(f"{ORIGIN}/static/img/favicon.svg")
    assert body.startswith(b"<svg") and content_type == "image/svg+xml"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/static/img/favicon.svg",
        "https://coproduce.invalid.example.org/static/img/favicon.svg",
        "file:///etc/passwd",
        "data:image/png;base64,iVBORw0KGgo=",
        f"{ORIGIN}/media/fulltext/1/paper.pdf",
        f"{ORIGIN}/static/../config/settings/base.py",
        f"{ORIGIN}/static/%2e%2e/%2e%2e/config/settings/base.py",
        f"{ORIGIN}/static//etc/passwd",
        f"{ORIGIN}/static/img/missing.png",
    ],
)
def test_static_file_refuses_every_other_address(url):
    with pytest.raises(AddressRefused):
        static_file(url)


@pytest.mark.parametrize(
    "library, allowed",
    [("weasyprint", "coproduce/core/pdf.py"), ("vl_convert", "coproduce/core/svg_convert.py")],
)
def test_only_the_one_helper_uses_each_renderer_that_can_load_addresses(library, allowed):
    importing = re.compile(rf"^\s*(from|import) {library}\b", re.MULTILINE)
    users = sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "coproduce").rglob("*.py")
        if importing.search(path.read_text(encoding="utf-8"))
    )
    assert users == [allowed]


def test_a_picture_handed_over_is_read_by_its_name_and_no_other(monkeypatch):
    picture = _png_bytes()
    asked: list[str] = []

    def recording(url: str) -> tuple[bytes, str]:
        asked.append(url)
        return static_file(url)

    monkeypatch.setattr(pdf_module, "static_file", recording)
    html = '<img src="/pictures/one.png" alt="One"><img src="/pictures/two.png" alt="Two">'

    pdf = pdf_from_html(html=html, pictures={"one.png": picture})

    assert pdf.count(b"/Subtype /Image") == 1  # the one handed over; the other refused, not read from disk
    assert asked == [f"{ORIGIN}/pictures/two.png"]


def _png_bytes() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), "navy").save(out, format="PNG")
    return out.getvalue()
