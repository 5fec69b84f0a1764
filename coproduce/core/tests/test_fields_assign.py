"""The one model update helper: it sets values and says what changed, with the values before and after."""

import datetime as dt
import json
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from coproduce.core.models import AuditEvent, FieldChanges, fields_assign


def _row() -> AuditEvent:
    return AuditEvent(action="people.stakeholder.updated", object_repr="P07", object_type="stakeholder")


def test_fields_assign_returns_the_changed_names_with_before_and_after():
    # given a row whose action and object are set, the object to the value it already has
    row = _row()

    changed = fields_assign(row, {"action": "people.stakeholder.created", "object_repr": "P07"})

    assert changed == ["action"]
    assert changed.before == {"action": "people.stakeholder.updated"}
    assert changed.after == {"action": "people.stakeholder.created"}
    assert row.action == "people.stakeholder.created"


def test_fields_assign_with_nothing_different_is_empty_and_false():
    changed = fields_assign(_row(), {"object_repr": "P07"})

    assert changed == [] and not changed and changed.as_audit() == {}


def test_field_changes_as_audit_is_json_with_dates_decimals_ids_and_rows():
    saved = AuditEvent(pk=41)
    given = uuid.UUID("8b7f1f0e-3c2a-4f4e-9a51-2d1f0c9b7a11")
    changed = FieldChanges(
        {"start": None, "amount": Decimal("1.50"), "row": None, "id": None},
        {"start": dt.date(2026, 3, 1), "amount": Decimal("2.00"), "row": saved, "id": given},
    )

    audit = changed.as_audit()

    assert audit == {
        "start": [None, "2026-03-01"],
        "amount": ["1.50", "2.00"],
        "row": [None, 41],
        "id": [None, str(given)],
    }
    assert json.loads(json.dumps(audit)) == audit
    assert json.loads(json.dumps({"fields": changed})) == {"fields": ["start", "amount", "row", "id"]}


def test_fields_assign_validates_and_puts_every_value_back_when_invalid():
    row = _row()

    with pytest.raises(ValidationError):
        fields_assign(row, {"object_repr": "P08", "action": "x" * 101}, validate=True)

    assert (row.object_repr, row.action) == ("P07", "people.stakeholder.updated")


def test_fields_assign_validates_and_keeps_valid_values():
    row = _row()

    changed = fields_assign(row, {"object_repr": "P08"}, validate=True)

    assert changed == ["object_repr"] and row.object_repr == "P08"
