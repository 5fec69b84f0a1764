"""Where a running job's progress is kept: the cache, shared by web processes and workers."""

PROGRESS_SECONDS = 60 * 60


def progress_key(job_id: int) -> str:
    return f"jobs:progress:{job_id}"
