"""Sweden's counties and municipalities as SCB's register has them (portal/setup/data)."""

from __future__ import annotations

from collections import Counter

from portal.setup.reference import counties, county_record, municipalities

# Municipalities per county, from SCB's register (Kommuner i länskodsordning).
PER_COUNTY = {
    "01": 26, "03": 8, "04": 9, "05": 13, "06": 13, "07": 8, "08": 12, "09": 1, "10": 5,
    "12": 33, "13": 6, "14": 49, "17": 16, "18": 12, "19": 10, "20": 15, "21": 10, "22": 7,
    "23": 8, "24": 15, "25": 14,
}  # fmt: skip


def test_twenty_one_counties_and_two_hundred_ninety_municipalities() -> None:
    assert len(counties()) == 21
    assert len(municipalities()) == 290
    assert Counter(m.county_code for m in municipalities()) == PER_COUNTY
    assert len({m.code for m in municipalities()}) == 290


def test_codes_are_scbs() -> None:
    for municipality in municipalities():
        assert len(municipality.code) == 4 and municipality.code.isdigit()
        assert municipality.code.startswith(municipality.county_code)
    by_code = {m.code: m.name for m in municipalities()}
    assert by_code["1980"] == "Västerås"
    assert by_code["0180"] == "Stockholm"
    assert by_code["2023"] == "Malung-Sälen"
    assert county_record("19").name == "Västmanlands län"
