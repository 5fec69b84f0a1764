"""The researchers of the mixed load, and the report PDF made every 30 seconds.

Each researcher, signed in with a database session, opens a page drawn from a scripted mix of the busiest
pages, thinks for 1 to 3 seconds (uniformly drawn), and again, until the end. Coding is two steps: the
transcript's coding page, a think, then applying a code to a stretch of a turn with htmx
(`analysis:coding_create`, answered with the affected turns).

Every 30 seconds the lead edits a report section (so the PDF is not the same as the one before and its job
is not reused), asks for `reports:report_pdf` (which starts the job and redirects to `jobs:job_detail`, or,
with the task run in the request, to `jobs:job_download`), follows the job's page every 2 seconds as the page
polls, and downloads the file once its link is there.
"""

import asyncio
import random
import time
from dataclasses import dataclass, field
from typing import Any

from bench.mixed_load.mixed_people import Timings
from bench.workshop_load.load_client import ConnectionFailed, CookieJar, HttpPool, Response, csrf_token

THINK_SECONDS = (1.0, 3.0)
REPORT_EVERY = 30.0
POLL_SECONDS = 2.0
REPORT_GIVE_UP = 300.0
# Page (as its URL name) and its weight in the mix; "coding" is the coding page, a think, then a coding POST.
MIX: list[tuple[str, int]] = [
    ("dashboard:project_dashboard", 2),
    ("evidence:reference_list", 2),
    ("evidence:screen", 2),
    ("coding", 4),
    ("analysis:codebook", 1),
    ("frameworks:framework_detail", 1),
    ("recommendations:recommendation_list", 1),
    ("reports:report_page", 1),
]


@dataclass
class Office:
    """Everything the researchers' side records: timings by page and the report builds."""

    pages: dict[str, Timings] = field(default_factory=dict)
    report_requests: Timings = field(default_factory=Timings)
    builds: list[float] = field(default_factory=list)  # request to file downloaded, seconds
    building: list[tuple[float, float]] = field(
        default_factory=list
    )  # from the request to the file or failure
    build_failures: list[str] = field(default_factory=list)
    polls: Timings = field(default_factory=Timings)

    def timings(self, page: str) -> Timings:
        return self.pages.setdefault(page, Timings())

    def report_building(self, moment: float) -> bool:
        """Whether a report was asked for and not yet downloaded (or failed) at `moment`."""
        return any(start <= moment < end for start, end in self.building)


def page_path(page: str, seeded: dict[str, Any], rng: random.Random) -> str:
    """The address of a page of the mix (config/urls.py and each app's urls.py)."""
    base = f"/p/{seeded['project_id']}/"
    return {
        "dashboard:project_dashboard": base,
        "evidence:reference_list": f"{base}evidence/",
        "evidence:screen": f"{base}evidence/screen/",
        "analysis:transcript_code": f"{base}analysis/transcripts/{rng.choice(seeded['interviews'])}/",
        "analysis:codebook": f"{base}analysis/codebook/",
        "frameworks:framework_detail": f"{base}frameworks/{seeded['framework_id']}/",
        "recommendations:recommendation_list": f"{base}recommendations/",
        "reports:report_page": f"{base}report/",
    }[page]


async def _request(timings: Timings, pool: HttpPool, method: str, path: str, jar: CookieJar, *,
                   timeout: float = 60.0, **kwargs: Any) -> Response | None:  # fmt: skip
    started = time.perf_counter()
    try:
        answer = await pool.request(method, path, jar=jar, timeout=timeout, **kwargs)
    except (ConnectionFailed, TimeoutError) as error:
        timings.add(started, failure=f"{method} {type(error).__name__}")
        return None
    timings.add(started, failure="" if answer.status < 400 else f"{method} HTTP {answer.status}")
    return answer if answer.status < 400 else None


