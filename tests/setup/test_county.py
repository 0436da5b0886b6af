"""`flask setup-county` and the county administrator's page."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask
from sqlalchemy import func, select

from portal.database import db
from portal.models import Municipality, Organisation, Staff
from tests.accounts.steps import accept
from tests.support.pages import Portal

ADMIN = ["--admin-name", "Anna Andersson", "--admin-email", "anna.andersson@vasteras.example"]


def _count(model: type) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def test_from_an_empty_database_to_a_county_administrator(app: Flask) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["setup-county", "19", "--admin-organisation", "Västerås kommun", *ADMIN]
    )
    assert result.exit_code == 0, result.output
    assert "Västmanlands län: 10 municipalities, 10 organisations added." in result.output
    link = re.search(r"one-time link: http://portal\.test(/staff/welcome/\S+)", result.output)
    assert link, result.output
    with app.app_context():
        assert _count(Municipality) == 10 and _count(Organisation) == 10
        admin = db.session.scalars(select(Staff)).one()
        assert admin.role == "county_administrator" and admin.password_hash is None

    portal = Portal(app)
    assert accept(portal, link.group(1)).response.location == "/staff/"
    assert portal.get("/staff/", status=302).response.location == "/staff/admin/"
    assert portal.get("/staff/admin/", status=302).response.location == "/staff/county/"
    page = portal.get("/staff/county/")
    assert page.h1 == "Västmanlands län"
    assert "1980" in page.text and "Köping kommun" in page.text

    vasteras = page.soup.find("option", string="Västerås")
    assert vasteras is not None
    added = portal.submit(
        page,
        name="Region Västmanland, vården",
        kind="region_health",
        municipality=vasteras["value"],
    )
    organisation = portal.follow(added)
    assert organisation.h1 == "Region Västmanland, vården"
    duplicate = portal.submit(
        portal.get("/staff/county/"),
        status=200,
        name="Region Västmanland, vården",
        kind="region_health",
        municipality=vasteras["value"],
    )
    assert duplicate.error_for("name") == (
        "Error: That municipality already has an organisation with this name."
    )

    again = runner.invoke(
        args=["setup-county", "Västmanland", "--admin-organisation", "Västerås kommun", *ADMIN]
    )
    assert again.exit_code != 0
    assert "Someone already has an account with this email address." in again.output
    with app.app_context():
        assert _count(Municipality) == 10 and _count(Organisation) == 11


def test_organisations_from_a_file_and_clear_refusals(app: Flask, tmp_path: Path) -> None:
    spec = tmp_path / "uppsala.toml"
    spec.write_text(
        """
[[organisations]]
name = "Uppsala kommun, etablering"
kind = "municipality"
municipality = "0380"

[[organisations]]
name = "SFI Uppsala"
kind = "sfi_school"
municipality = "0380"
""",
        encoding="utf-8",
    )
    runner = app.test_cli_runner()
    unknown = runner.invoke(args=["setup-county", "99", "--admin-organisation", "X", *ADMIN])
    assert unknown.exit_code != 0 and "No county is called '99'" in unknown.output
    wrong_home = runner.invoke(
        args=[
            "setup-county",
            "03",
            "--organisations",
            str(spec),
            "--admin-organisation",
            "X",
            *ADMIN,
        ]
    )
    assert (
        wrong_home.exit_code != 0
        and "No organisation in Uppsala län is called 'X'" in wrong_home.output
    )
    with app.app_context():
        assert _count(Municipality) == 0  # all or nothing
    done = runner.invoke(
        args=[
            "setup-county",
            "03",
            "--organisations",
            str(spec),
            "--admin-organisation",
            "Uppsala kommun, etablering",
            *ADMIN,
        ]
    )
    assert done.exit_code == 0, done.output
    assert "Uppsala län: 8 municipalities, 2 organisations added." in done.output
