"""Reading a web page's title for a record added from a web address. Failure is normal: return None."""

import html
import re
import urllib.request
from urllib.error import URLError

FETCH_TIMEOUT = 5
MAX_READ = 512 * 1024
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_OG_TITLE = re.compile(
    r"<meta[^>]+property=[\"']og:title[\"'][^>]+content=[\"']([^\"']+)[\"']", re.IGNORECASE
)


def fetch_title(url: str, *, timeout: float = FETCH_TIMEOUT) -> str | None:
    """The page's title, or None if the page cannot be fetched in time or has no title."""
    if not url.lower().startswith(("http://", "https://")):
        return None
    request = urllib.request.Request(url, headers={"User-Agent": "coproduce evidence review"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(MAX_READ)
            charset = response.headers.get_content_charset() or "utf-8"
    except (URLError, OSError, ValueError):
        return None
    page = body.decode(charset, errors="replace")
    found = _OG_TITLE.search(page) or _TITLE.search(page)
    title = " ".join(html.unescape(found[1]).split()) if found else ""
    return title[:2000] or None
