"""Run by bench/transcripts/compare.py with Taguette's own Python (bench/.venv-taguette): imports a transcript
and exports it, highlighted, as DOCX, through the same Taguette code its web handlers call.

Import is what `taguette.web.api.DocumentAdd.post` does: `convert.to_html_chunks` (Calibre's ebook-convert
for a .txt file), then a `Document` row and its `Command.document_add`, committed. Export is what
`taguette.web.export.ExportDocument.get` does: `export.highlighted_document(..., "docx")` (the highlights
put into the HTML with their tags in brackets, then Calibre's ebook-convert to DOCX), read to the end.

Usage: python taguette_driver.py TRANSCRIPT.txt WORKDIR HIGHLIGHTS. Prints one JSON line of seconds.
"""

import asyncio
import json
import os
import sys
import time

from bs4 import BeautifulSoup
from taguette import convert, database, export
from taguette.main import DEFAULT_CONFIG
from tornado import locale as tornado_locale


async def main(path: str, workdir: str, highlights: int) -> dict[str, float]:
    # Raised size limits: the defaults (2 MB of HTML) refuse a transcript this long, and a server that
    # takes long transcripts is configured so.
    config = dict(DEFAULT_CONFIG, HTML_OUT_SIZE_LIMIT=50_000_000, OPF_OUT_SIZE_LIMIT=50_000_000)
    db = database.connect(f"sqlite:///{os.path.join(workdir, 'taguette.sqlite3')}")()
    user = database.User(login="bench")
    project = database.Project(name="Bench", description="")
    db.add_all([user, project])
    db.add(database.ProjectMember(project=project, user=user, privileges=database.Privileges.ADMIN))
    db.commit()
    with open(path, "rb") as fp:
        body = fp.read()
    filename = os.path.basename(path)

    started = time.perf_counter()
    html = await convert.to_html_chunks(body, "text/plain", filename, config)
    document = database.Document(
        name="Transcript", description="", filename=filename, project=project,
        text_direction=database.TextDirection.LEFT_TO_RIGHT, contents=html,
    )  # fmt: skip
    db.add(document)
    db.flush()
    db.add(database.Command.document_add(user.login, document))
    db.commit()
    import_seconds = time.perf_counter() - started

    # Highlights spread evenly over the text (offsets in UTF-8 bytes, HTML tags not counted, as Taguette's).
    # The snippet is cut from the plain text: Taguette's extract.extract parses the whole document per
    # highlight, which at this size takes minutes for 2,000 highlights and is not what is timed here.
    plain = BeautifulSoup(html, "html5lib").get_text().encode("utf-8")
    size = len(plain)
    tags = [database.Tag(project=project, path=f"Code {n}", description="") for n in range(20)]
    db.add_all(tags)
    step = size // highlights
    for n in range(highlights):
        start = n * step
        end = start + min(step - 1, 120)
        db.add(
            database.Highlight(
                document=document, start_offset=start, end_offset=end,
                snippet=plain[start:end].decode("utf-8", "replace"), tags=[tags[n % len(tags)]],
            )
        )  # fmt: skip
    db.commit()

    started = time.perf_counter()
    _, contents = await export.highlighted_document(
        db, document, "docx", config=config, locale=tornado_locale.get("en_US")
    )
    exported = sum(len(chunk) for chunk in contents)
    export_seconds = time.perf_counter() - started
    return {
        "import_seconds": import_seconds, "export_seconds": export_seconds, "html_bytes": len(html),
        "docx_bytes": exported, "highlights": highlights,
    }  # fmt: skip


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))))
