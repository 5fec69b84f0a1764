"""The recruitment workflow: which status may follow which. The one place these rules live.

    identified ──> invited ──> consented ──> interviewed <──> participating
         └───────────────────────^
    any status ──> withdrawn ──> consented (only by giving consent again)

- identified: on the list of people to approach. Every person starts here.
- invited: has been asked to take part.
- consented: has given consent (online, on paper or verbally). A person who was never marked
  invited may go straight to consented, e.g. when they sign a paper form at a meeting.
- interviewed / participating: has been interviewed, or takes part in workshops. A person can
  do both, in either order.
- withdrawn: has left the study. Reachable from every other status. The only way back is to
  give consent again (withdrawn -> consented); a withdrawal is never silently undone.

Setting the status a person already has is refused: there is nothing to record.
"""

from .models import RecruitmentStatus

S = RecruitmentStatus

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.IDENTIFIED: frozenset({S.INVITED, S.CONSENTED, S.WITHDRAWN}),
    S.INVITED: frozenset({S.CONSENTED, S.WITHDRAWN}),
    S.CONSENTED: frozenset({S.INTERVIEWED, S.PARTICIPATING, S.WITHDRAWN}),
    S.INTERVIEWED: frozenset({S.PARTICIPATING, S.WITHDRAWN}),
    S.PARTICIPATING: frozenset({S.INTERVIEWED, S.WITHDRAWN}),
    S.WITHDRAWN: frozenset({S.CONSENTED}),
}

# Statuses that count as "invited or further", "consented or further" (withdrawn people excluded).
INVITED_OR_FURTHER = frozenset({S.INVITED, S.CONSENTED, S.INTERVIEWED, S.PARTICIPATING})
CONSENTED_OR_FURTHER = frozenset({S.CONSENTED, S.INTERVIEWED, S.PARTICIPATING})
TOOK_PART = frozenset({S.INTERVIEWED, S.PARTICIPATING})


def transition_allowed(*, from_status: str, to_status: str) -> bool:
    """Whether a person with `from_status` may move to `to_status`."""
    return to_status in ALLOWED_TRANSITIONS.get(from_status, frozenset())


def next_statuses(*, from_status: str) -> list[RecruitmentStatus]:
    """The statuses a person may move to next, in workflow order (for a form's choices)."""
    allowed = ALLOWED_TRANSITIONS.get(from_status, frozenset())
    return [status for status in RecruitmentStatus if status in allowed]
