"""Give every interview already scheduled its one participant: the person it is with.

Going back deletes the participant rows; the interview's own person is kept on the interview, so the old
code reads every interview as before (a focus group scheduled since keeps only the person it is filed under).
"""

from django.db import migrations


def _fill(apps, schema_editor):
    interview = apps.get_model("interviews", "Interview")
    participant = apps.get_model("interviews", "InterviewParticipant")
    rows = interview.objects.values_list("pk", "stakeholder_id").order_by("pk").iterator(chunk_size=2000)
    batch = []
    for interview_id, stakeholder_id in rows:
        batch.append(participant(interview_id=interview_id, stakeholder_id=stakeholder_id))
        if len(batch) >= 2000:
            participant.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    participant.objects.bulk_create(batch, ignore_conflicts=True)


def _empty(apps, schema_editor):
    apps.get_model("interviews", "InterviewParticipant").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("interviews", "0006_interview_focus_groups")]

    operations = [migrations.RunPython(_fill, _empty)]
