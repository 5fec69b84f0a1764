"""docs/roles.md must say exactly what coproduce/projects/permissions.py allows."""

from pathlib import Path

from coproduce.projects.permissions import Need, ProjectRole

ROLES_DOC = Path(__file__).resolve().parent.parent / "docs" / "roles.md"


def documented_table() -> dict[str, dict[str, bool]]:
    """{need: {role label: allowed}} from the table in docs/roles.md."""
    lines = [line.strip() for line in ROLES_DOC.read_text().splitlines() if line.startswith("|")]
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines]
    roles = rows[0][2:]  # | Need | What it allows | Lead | ...
    table = {}
    for need, _allows, *cells in rows[2:]:
        table[need.strip("`")] = dict(zip(roles, (cell == "Yes" for cell in cells), strict=True))
    return table


def test_roles_doc_lists_every_need_and_role():
    table = documented_table()

    assert sorted(table) == sorted(need.value for need in Need)
    assert all(list(row) == [role.label for role in ProjectRole] for row in table.values())


def test_roles_doc_matches_the_permission_policy():
    table = documented_table()

    for need, row in table.items():
        for role in ProjectRole:
            allowed = role.allows(Need(need))
            assert row[role.label] == allowed, f"docs/roles.md is wrong for {role.label} / {need}"
