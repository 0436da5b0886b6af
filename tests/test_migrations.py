"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import select

from portal.config import ROOT
from portal.database import db
from portal.models import Approval
from portal.plans import approval_chain
from tests.support.world import World


def test_migrations_and_models_agree(app: Flask) -> None:
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_approvals_made_before_the_chain_are_chained_by_its_migration(
    app: Flask, world: World
) -> None:
    """13a links the approvals that exist when it runs, in the order they were made, with the
    same hashes the app gives; and it comes off and goes on again cleanly."""
    staff = world.caseworker()
    for _ in range(3):
        world.approval(world.participant(staff))

    def entries() -> list[tuple[str, str]]:
        return [
            (row.previous_sha256, row.entry_sha256)
            for row in db.session.execute(
                select(Approval.previous_sha256, Approval.entry_sha256).order_by(Approval.id)
            )
        ]

    linked = world.run(entries)
    with app.app_context():
        downgrade(directory=str(ROOT / "migrations"), revision="11a_follow_up_and_desks")
        upgrade(directory=str(ROOT / "migrations"))
        db.session.remove()
    assert world.run(entries) == linked
    assert world.run(lambda: approval_chain.verify(10).checked) == 3
