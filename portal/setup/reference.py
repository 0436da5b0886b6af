"""Sweden's counties and municipalities with their official codes (SCB), from data/."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sqlalchemy import select

from portal.database import db
from portal.organisations.models import County, Municipality

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class CountyRecord:
    code: str  # two digits, e.g. "19"
    name: str  # e.g. "Västmanlands län"


@dataclass(frozen=True)
class MunicipalityRecord:
    code: str  # four digits, the county's two first, e.g. "1980"
    name: str  # e.g. "Västerås"
    county_code: str


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def counties() -> tuple[CountyRecord, ...]:
    return tuple(CountyRecord(row["code"], row["name"]) for row in _rows("counties.csv"))


@cache
def municipalities() -> tuple[MunicipalityRecord, ...]:
    return tuple(
        MunicipalityRecord(row["code"], row["name"], row["county_code"])
        for row in _rows("municipalities.csv")
    )


class UnknownCode(ValueError):
    pass


def county_record(code: str) -> CountyRecord:
    for record in counties():
        if record.code == code:
            return record
    raise UnknownCode(f"No county has the code {code!r}.")


def ensure_county(code: str) -> County:
    """The county with SCB code `code` and every one of its municipalities, in the database:
    what is missing is added (in the caller's transaction), nothing is changed."""
    record = county_record(code)
    county = db.session.scalar(select(County).where(County.name == record.name))
    if county is None:
        county = County(name=record.name)
        db.session.add(county)
    existing = set(
        db.session.scalars(select(Municipality.code).where(Municipality.code.startswith(code)))
    )
    for municipality in municipalities():
        if municipality.county_code == code and municipality.code not in existing:
            db.session.add(
                Municipality(county=county, code=municipality.code, name=municipality.name)
            )
    db.session.flush()
    return county
