"""Stored results as JSON and back: pairwise scores, and the statements analysis with its vote counts.

`ResultSnapshot.payload` holds what these functions write. Each kind has an algorithm version, stored with
the payload: a change to how the figures are computed (pairwise.py, opinion/) bumps it, so results stored
before are worked out again. Option and statement texts are not stored: pages read them fresh, so an edit
to a text shows at once.
"""

from dataclasses import asdict
from typing import Any

from .opinion import (
    COMMON_GROUND,
    Consensus,
    CrossSectorConsensus,
    Divisive,
    GroupShare,
    OpinionAnalysis,
    OpinionGroup,
    Placement,
    Repness,
    SectorShare,
)
from .pairwise import OptionScore, PairwiseScores

PAIRWISE_ALGORITHM = "bradley-terry-mm-bootstrap-200.v1"
OPINION_ALGORITHM = "polis-pca-kmeans.v2"


def pairwise_encode(scores: PairwiseScores) -> dict[str, Any]:
    return asdict(scores)


def pairwise_decode(payload: dict[str, Any]) -> PairwiseScores:
    return PairwiseScores(
        status=payload["status"],
        n_votes=int(payload["n_votes"]),
        min_comparisons=int(payload["min_comparisons"]),
        options=tuple(OptionScore(**option) for option in payload["options"]),
    )


def opinion_encode(
    analysis: OpinionAnalysis, *, counts: dict[int, tuple[int, int, int]], sectors: dict[int, str]
) -> dict[str, Any]:
    """The analysis, each statement's (agree, disagree, pass) counts and each participant's sector."""
    return {
        "analysis": asdict(analysis),
        "counts": {str(number): list(row) for number, row in counts.items()},
        "sectors": {str(number): sector for number, sector in sectors.items()},
    }


def _sector_row(row: dict[str, Any]) -> CrossSectorConsensus:
    return CrossSectorConsensus(
        statement=row["statement"],
        score=row["score"],
        sectors=tuple(SectorShare(**share) for share in row["sectors"]),
    )


def _groups(rows: list[dict[str, Any]] | None) -> tuple[GroupShare, ...]:
    return tuple(GroupShare(**row) for row in rows or ())


def _consensus(row: dict[str, Any]) -> Consensus:
    return Consensus(
        statement=row["statement"],
        agree=row["agree"],
        disagree=row["disagree"],
        groups=_groups(row.get("groups")),
        common_ground=bool(row.get("common_ground", False)),
    )


def analysis_decode(data: dict[str, Any]) -> OpinionAnalysis:
    """The analysis as stored; a result stored before the groups' votes were kept decodes with none (and
    no statement as common ground) until it is worked out again."""
    return OpinionAnalysis(
        status=data["status"],
        reason=data["reason"],
        n_participants=data["n_participants"],
        n_statements=data["n_statements"],
        min_votes=data["min_votes"],
        min_group_size=data["min_group_size"],
        common_ground_threshold=data.get("common_ground_threshold", COMMON_GROUND),
        k=data["k"],
        silhouette=data["silhouette"],
        silhouettes={int(k): v for k, v in data["silhouettes"].items()},
        groups=tuple(OpinionGroup(label=g["label"], members=tuple(g["members"])) for g in data["groups"]),
        placements=tuple(Placement(**p) for p in data["placements"]),
        repness={int(g): tuple(Repness(**r) for r in rows) for g, rows in data["repness"].items()},
        consensus=tuple(_consensus(c) for c in data["consensus"]),
        divisive=tuple(
            Divisive(
                statement=d["statement"],
                variance=d["variance"],
                group_agree=tuple(d["group_agree"]),
                groups=_groups(d.get("groups")),
            )
            for d in data["divisive"]
        ),
        cross_sector=tuple(_sector_row(row) for row in data["cross_sector"]),
    )


def opinion_decode(
    payload: dict[str, Any],
) -> tuple[OpinionAnalysis, dict[int, tuple[int, int, int]], dict[int, str]]:
    counts = {int(n): (int(a), int(d), int(p)) for n, (a, d, p) in payload["counts"].items()}
    sectors = {int(n): str(sector) for n, sector in payload["sectors"].items()}
    return analysis_decode(payload["analysis"]), counts, sectors
