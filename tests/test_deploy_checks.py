"""Production readiness: Django's deployment checks, security headers, the ASGI entry point, and the units
and nginx site in deploy/."""

import json
import os
import re
import secrets
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import URLResolver, get_resolver, reverse

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
        timeout=600,  # collectstatic and migrate take minutes on a busy machine
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
    answers = json.loads(result.stdout.splitlines()[-1])  # after the log lines, which go to stdout too

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
    # and compressed for a browser that takes it
    assert answers["stylesheet_compressed"]["headers"]["content-encoding"] in {"br", "gzip"}


SETTINGS_PROBE = """
import json
import django
django.setup()
from django.conf import settings
from django.core.files.storage import storages
from django.core.management import call_command
call_command("check", "--deploy", "--fail-level", "WARNING")
storage = storages["default"]
print(json.dumps({
    "storage": f"{type(storage).__module__}.{type(storage).__name__}",
    "bucket": storage.bucket_name,
    "endpoint": storage.endpoint_url,
    "acl": storage.default_acl,
    "signed": storage.querystring_auth,
    "overwrite": storage.file_overwrite,
    "formatter": settings.LOGGING["formatters"]["default"]["()"],
}))
"""


def test_check_deploy_passes_with_media_in_s3_metrics_token_and_json_logs(tmp_path):
    # given the settings of a server with several app servers: media in a bucket, a token for /metrics
    result = subprocess.run(
        [sys.executable, "-c", SETTINGS_PROBE],
        cwd=ROOT,
        env={
            **production_env(tmp_path),
            "MEDIA_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": "coproduce-media",
            "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
            "AWS_S3_REGION_NAME": "eu-west-2",
            "METRICS_TOKEN": secrets.token_urlsafe(32),
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    # then the deployment checklist passes, and files go to the private bucket, through signed URLs
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stderr + result.stdout
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    assert answers == {
        "storage": "storages.backends.s3.S3Storage",
        "bucket": "coproduce-media",
        "endpoint": "http://127.0.0.1:9000",
        "acl": "private",
        "signed": True,
        "overwrite": False,
        # and production writes JSON log lines unless told otherwise
        "formatter": "coproduce.core.logs.JsonFormatter",
    }


def test_s3_media_without_a_bucket_name_stops_the_server_with_a_message(tmp_path):
    env = {**production_env(tmp_path), "MEDIA_STORAGE": "s3"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )

    assert result.returncode != 0
    assert "MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME" in result.stderr


# --- deploy/: the systemd units and the nginx site ------------------------------------------------------

SYSTEMD = ROOT / "deploy" / "systemd"
NGINX_SITE = ROOT / "deploy" / "nginx" / "coproduce.conf"


def _unit(path: Path) -> dict[str, list[str]]:
    """A unit file's settings (continued lines joined), each name with every value it is given."""
    text = re.sub(r"\\\n\s*", " ", path.read_text())
    settings: dict[str, list[str]] = {}
    for line in text.splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            name, value = line.split("=", 1)
            settings.setdefault(name.strip(), []).append(value.strip())
    return settings


def _exec_start(path: Path) -> list[str]:
    """The ExecStart command lines, with the unit's own Environment= defaults filled in."""
    unit = _unit(path)
    defaults = dict(item.split("=", 1) for item in unit.get("Environment", []))
    return [
        re.sub(r"\$\{(\w+)\}", lambda m: defaults[m.group(1)], line) for line in unit.get("ExecStart", [])
    ]


SERVICES = sorted(SYSTEMD.glob("*.service"))


def test_deploy_has_the_web_and_live_pools_a_worker_template_and_a_timer_for_each_job():
    names = {path.name for path in SYSTEMD.iterdir()}
    assert {"coproduce-web.service", "coproduce-live.service", "coproduce-worker@.service"} <= names
    commands = " ".join(line for path in SERVICES for line in _exec_start(path))
    jobs = ("clearsessions", "apply_retention", "prune_db_task_results", "expire_pending_imports")
    for job in (*jobs, "jobs_recover", "jobs_prune"):
        assert f"manage.py {job}" in commands, job
    for path in SERVICES:
        if _unit(path).get("Type") == ["oneshot"] and "manage.py" in " ".join(_exec_start(path)):
            assert path.with_suffix(".timer").exists(), f"{path.name} has no timer"
    for timer in SYSTEMD.glob("*.timer"):
        assert timer.with_suffix(".service").exists(), f"{timer.name} starts no service"


@pytest.mark.parametrize("path", SERVICES, ids=lambda path: path.name)
def test_every_systemd_unit_runs_a_command_that_exists_with_options_it_takes(path):
    lines = _exec_start(path)
    assert lines, f"{path.name} has no ExecStart"
    for line in lines:
        words = shlex.split(line)
        if words[0].endswith("/uvicorn"):
            # the ASGI application it names loads, and uvicorn takes every option given
            module, attribute = words[1].split(":")
            assert module == "config.asgi" and attribute == "application"
            usage = subprocess.run(
                [str(ROOT / ".venv/bin/uvicorn"), "--help"], capture_output=True, text=True
            )
        elif "manage.py" in words:
            command = words[words.index("manage.py") + 1]
            usage = subprocess.run(
                [sys.executable, "manage.py", "help", command], cwd=ROOT, capture_output=True, text=True
            )
            assert usage.returncode == 0, f"{path.name}: manage.py {command}: {usage.stderr}"
        else:
            assert Path(words[0]).is_absolute() and shutil.which(words[0]), f"{path.name}: {words[0]}"
            continue
        for option in (word for word in words if word.startswith("--")):
            assert option in usage.stdout, f"{path.name}: {option} is not an option of {words[0]}"


def _locations(pool: str) -> set[str]:
    """The nginx locations whose requests go to `pool` (an upstream's name)."""
    site = NGINX_SITE.read_text()
    blocks = re.findall(r"location\s+(=\s*)?(\S+)\s*\{([^}]*)\}", site)
    return {path for _, path, body in blocks if f"proxy_pass http://{pool};" in body}


def test_nginx_sends_websockets_and_participant_pages_to_the_live_pool():
    # the WebSocket routes, upgraded and held open
    assert "/ws/" in _locations("coproduce_live")
    ws_block = re.search(r"location /ws/ \{([^}]*)\}", NGINX_SITE.read_text())
    assert ws_block is not None
    assert "proxy_set_header Upgrade           $http_upgrade;" in ws_block.group(1)
    assert "proxy_set_header Connection        $connection_upgrade;" in ws_block.group(1)
    # every prefix mounting pages for people without an account (joining by code, taking part, personal links)
    participant = {"workshops_public", "consent_public", "priority_public", "endorsement_public"}
    prefixes = {
        f"/{item.pattern}"
        for item in get_resolver().url_patterns
        if isinstance(item, URLResolver) and item.app_name in participant
    }
    assert len(prefixes) == len(participant)
    assert prefixes <= _locations("coproduce_live")
    # and the rest of the site to the web pool
    assert {"/", "/accounts/sign-in/", "/metrics"} <= _locations("coproduce_web")
    assert "/ws/" not in _locations("coproduce_web")


def test_nginx_passes_a_request_id_and_logs_no_path_or_query_string():
    site = NGINX_SITE.read_text()
    assert site.count("proxy_set_header X-Request-ID      $request_id;") == 3  # the server and two locations
    log_format = re.search(r"log_format coproduce ([^;]*);", site)
    assert log_format is not None
    assert "$request_id" in log_format.group(1)
    for leaky in ("$request ", "$request_uri", "$uri", "$args", "$query_string"):
        assert leaky not in log_format.group(1) + " "
