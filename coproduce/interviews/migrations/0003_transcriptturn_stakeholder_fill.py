"""Say who spoke each participant's turn of the transcripts already imported.

Before this, every participant's turn counted as the person interviewed. Now, per transcript: the label that
names the person interviewed (their name or code) is theirs; when no label does, the participant label with
the most words is. Another participant label that names a person in the register is that person's; any
other participant label becomes "someone else". Interviewer and someone-else turns are left as they are.

Going back empties the new column; labels that became "someone else" stay so, which the old code reads as
someone else too.
"""

import re
from collections import defaultdict

from django.db import migrations

_WORD = re.compile(r"[^\W\d_]+")
_TITLES = {"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor", "cllr", "councillor", "rev"}


def _words(text):
    return [word for word in _WORD.findall(text.casefold()) if word not in _TITLES]


def _names(label, person):
    """Whether a speaker label names the person: their code, or their whole name (titles aside)."""
    if label.strip().casefold() == person.code.casefold():
        return True
    label_words, name_words = set(_words(label)), _words(person.full_name)
    return bool(name_words) and set(name_words) <= label_words


def _label_owners(transcript, labels, people):
    """Each participant label mapped to a person of the register, or None for someone else."""
    interviewee = transcript.interview.stakeholder
    owners = {}
    for label in labels:
        if _names(label, interviewee):
            owners[label] = interviewee
    if interviewee not in owners.values() and labels:
        unclaimed = [label for label in labels if not any(_names(label, p) for p in people)]
        if unclaimed:
            owners[max(unclaimed, key=lambda label: (labels[label], -list(labels).index(label)))] = (
                interviewee
            )
    for label in labels:
        if label not in owners:
            owners[label] = next((p for p in people if p.pk != interviewee.pk and _names(label, p)), None)
    return owners


def fill(apps, schema_editor):
    Transcript = apps.get_model("interviews", "Transcript")
    TranscriptTurn = apps.get_model("interviews", "TranscriptTurn")
    Stakeholder = apps.get_model("people", "Stakeholder")
    people_by_project = defaultdict(list)
    for person in Stakeholder.objects.order_by("code"):
        people_by_project[person.project_id].append(person)
    for transcript in Transcript.objects.select_related("interview__stakeholder"):
        turns = list(
            TranscriptTurn.objects.filter(transcript=transcript, role="participant").order_by("order")
        )
        labels = {}
        for turn in turns:
            labels[turn.speaker] = labels.get(turn.speaker, 0) + turn.end - turn.start
        owners = _label_owners(transcript, labels, people_by_project[transcript.interview.project_id])
        for turn in turns:
            owner = owners[turn.speaker]
            turn.stakeholder_id = owner.pk if owner else None
            turn.role = "participant" if owner else "other"
        TranscriptTurn.objects.bulk_update(turns, ["stakeholder", "role"])


def empty(apps, schema_editor):
    apps.get_model("interviews", "TranscriptTurn").objects.update(stakeholder=None)


class Migration(migrations.Migration):
    dependencies = [("interviews", "0002_transcriptturn_stakeholder")]

    operations = [migrations.RunPython(fill, empty)]
