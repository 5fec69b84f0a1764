"""Every email to a person outside the team is written in the language they read (Stakeholder.language):
the consent link, the workshop invitation, the endorsement round and its reminder, and progress updates. The
subject, the text and the HTML alternative are each rendered with that language active; the HTML carries its
`lang` and `dir`. The job that delivers the message keeps the words as they were written, so a retry sends
the same message whatever the worker's language (docs/translations.md).

Words checked here are ones the Urdu catalogue already holds ("Contact the research team:", "Thank you") or
that Django translates itself (month and day names); the rest of the wording is seen through the language
active while each template is rendered.
"""

import datetime
from collections.abc import Iterator
from types import SimpleNamespace
from urllib.parse import urljoin

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core import mail
from django.template.loader import render_to_string
from django.utils import dateformat, timezone, translation

from coproduce.consent.models import ConsentKind, ConsentScope
from coproduce.consent.services.links import personal_link_create, personal_link_email
from coproduce.consent.tests.factories import ConsentEventFactory, ConsentFormFactory
from coproduce.jobs import email_render as email_render_module
from coproduce.jobs.email_render import email_render
from coproduce.jobs.models import JobStatus
from coproduce.jobs.tests.mail_servers import flaky_server
from coproduce.people.tests.factories import StakeholderFactory
from coproduce.recommendations.models import Position, Progress
from coproduce.recommendations.services.endorsement import (
    endorsement_round_open,
    endorsement_round_remind,
    endorsement_submit,
)
from coproduce.recommendations.services.progress import progress_record
from coproduce.recommendations.services.recommendations import recommendation_create, recommendation_publish
from coproduce.workshops.models import WorkshopStatus
from coproduce.workshops.services.invitations import invitations_send
from coproduce.workshops.tests.factories import WorkshopFactory

pytestmark = pytest.mark.django_db

CONTACT_UR = "تحقیقی ٹیم سے رابطہ کریں:"  # "Contact the research team:"
THANKS_UR = "شکریہ"  # "Thank you"
RTL_UR = '<html lang="ur" dir="rtl">'
LTR_EN = '<html lang="en-gb" dir="ltr">'


@pytest.fixture
def rendered_in(monkeypatch) -> Iterator[list[tuple[str, str]]]:
    """(template, language active while it was rendered) for every template an email is made of."""
    seen: list[tuple[str, str]] = []

    def spy(template_name, context=None, *args, **kwargs):
        seen.append((template_name, translation.get_language()))
        return render_to_string(template_name, context, *args, **kwargs)

    monkeypatch.setattr(email_render_module, "render_to_string", spy)
    yield seen


def _link_context() -> dict:
    """What the consent link's email is written from, without a database."""
    return {
        "stakeholder": SimpleNamespace(full_name="Sam Example"),
        "project": SimpleNamespace(title="Library hours"),
        "form": SimpleNamespace(team_contact="research-team@example.org"),
        "url": "https://x.test/c/abc/",
        "date": "1 March 2031",
    }


