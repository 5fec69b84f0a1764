"""A message with a count, in the page's language, for a script that knows the count only in the browser.

Gettext's plural rules look at a count's last two digits and at small counts only (below 100), so the form
a count takes is the form of a count from 0 to 199: itself below 200, else 100 plus its last two digits.
`plural_table` works those 200 out on the server with the catalogue's own rule and gives the page the
different forms and, for each of those counts, which form it takes; `pluralForm` in the script reads it.
"""

import json
from collections.abc import Callable

COUNTED = 200  # counts 0 to 199 stand for every count
PLACEHOLDER = "{count}"


def plural_table(message: Callable[[int], str]) -> str:
    """JSON for a data- attribute: {"forms": [...], "index": "0111..."}, where forms are the different
    texts `message(n)` gives (with "{count}" where the count goes) and the index's nth character is the
    form for n. `message` calls `ngettext` with literal messages, so they are found for translation:
    `lambda n: ngettext("%(count)s apple", "%(count)s apples", n) % {"count": "{count}"}`."""
    forms: list[str] = []
    index = []
    for count in range(COUNTED):
        text = str(message(count))
        if text not in forms:
            forms.append(text)
        index.append(forms.index(text))
    if len(forms) > 10:  # gettext allows at most six forms; one digit each
        raise ValueError("A plural message with more than ten forms")
    return json.dumps({"forms": forms, "index": "".join(map(str, index))}, ensure_ascii=False)
