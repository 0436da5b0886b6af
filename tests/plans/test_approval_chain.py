"""Issue 9, "approvals can vanish": the database and the ORM refuse to delete an approval,
and the hash chain names the place where one was removed or altered all the same."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import delete, select, text
from sqlalchemy.exc import DBAPIError

from portal.database import db, utcnow
from portal.models import Approval, ApprovalCheckpoint
from portal.plans import approval_chain
from portal.plans.approval_chain import GENESIS, BreakKind
from tests.support.tamper import bypassing_triggers
from tests.support.world import ParticipantRef, World


def signed(world: World, participant: ParticipantRef, at: datetime | None = None) -> int:
    return world.approval(participant, at)


def three_signatures(world: World) -> list[int]:
    staff = world.caseworker()
    return [signed(world, world.participant(staff)) for _ in range(3)]


def verify(app: Flask) -> approval_chain.Verification:
    with app.app_context():
        return approval_chain.verify(app.config["APPROVAL_RETENTION_YEARS"])


def as_superuser(app: Flask, statement: str, **values: object) -> None:
    with app.app_context(), db.engine.begin() as connection, bypassing_triggers(connection):
        connection.execute(text(statement), values)


def test_each_approval_links_to_the_one_before(app: Flask, world: World) -> None:
    ids = three_signatures(world)
    rows = world.run(
        lambda: db.session.execute(
            select(Approval.id, Approval.previous_sha256, Approval.entry_sha256).order_by(
                Approval.id
            )
        ).all()
    )
    assert [row.id for row in rows] == ids
    assert rows[0].previous_sha256 == GENESIS
    assert [row.previous_sha256 for row in rows[1:]] == [row.entry_sha256 for row in rows[:-1]]
    result = verify(app)
    assert result.intact and result.checked == 3 and result.head == rows[-1].entry_sha256


@pytest.mark.parametrize(
    "statement",
    ["DELETE FROM approval", "DELETE FROM approval WHERE id = (SELECT min(id) FROM approval)"],
)
def test_the_database_refuses_to_delete_an_approval(
    app: Flask, world: World, statement: str
) -> None:
    three_signatures(world)

    def tamper() -> None:
        db.session.execute(text(statement))
        db.session.commit()

    with pytest.raises(DBAPIError, match="never deleted"):
        world.run(tamper)
    assert world.run(lambda: len(db.session.scalars(select(Approval)).all())) == 3


def test_the_database_refuses_to_empty_the_approvals(app: Flask, world: World) -> None:
    """TRUNCATE on PostgreSQL; SQLite has none (its unconditional DELETE is refused above)."""
    three_signatures(world)
    postgresql = world.run(lambda: db.engine.dialect.name) == "postgresql"

    def tamper() -> None:
        db.session.execute(
            text("TRUNCATE approval CASCADE" if postgresql else "DELETE FROM approval")
        )
        db.session.commit()

    with pytest.raises(DBAPIError, match="never truncated" if postgresql else "never deleted"):
        world.run(tamper)


def test_the_orm_refuses_to_delete_an_approval(app: Flask, world: World) -> None:
    three_signatures(world)

    def one_by_one() -> None:
        db.session.delete(db.session.scalars(select(Approval)).first())
        db.session.commit()

    def in_bulk() -> None:
        db.session.execute(delete(Approval))

    for tamper in (one_by_one, in_bulk):
        with pytest.raises(RuntimeError, match="never deleted"):
            world.run(tamper)
        world.run(db.session.rollback)
    assert verify(app).checked == 3


def test_verify_names_a_removed_approval(app: Flask, world: World) -> None:
    _first, second, third = three_signatures(world)
    as_superuser(app, "DELETE FROM approval WHERE id = :id", id=second)
    result = verify(app)
    assert result.first_break == approval_chain.Break(BreakKind.MISSING_BEFORE, third)
    command = app.test_cli_runner().invoke(args=["verify-approvals"])
    assert command.exit_code == 1
    assert f"approval {third}: the approval before it is missing or altered" in command.output


def test_verify_names_an_altered_approval(app: Flask, world: World) -> None:
    first, second, _third = three_signatures(world)
    as_superuser(app, "UPDATE approval SET language = 'sv' WHERE id = :id", id=second)
    assert verify(app).first_break == approval_chain.Break(BreakKind.ALTERED, second)
    as_superuser(app, "UPDATE approval SET language = 'en' WHERE id = :id", id=second)
    assert verify(app).intact
    as_superuser(app, "UPDATE approval SET content = '{}' WHERE id = :id", id=first)
    assert verify(app).first_break == approval_chain.Break(BreakKind.CONTENT_ALTERED, first)


def test_verify_passes_an_intact_chain(app: Flask, world: World) -> None:
    three_signatures(world)
    command = app.test_cli_runner().invoke(args=["verify-approvals"])
    assert command.exit_code == 0 and "Intact: 3 approvals, 0 checkpoints" in command.output


def test_old_approvals_leave_behind_a_checkpoint_and_the_chain_still_verifies(
    app: Flask, world: World
) -> None:
    staff = world.caseworker()
    long_ago = datetime(2012, 3, 1, 9, 0, tzinfo=UTC)
    old = [
        signed(world, world.participant(staff), long_ago + timedelta(days=day)) for day in (0, 1)
    ]
    recent = signed(world, world.participant(staff))

    def remove() -> int:
        removed = approval_chain.remove_before(datetime(2016, 1, 1, tzinfo=UTC))
        db.session.commit()
        return removed

    assert world.run(remove) == 2
    left = world.run(lambda: db.session.scalars(select(Approval.id)).all())
    assert left == [recent]
    checkpoint = world.run(lambda: db.session.scalars(select(ApprovalCheckpoint)).one())
    assert (checkpoint.removed, checkpoint.last_approval_id) == (2, old[-1])
    result = verify(app)
    assert result.intact and (result.checked, result.checkpoints, result.removed) == (1, 1, 2)
    assert world.run(remove) == 0

    def tamper() -> None:
        db.session.execute(text("DELETE FROM approval_checkpoint"))
        db.session.commit()

    with pytest.raises(DBAPIError, match="never changed"):
        world.run(tamper)


def test_a_checkpoint_that_removed_approvals_early_shows(app: Flask, world: World) -> None:
    three_signatures(world)

    def remove_too_soon() -> None:
        approval_chain.remove_before(utcnow() + timedelta(days=1))
        db.session.commit()

    world.run(remove_too_soon)
    result = verify(app)
    assert result.first_break is not None and result.first_break.kind is BreakKind.REMOVED_EARLY


def test_a_checkpoint_must_name_an_approval_as_it_is(app: Flask, world: World) -> None:
    first, *_ = three_signatures(world)

    def forge() -> None:
        db.session.add(
            ApprovalCheckpoint(
                removed=1,
                first_previous_sha256=GENESIS,
                last_approval_id=first,
                last_sha256="f" * 64,
                last_approved_at=utcnow(),
            )
        )
        db.session.commit()

    with pytest.raises(DBAPIError, match="must name an approval"):
        world.run(forge)


def test_approvals_signed_at_the_same_moment_do_not_fork_the_chain(
    app: Flask, world: World
) -> None:
    staff = world.caseworker()
    people = [world.participant(staff) for _ in range(6)]
    start = threading.Barrier(len(people))
    failures: list[BaseException] = []

    def sign(person: ParticipantRef) -> None:
        try:
            start.wait(timeout=30)
            world.approval(person)
        except BaseException as failure:  # reported below, not lost in the thread
            failures.append(failure)

    threads = [threading.Thread(target=sign, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    result = verify(app)
    assert result.intact and result.checked == len(people)