def _html(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def _recontact(person, lead):
    ConsentEventFactory(stakeholder=person, scope=ConsentScope.RECONTACT, kind=ConsentKind.GIVEN)
    return person


def _round(project, lead, people):
    recommendation_create(project=project, by=lead, action="Open the library in the evening")
    return endorsement_round_open(
        project=project, by=lead, title="Round 1", people=people, link_for=lambda i: f"https://x.test/e/{i.pk}/",
        closes_at=timezone.now() + datetime.timedelta(days=14),
    )  # fmt: skip


def test_the_consent_link_email_is_written_in_urdu_for_a_person_who_reads_urdu(project, lead, rendered_in):
    # given a person who reads Urdu
    person = StakeholderFactory(project=project, language="ur")
    link = personal_link_create(stakeholder=person, form=ConsentFormFactory(project=project), by=lead)

    # when the team emails them their consent link
    personal_link_email(link=link, url="https://x.test/c/abc/", by=lead)

    # then subject, text and HTML are all written with Urdu active, and the HTML reads right to left
    [message] = mail.outbox
    assert rendered_in == [
        ("consent/email/personal_link_subject.txt", "ur"),
        ("consent/email/personal_link.txt", "ur"),
        ("email/message.html", "ur"),
    ]
    assert f"{CONTACT_UR} research-team@example.org" in message.body
    assert "https://x.test/c/abc/" in message.body and "Contact the research team" not in message.body
    html = _html(message)
    assert RTL_UR in html and CONTACT_UR in html
    assert '<a href="https://x.test/c/abc/" dir="ltr"' in html  # the link reads left to right, and works
    assert f"<title>{message.subject}</title>" in html
    # the site's own Nastaliq face (Naskh behind it), for the mail programs that load fonts, before the
    # reader's fallbacks; lines as tall as Nastaliq's own, so none reaches into the next
    for family, file in (
        ("Noto Nastaliq Urdu", "NotoNastaliqUrdu"),
        ("Noto Naskh Arabic", "NotoNaskhArabic"),
    ):
        for weight, name in (("400", "Regular"), ("700", "Bold")):
            url = urljoin(settings.SITE_URL, f"/static/fonts/{file}-{name}.ttf")
            assert f'font-family: "{family}"; font-weight: {weight}; src: url("{url}")' in html
            assert finders.find(f"fonts/{file}-{name}.ttf")  # and the app has the file it names
    fonts = "font-family: 'Noto Nastaliq Urdu', 'Noto Naskh Arabic', 'Noto Sans', Tahoma, Arial, sans-serif;"
    assert f"{fonts} font-size: 19px; line-height: 2.5;" in html
    assert '<h1 style="font-size: 24px; line-height: 2.5;' in html


def test_arabic_stays_in_naskh_with_the_usual_lines():
    arabic = email_render(template="consent/email/personal_link", context=_link_context(), language="ar")
    english = email_render(template="consent/email/personal_link", context=_link_context(), language="")

    assert '<html lang="ar" dir="rtl">' in arabic.html and "Nastaliq" not in arabic.html
    fonts = "font-family: 'Noto Naskh Arabic', 'Noto Sans', Tahoma, Arial, sans-serif;"
    assert f"{fonts} font-size: 19px; line-height: 1.6;" in arabic.html
    assert "font-family: 'Noto Sans', Arial, sans-serif; font-size: 19px; line-height: 1.6;" in english.html
    assert "Nastaliq" not in english.html and "Naskh" not in english.html


def test_a_person_whose_language_is_not_known_is_written_to_in_english(project, lead, rendered_in):
    person = StakeholderFactory(project=project, language="")
    link = personal_link_create(stakeholder=person, form=ConsentFormFactory(project=project), by=lead)

    with translation.override("ur"):  # the team member's page language plays no part
        personal_link_email(link=link, url="https://x.test/c/abc/", by=lead)

    [message] = mail.outbox
    assert {language for _template, language in rendered_in} == {"en-gb"}
    assert message.subject.endswith(": your choices about taking part")
    assert "Contact the research team: research-team@example.org" in message.body
    assert LTR_EN in _html(message)


def test_each_person_is_invited_to_a_workshop_in_their_own_language(project, lead, rendered_in):
    # given two people who agreed to take part in workshops, one reading Urdu, one English
    starts = timezone.make_aware(datetime.datetime(2030, 12, 2, 18, 0))  # a Monday in December
    workshop = WorkshopFactory(series__project=project, status=WorkshopStatus.PLANNED, starts_at=starts)
    urdu, english = (StakeholderFactory(project=project, language=code) for code in ("ur", ""))
    for person in (urdu, english):
        ConsentEventFactory(stakeholder=person, scope=ConsentScope.WORKSHOPS, kind=ConsentKind.GIVEN)

    invitations_send(workshop=workshop, by=lead, people=[urdu, english], base_url="https://x.test/")

    by_address = {message.to[0]: message for message in mail.outbox}
    in_urdu, in_english = by_address[urdu.email], by_address[english.email]
    assert [language for _t, language in rendered_in] == ["ur"] * 3 + ["en-gb"] * 3
    assert "سوموار 2 دسمبر 2030" in in_urdu.body and RTL_UR in _html(in_urdu)  # Monday 2 December
    assert "Monday 2 December 2030" in in_english.body and LTR_EN in _html(in_english)


def test_the_endorsement_round_and_its_reminder_reach_an_urdu_reader_in_urdu(project, lead, rendered_in):
    person = _recontact(StakeholderFactory(project=project, language="ur"), lead)

    round_ = _round(project, lead, [person])
    invited = list(rendered_in)
    rendered_in.clear()
    round_.invites.update(sent_at=timezone.now() - datetime.timedelta(days=3))
    endorsement_round_remind(round_=round_, by=lead, link_for=lambda i: "https://x.test/e/again/")

    templates = "recommendations/email/endorsement_{}_subject.txt", "recommendations/email/endorsement_{}.txt"
    assert invited == [(t.format("invite"), "ur") for t in templates] + [("email/message.html", "ur")]
    assert rendered_in == [(t.format("reminder"), "ur") for t in templates] + [("email/message.html", "ur")]
    invitation, reminder = mail.outbox
    with translation.override("ur"):  # the closing date as Django writes it in Urdu, month name and all
        closes = dateformat.format(timezone.localtime(round_.closes_at), "j F Y")
    assert all(RTL_UR in _html(message) and closes in message.body for message in (invitation, reminder))


def test_progress_updates_go_to_each_person_in_their_own_language(project, lead, rendered_in):
    # given two people who asked to hear about progress, one reading Urdu, one English
    urdu, english = (_recontact(StakeholderFactory(project=project, language=c), lead) for c in ("ur", ""))
    round_ = _round(project, lead, [urdu, english])
    recommendation = round_.project.recommendations.get()
    for invite in round_.invites.all():
        endorsement_submit(
            invite=invite, positions={recommendation.pk: (Position.SUPPORT, "")}, notify_updates=True
        )
    recommendation_publish(recommendation=recommendation, by=lead)
    mail.outbox.clear()
    rendered_in.clear()

    progress_record(recommendation=recommendation, by=lead, progress=Progress.DONE, note="Open since May")

    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(language for _t, language in rendered_in) == ["en-gb"] * 3 + ["ur"] * 3
    assert THANKS_UR in by_address[urdu.email].body and RTL_UR in _html(by_address[urdu.email])
    assert "Thank you" in by_address[english.email].body and LTR_EN in _html(by_address[english.email])
    assert all("Open since May" in message.body for message in mail.outbox)


def test_a_message_sent_again_after_the_server_was_down_keeps_the_words_it_was_written_in(project, lead):
    # given an Urdu reader's consent link, queued while the mail server cannot be reached, in a process whose
    # own language is Polish (the worker's language, or a team member's page)
    person = StakeholderFactory(project=project, language="ur")
    link = personal_link_create(stakeholder=person, form=ConsentFormFactory(project=project), by=lead)
    with translation.override("pl"), flaky_server(down_for=2) as server:
        job = personal_link_email(link=link, url="https://x.test/c/abc/", by=lead)
        written = email_render(
            template="consent/email/personal_link",
            context={"link": link, "url": "https://x.test/c/abc/", "project": project, "form": link.form,
                     "stakeholder": person},
            language="ur",
        )  # fmt: skip

    # then the third attempt delivers the message as it was written for them, in Urdu
    job.refresh_from_db()
    assert (job.status, server.attempts) == (JobStatus.SUCCEEDED, 3)
    [message] = mail.outbox
    assert (message.subject, message.body, _html(message)) == (written.subject, written.body, written.html)
    assert CONTACT_UR in message.body and RTL_UR in _html(message)
