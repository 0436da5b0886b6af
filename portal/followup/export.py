"""The figures as open data: CSV for spreadsheets, JSON for programs. Hidden counts are
empty (CSV) or null (JSON), marked as hidden."""

from __future__ import annotations

import csv
import io
from typing import Any

from portal.followup.aggregates import COUNTY, TOTAL
from portal.followup.values import COLUMNS, Figures, Value


def _rows(found: Figures) -> list[tuple[int | None, str, str]]:
    """(row key, municipality code, municipality name) for the county and each municipality."""
    return [(COUNTY, "", ""), *((m.id, m.code, m.name) for m in found.municipalities)]


def _number(value: Value) -> float | int | None:
    if value.number is None:
        return None
    return int(value.number) if float(value.number).is_integer() else value.number


def as_records(found: Figures) -> list[dict[str, Any]]:
    records = []
    for figure in found.figures:
        for row, code, name in _rows(found):
            for previous, period in ((False, found.period), (True, found.previous)):
                for column in COLUMNS:
                    value = figure.value(previous, row, column)
                    records.append(
                        {
                            "figure": figure.key,
                            "title": figure.title,
                            "unit": figure.kind.value,
                            "period": period.code,
                            "municipality_code": code or None,
                            "municipality": name or None,
                            "gender": None if column == TOTAL else column,
                            "value": _number(value),
                            "hidden": value.hidden,
                        }
                    )
    return records


def as_json(found: Figures, county: str) -> dict[str, Any]:
    return {
        "county": county,
        "period": found.period.code,
        "previous_period": found.previous.code,
        "smallest_count_shown": 5,
        "figures": as_records(found),
        "hosting": [
            {
                "occasion_kind": kind,
                "home_municipality_code": _code(found, home),
                "host_municipality_code": _code(found, host),
                "value": _number(value),
                "hidden": value.hidden,
            }
            for kind, hosting in found.hosting.items()
            for (home, host), value in sorted(
                hosting.values.items(), key=lambda item: (str(item[0][0]), str(item[0][1]))
            )
            if home is COUNTY or home in hosting.homes
        ],
    }


def _code(found: Figures, municipality_id: object) -> str | None:
    if municipality_id == TOTAL or municipality_id is None:
        return None
    return next((m.code for m in found.all_municipalities if m.id == municipality_id), None)


def as_csv(found: Figures) -> str:
    records = as_records(found)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(records[0]) if records else ["figure"])
    writer.writeheader()
    for record in records:
        writer.writerow({k: "" if v is None else v for k, v in record.items()})
    return out.getvalue()