async def researcher_run(office: Office, pool: HttpPool, seeded: dict[str, Any], session: str, *,
                         until: float, rng: random.Random) -> None:  # fmt: skip
    jar = CookieJar({"sessionid": session})
    pages, weights = zip(*MIX, strict=True)
    await asyncio.sleep(rng.uniform(*THINK_SECONDS))
    while time.perf_counter() < until:
        page = rng.choices(pages, weights)[0]
        if page == "coding":
            await _code(office, pool, seeded, jar, rng=rng)
        else:
            await _request(office.timings(page), pool, "GET", page_path(page, seeded, rng), jar)
        await asyncio.sleep(rng.uniform(*THINK_SECONDS))


async def _code(office: Office, pool: HttpPool, seeded: dict[str, Any], jar: CookieJar, *,
                rng: random.Random) -> None:  # fmt: skip
    path = page_path("analysis:transcript_code", seeded, rng)
    page = await _request(office.timings("analysis:transcript_code"), pool, "GET", path, jar)
    token = csrf_token(page.body) if page is not None else None
    if token is None:
        return
    await asyncio.sleep(rng.uniform(*THINK_SECONDS))
    turn_start, turn_end = rng.choice(seeded["turns"])  # every transcript has the same text and turns
    start = rng.randrange(turn_start, max(turn_start + 1, turn_end - 40))
    form = {"csrfmiddlewaretoken": token, "code": rng.choice(seeded["codes"]), "start": str(start),
            "end": str(min(turn_end, start + rng.randrange(20, 200)))}  # fmt: skip
    headers = {"X-CSRFToken": token, "HX-Request": "true"}
    await _request(office.timings("analysis:coding_create"), pool, "POST", f"{path}codings/", jar, form=form,
                   headers=headers)  # fmt: skip


async def reports_run(office: Office, pool: HttpPool, seeded: dict[str, Any], *, until: float) -> None:
    """A report PDF every 30 seconds until `until`; a build still going then is followed to its end."""
    jar = CookieJar({"sessionid": str(seeded["lead_session"])})
    builds: list[asyncio.Task[None]] = []
    number = 0
    while time.perf_counter() < until:
        number += 1
        builds.append(asyncio.create_task(_report_once(office, pool, seeded, jar, number)))
        await asyncio.sleep(min(REPORT_EVERY, max(0.0, until - time.perf_counter())))
    await asyncio.gather(*builds)


async def _report_once(office: Office, pool: HttpPool, seeded: dict[str, Any], jar: CookieJar,
                       number: int) -> None:  # fmt: skip
    base = f"/p/{seeded['project_id']}/report/"
    form_page = await _request(office.polls, pool, "GET", f"{base}sections/summary/", jar)
    token = csrf_token(form_page.body) if form_page is not None else None
    if token is None:
        office.build_failures.append("section form")
        return
    form = {"csrfmiddlewaretoken": token, "body": f"Our summary, draft {number}."}
    saved = await _request(office.polls, pool, "POST", f"{base}sections/summary/", jar, form=form,
                           headers={"X-CSRFToken": token})  # fmt: skip
    if saved is None:
        office.build_failures.append("section save")
        return
    started = time.perf_counter()
    try:
        await _report_follow(office, pool, base, jar, started)
    finally:
        office.building.append((started, time.perf_counter()))


async def _report_follow(office: Office, pool: HttpPool, base: str, jar: CookieJar, started: float) -> None:
    answer = await _request(
        office.report_requests, pool, "GET", f"{base}report.pdf", jar, timeout=REPORT_GIVE_UP
    )
    where = answer.header("location") if answer is not None else None
    while where is not None and not where.endswith("/download/"):
        if time.perf_counter() - started > REPORT_GIVE_UP:
            office.build_failures.append("no file after 5 minutes")
            return
        await asyncio.sleep(POLL_SECONDS)
        status = await _request(office.polls, pool, "GET", where, jar, headers={"HX-Request": "true"})
        if status is None:
            continue
        if "/download/" in status.body.decode("utf-8", "replace"):
            where = f"{where}download/"
        elif b"hx-get" not in status.body:
            office.build_failures.append("the job failed")
            return
    if where is None:
        office.build_failures.append("no redirect from report.pdf")
        return
    pdf = await _request(office.polls, pool, "GET", where, jar)
    if pdf is None or not pdf.body.startswith(b"%PDF"):
        office.build_failures.append("the download is not a PDF")
        return
    office.builds.append(time.perf_counter() - started)
