"""Run red-dwarf's Polis pipeline on one conversation; called with bench/.venv-reddwarf's python.

    python reddwarf_driver.py input.json output.json

input.json: {"votes": [[participant, statement, vote, timestamp], ...], "mod_out": [...], "rounds": 3}.
output.json: {"labels": {participant: group}, "seconds": [...], "cpu": [...]}: wall and CPU seconds a round.
"""

import json
import sys
import time

from reddwarf.implementations import polis  # type: ignore[import-not-found]


def main() -> None:
    with open(sys.argv[1]) as handle:
        data = json.load(handle)
    votes = [
        {"participant_id": p, "statement_id": s, "vote": v, "modified": t} for p, s, v, t in data["votes"]
    ]
    seconds = []
    cpu = []
    result = None
    for _ in range(data.get("rounds", 3)):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = polis.run_pipeline(
            votes=votes, mod_out_statement_ids=data["mod_out"], min_user_vote_threshold=7, random_state=0
        )
        seconds.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    assert result is not None
    labels = {}
    frame = result.participants_df
    for pid, row in frame.iterrows():
        if row["to_cluster"] and row["cluster_id"] is not None and str(row["cluster_id"]) != "<NA>":
            labels[str(pid)] = int(row["cluster_id"])
    with open(sys.argv[2], "w") as handle:
        json.dump({"labels": labels, "seconds": seconds, "cpu": cpu}, handle)


if __name__ == "__main__":
    main()
