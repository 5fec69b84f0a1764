"""Reading a web page's title for a record added from a web address, through the outbound fetch (which
refuses private addresses, slow or large pages and anything that is not a web page)."""

import html
import re

from coproduce.core.outbound import FetchRefused, outbound_fetch

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_OG_TITLE = re.compile(
    r"<meta[^>]+property=[\"']og:title[\"'][^>]+content=[\"']([^\"']+)[\"']", re.IGNORECASE
)


def fetch_title(url: str) -> str:
    """The page's title; FetchRefused, saying why, if the page was not read or has no title."""
    page = outbound_fetch(url, accept=HTML_TYPES)
    try:
        text = page.body.decode(page.charset or "utf-8", errors="replace")
    except LookupError:  # a character set Python does not know
        text = page.body.decode("utf-8", errors="replace")
    found = _OG_TITLE.search(text) or _TITLE.search(text)
    title = " ".join(html.unescape(found[1]).split())[:2000] if found else ""
    if not title:
        raise FetchRefused("The page has no title")
    return title
