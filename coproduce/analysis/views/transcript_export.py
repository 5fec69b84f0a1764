"""Download a coded transcript as a Word document (pseudonymised text only, with every suggestion decided)."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from coproduce.core.downloads import attachment_response
from coproduce.interviews.redaction import NAMES_PENDING, undecided_message
from coproduce.interviews.selectors.interviews import pending_redaction_count
from coproduce.projects.access import access_project
from coproduce.projects.permissions import Need
from coproduce.projects.views.common import signed_in_user

from ..selectors import coding as selectors
from ..selectors.agreement import blind_to
from ..transcript_docx import transcript_docx as docx_bytes

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def transcript_docx(request: HttpRequest, project_id: uuid.UUID, interview_id: uuid.UUID) -> HttpResponse:
    project = access_project(request.user, project_id, need=Need.VIEW_PROJECT)
    transcript = selectors.coding_transcript_get(project=project, public_id=interview_id)
    if transcript.names_pending:
        messages.error(request, f"{NAMES_PENDING}, then download the transcript")
        return redirect("analysis:transcript_code", project_id=project_id, interview_id=interview_id)
    if undecided := pending_redaction_count(transcript=transcript):
        messages.error(request, f"{undecided_message(undecided)}, then download the transcript")
        return redirect("analysis:transcript_code", project_id=project_id, interview_id=interview_id)
    user = signed_in_user(request)
    only_coder = user.pk if blind_to(transcript=transcript, user=user) else None
    content = docx_bytes(transcript=transcript, only_coder=only_coder)
    name = f"{transcript.interview.stakeholder.code}-transcript.docx"
    return attachment_response(content, filename=name, content_type=DOCX)
