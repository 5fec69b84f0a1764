"""The subject-access file: a ZIP with everything as JSON and a readable summary as HTML.

The summary is a Django template, so every value (names, transcripts, comments, cards) is escaped; its
Content-Security-Policy forbids scripts and loading anything, so it is safe to open from the ZIP.
"""

import io
import json
import zipfile

from django.template.loader import render_to_string
from django.utils import timezone

from coproduce.core.downloads import Download
from coproduce.people.models import Stakeholder

from .selectors import subject_access_sections


def subject_access_download(*, stakeholder: Stakeholder) -> Download:
    """Everything held about the person, as `<code>-subject-access.zip`."""
    now = timezone.now()
    sections = subject_access_sections(stakeholder=stakeholder)
    stem = f"{stakeholder.code}-subject-access"
    data = {
        "generated_at": now.isoformat(),
        "project": stakeholder.project.title,
        "code": stakeholder.code,
        "sections": {section.key: section.as_json() for section in sections},
    }
    summary = render_to_string(
        "consent/subject_access_summary.html",
        {
            "project": stakeholder.project.title,
            "code": stakeholder.code,
            "generated_at": timezone.localtime(now),
            "json_name": f"{stem}.json",
            "sections": sections,
        },
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{stem}.json", json.dumps(data, indent=2, ensure_ascii=False))
        archive.writestr(f"{stem}.html", summary)
    return Download(filename=f"{stem}.zip", content_type="application/zip", content=buffer.getvalue())
