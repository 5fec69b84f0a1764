"""Production readiness: Django's deployment checks, security headers, and the ASGI entry point."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


def production_env(tmp_path: Path) -> dict[str, str]:
    """The environment a production server would have, with a throwaway secret and database."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="coproduce.example.org",
        EMAIL_URL="smtp+tls://mailer:secret@smtp.example.org:587",
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
    )
    return env


def run_in_production(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_reports_no_warnings(tmp_path):
    # when Django's deployment checklist runs under production settings
    result = run_in_production(tmp_path, "manage.py", "check", "--deploy", "--fail-level", "WARNING")

    # then it passes and reports no issue at all
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


@pytest.mark.django_db
def test_security_headers_are_sent(client):
    response = client.get(reverse("accounts:login"))

    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "'nonce-" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_asgi_application_serves_pages_and_static_files_under_production_settings(tmp_path):
    # given static files collected as in production, and the ASGI app loaded as uvicorn loads it
    result = run_in_production(tmp_path, "-m", "tests.asgi_probe", str(tmp_path / "staticfiles"))
    assert result.returncode == 0, result.stderr[-3000:]
    answers = json.loads(result.stdout)

    # then plain HTTP is sent to HTTPS
    assert answers["plain_http"]["status"] == 301
    assert answers["plain_http"]["headers"]["location"] == "https://coproduce.example.org/"

    # and requests that came through the TLS proxy are served, with HSTS and a CSP
    assert answers["home"]["status"] == 302
    assert answers["home"]["headers"]["location"] == reverse("projects:project_list")
    sign_in = answers["sign_in"]
    assert sign_in["status"] == 200
    assert sign_in["headers"]["strict-transport-security"].startswith("max-age=31536000")
    assert "'nonce-" in sign_in["headers"]["content-security-policy"]

    # and the page links the stylesheet by its hashed name, which WhiteNoise serves for a year
    stylesheet_url = answers["stylesheet_url"]
    assert stylesheet_url != "/static/build/coproduce.css"
    assert stylesheet_url in sign_in["body"]
    stylesheet = answers["stylesheet"]
    assert stylesheet["status"] == 200
    assert stylesheet["headers"]["content-type"].startswith("text/css")
    assert "immutable" in stylesheet["headers"]["cache-control"]
