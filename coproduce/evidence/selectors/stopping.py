"""Reads of the team's recorded decision to stop screening."""

from coproduce.projects.models import Project

from ..models import ScreeningStage, ScreeningStop
from ..queue import screening_order
from ..remaining import recall_percent, remaining_estimate
from ..stopping import ALPHA
from .priors import prior_labels


def screening_stop_get(
    *, project: Project, stage: str = ScreeningStage.TITLE_ABSTRACT
) -> ScreeningStop | None:
    """The stop in force at `stage`: the latest recorded row, unless it says screening resumed."""
    latest = (
        ScreeningStop.objects.filter(project=project, stage=stage)
        .select_related("stopped_by")
        .order_by("-stopped_at", "-id")
        .first()
    )
    return latest if latest is not None and not latest.resumed else None


def screening_stop_facts(*, project: Project) -> tuple[bool, str, bool, str]:
    """Whether the team recorded a stop, the rule with its p-value and estimate then, whether its test was
    met, and the test's result in a few words."""
    stop = screening_stop_get(project=project)
    if stop is None:
        return False, "", False, ""
    rule = stop.rule or "a stopping rule"
    if stop.p_value is None:
        return True, rule, False, f"{rule}: no result recorded"
    figures = f"p = {stop.p_value:.3f}{_estimate_at_stop(project, stop)}"
    return True, f"{rule} ({figures})", stop.p_value < ALPHA, f"{rule}: {figures}"


def _estimate_at_stop(project: Project, stop: ScreeningStop) -> str:
    """The estimate of the relevant records still unscreened when the stop was recorded (remaining.py),
    from the decisions made until then, and the recall it gives: "; about 3 relevant records (between 0
    and 15) were estimated to be still unscreened, an estimated recall of 90% (between 66% and 100%)"."""
    order = screening_order(project=project, before=stop.stopped_at)
    priors = len(prior_labels(project=project, before=stop.stopped_at))
    left = remaining_estimate(order, stop.records_screened + stop.records_unscreened - priors)
    if left is None or not stop.records_unscreened:
        return ""
    text = (
        f"; about {left.expected} relevant record{'s' if left.expected != 1 else ''} "
        f"(between {left.low} and {left.high}) {'were' if left.expected != 1 else 'was'} estimated to be "
        "still unscreened"
    )
    recall = recall_percent(sum(order), left)
    if recall is not None:
        text += f", an estimated recall of {recall[0]}% (between {recall[1]}% and {recall[2]}%)"
    return text
