"""Every email goes through the queue (coproduce/jobs/email.py): no module sends one itself.

A module that imported `send_mail` and called it after the commit would bring back the failure this
prevents: a mail server that is down turning a saved change into an error page, and leaving the rest unsent.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "coproduce"
SENDERS = {"send_mail", "send_mass_mail", "mail_admins", "mail_managers", "get_connection", "mailers"}
ALLOWED = {ROOT / "jobs" / "email.py"}  # the queue itself, and the worker's delivery


def _senders_imported(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.ImportFrom) and node.module == "django.core.mail":
            found |= {alias.name for alias in node.names} & SENDERS
        if isinstance(node, ast.ImportFrom) and node.module == "django.core":
            found |= {f"django.core.{alias.name}" for alias in node.names if alias.name == "mail"}
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name == "django.core.mail"}
    return found


def _modules() -> list[Path]:
    return [
        path
        for path in ROOT.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts and path not in ALLOWED
    ]


def test_no_module_but_the_queue_sends_email_itself():
    offenders = {
        str(path.relative_to(ROOT)): found for path in _modules() if (found := _senders_imported(path))
    }
    assert offenders == {}, "Queue email with coproduce.jobs.email.email_queue (or ProjectEmail below jobs)"


def test_the_check_finds_a_module_that_sends_email_itself(tmp_path):
    module = tmp_path / "notify.py"
    module.write_text("from django.core.mail import send_mail\nfrom django.core import mail\n")
    assert _senders_imported(module) == {"send_mail", "django.core.mail"}
