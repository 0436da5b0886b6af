"""The approvals as a hash chain, so that a removed or altered signature shows.

Every approval stores the entry hash of the one before it (`previous_sha256`) and its own
(`entry_sha256`, over all its columns and the previous hash). There is one chain per
database, appended under a lock (PostgreSQL: an advisory lock held to commit; SQLite: the
write lock, `begin_write()`), and `previous_sha256` is unique, so it cannot fork.

The database refuses to edit or delete an approval (triggers, see the migration
`13a_approval_chain`), except the oldest ones behind a checkpoint: `remove_before` writes an
`ApprovalCheckpoint` (how many, the hash of the last one) and then deletes them, which is how
approvals leave after their legal retention time while the rest still verifies.

`verify()` walks the whole chain (`flask verify-approvals`, nightly, which `record`s the
result for the staff's page); `broken_links()` checks every link in one query, and
`breaks_near(participant_id)` adds the participant's own rows, for the caseworker's page.
What a chain cannot show by itself is the newest approvals removed from its end: the
receipt each participant keeps, and the head hash `verify-approvals` prints for a log kept
elsewhere, do.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, delete, event, func, inspect, select, text
from sqlalchemy.orm import ORMExecuteState, Session

from portal.database import db, utcnow
from portal.plans.models import Approval, ApprovalCheck, ApprovalCheckpoint

# The previous hash of the very first approval.
GENESIS = "0" * 64
FORMAT = "approval-chain-1"
# What an entry hash covers, besides the previous hash. Never change it: old rows would
# stop verifying. A new column means a new FORMAT.
ENTRY_FIELDS = (
    "participant_id",
    "plan_version_id",
    "content_sha256",
    "language",
    "statement_version",
    "approved_at",
    "ip_address",
    "user_agent",
    "invitation_id",
    "login_session_id",
    "code_id",
    "receipt_sha256",
)
# pg_advisory_xact_lock key: "approval" as a number, the same in every process.
LOCK_KEY = 0x617070726F76616C
BATCH = 500
# Passed as an execution option by `remove_before`, the one ORM delete that is allowed.
CHECKPOINTED = "approvals_behind_checkpoint"


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_hash(values: Any, previous: str) -> str:
    """The entry hash of an approval (an `Approval` or a row with its columns)."""
    record = {name: getattr(values, name) for name in ENTRY_FIELDS}
    record["approved_at"] = _stamp(record["approved_at"])
    body = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{FORMAT}\n{previous}\n{body}".encode()).hexdigest()


def lock(connection: Connection) -> None:
    """Only one transaction appends to (or trims) the chain at a time."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})


def _last_checkpoint(connection: Connection) -> Any:
    return connection.execute(
        select(ApprovalCheckpoint.__table__).order_by(ApprovalCheckpoint.id.desc()).limit(1)
    ).first()


def head(connection: Connection) -> str:
    """The hash the next approval links to."""
    last = connection.scalar(select(Approval.entry_sha256).order_by(Approval.id.desc()).limit(1))
    if last is not None:
        return str(last)
    checkpoint = _last_checkpoint(connection)
    return str(checkpoint.last_sha256) if checkpoint is not None else GENESIS


@event.listens_for(Session, "before_flush")
def _link_and_guard(session: Session, context: object, instances: object) -> None:
    """Link new approvals into the chain in the order they were added; refuse deletes."""
    if any(isinstance(row, Approval | ApprovalCheckpoint) for row in session.deleted):
        raise RuntimeError("An approval is a signature: it is never deleted.")
    new = sorted(
        (row for row in session.new if isinstance(row, Approval)),
        key=lambda row: inspect(row).insert_order or 0,
    )
    if not new:
        return
    connection = session.connection()
    lock(connection)
    previous = head(connection)
    for approval in new:
        approval.approved_at = approval.approved_at or utcnow()
        approval.previous_sha256 = previous
        approval.entry_sha256 = previous = entry_hash(approval, previous)


@event.listens_for(Session, "do_orm_execute")
def _no_bulk_deletes(state: ORMExecuteState) -> None:
    if not state.is_delete or state.execution_options.get(CHECKPOINTED):
        return
    if {Approval, ApprovalCheckpoint} & {mapper.class_ for mapper in state.all_mappers}:
        raise RuntimeError("An approval is a signature: it is never deleted.")


class BreakKind(StrEnum):
    # The row before this one is not the one it was linked to: removed, or altered.
    MISSING_BEFORE = "missing_before"
    # The row's columns are not what was signed and linked.
    ALTERED = "altered"
    # The signed content does not match its hash.
    CONTENT_ALTERED = "content_altered"
    # A checkpoint that does not follow the one before it.
    CHECKPOINT = "checkpoint"
    # A checkpoint that removed approvals before their retention time was up.
    REMOVED_EARLY = "removed_early"


@dataclass(frozen=True)
class Break:
    kind: BreakKind
    # The approval (or, for checkpoint kinds, the checkpoint) where the chain breaks.
    row_id: int

    def describe(self) -> str:
        """For the command line and logs (the pages say it in the reader's language)."""
        return {
            BreakKind.MISSING_BEFORE: "approval {id}: the approval before it is missing or altered",
            BreakKind.ALTERED: "approval {id}: altered after it was signed",
            BreakKind.CONTENT_ALTERED: "approval {id}: its signed content was altered",
            BreakKind.CHECKPOINT: "checkpoint {id}: does not follow the chain before it",
            BreakKind.REMOVED_EARLY: "checkpoint {id}: removed approvals before their time",
        }[self.kind].format(id=self.row_id)


@dataclass
class Verification:
    checked: int = 0
    checkpoints: int = 0
    removed: int = 0
    head: str = GENESIS
    first_break: Break | None = None

    @property
    def intact(self) -> bool:
        return self.first_break is None


def _rows(with_content: bool) -> Iterator[Any]:
    """The approvals in chain order, a batch at a time (keyset, never OFFSET)."""
    columns = [Approval.id, Approval.previous_sha256, Approval.entry_sha256]
    columns += [getattr(Approval, name) for name in ENTRY_FIELDS]
    if with_content:
        columns.append(Approval.content)
    after = 0
    while True:
        batch = db.session.execute(
            select(*columns).where(Approval.id > after).order_by(Approval.id).limit(BATCH)
        ).all()
        yield from batch
        if len(batch) < BATCH:
            return
        after = batch[-1].id


def _years_after(moment: datetime, years: int) -> datetime:
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year + years, day=28)


def _check_checkpoints(result: Verification, retention_years: int) -> str:
    expected = GENESIS
    for checkpoint in db.session.scalars(
        select(ApprovalCheckpoint).order_by(ApprovalCheckpoint.id)
    ):
        result.checkpoints += 1
        result.removed += checkpoint.removed
        if checkpoint.first_previous_sha256 != expected and result.first_break is None:
            result.first_break = Break(BreakKind.CHECKPOINT, checkpoint.id)
        if (
            _years_after(checkpoint.last_approved_at, retention_years) > checkpoint.created_at
            and result.first_break is None
        ):
            result.first_break = Break(BreakKind.REMOVED_EARLY, checkpoint.id)
        expected = checkpoint.last_sha256
    return expected


def verify(retention_years: int, with_content: bool = True) -> Verification:
    """Walk the chain from its start (or its last checkpoint) to its head; stop at the
    first break."""
    result = Verification()
    expected = _check_checkpoints(result, retention_years)
    if result.first_break is not None:
        return result
    for row in _rows(with_content):
        result.checked += 1
        found = None
        if row.previous_sha256 != expected:
            found = BreakKind.MISSING_BEFORE
        elif entry_hash(row, row.previous_sha256) != row.entry_sha256:
            found = BreakKind.ALTERED
        elif (
            with_content and hashlib.sha256(row.content.encode()).hexdigest() != row.content_sha256
        ):
            found = BreakKind.CONTENT_ALTERED
        if found is not None:
            result.first_break = Break(found, row.id)
            return result
        expected = row.entry_sha256
    result.head = expected
    return result


def broken_links(limit: int = 3) -> list[Break]:
    """Every link of the chain checked in one query, in the database (no row is read out):
    where an approval's previous hash is not the entry hash of the row before it."""
    before = func.lag(Approval.entry_sha256).over(order_by=Approval.id)
    links = select(Approval.id, Approval.previous_sha256, before.label("before")).subquery()
    first_id = db.session.scalar(select(func.min(Approval.id)))
    checkpoint = _last_checkpoint(db.session.connection())
    start = checkpoint.last_sha256 if checkpoint is not None else GENESIS
    broken = db.session.scalars(
        select(links.c.id)
        .where(
            (links.c.previous_sha256 != links.c.before)
            | ((links.c.id == first_id) & (links.c.previous_sha256 != start))
        )
        .order_by(links.c.id)
        .limit(limit)
    ).all()
    return [Break(BreakKind.MISSING_BEFORE, row_id) for row_id in broken]


def breaks_near(participant_id: int) -> list[Break]:
    """What the caseworker's page checks on every view, cheaply: that every link in the
    chain holds (one query), and that this participant's own approvals are as signed."""
    found = broken_links()
    for approval in db.session.scalars(
        select(Approval).where(Approval.participant_id == participant_id).order_by(Approval.id)
    ):
        if entry_hash(approval, approval.previous_sha256) != approval.entry_sha256:
            found.append(Break(BreakKind.ALTERED, approval.id))
        elif hashlib.sha256(approval.content.encode()).hexdigest() != approval.content_sha256:
            found.append(Break(BreakKind.CONTENT_ALTERED, approval.id))
    return found


def record(result: Verification) -> ApprovalCheck:
    """In the caller's transaction: keep a walk's result for the staff's page."""
    found = result.first_break
    check = ApprovalCheck(
        checked_at=utcnow(),
        checked=result.checked,
        checkpoints=result.checkpoints,
        removed=result.removed,
        head=result.head,
        break_kind=found.kind if found else None,
        break_row_id=found.row_id if found else None,
    )
    db.session.add(check)
    return check


def last_check() -> tuple[ApprovalCheck | None, Break | None]:
    """The latest walk's result, and where it broke."""
    check = db.session.scalar(select(ApprovalCheck).order_by(ApprovalCheck.id.desc()).limit(1))
    if check is None or check.break_kind is None or check.break_row_id is None:
        return check, None
    return check, Break(BreakKind(check.break_kind), check.break_row_id)


def remove_before(cutoff: datetime, now: datetime | None = None) -> int:
    """In the caller's transaction: remove the approvals at the start of the chain signed
    before `cutoff`, behind a checkpoint dated `now`. Returns how many went."""
    connection = db.session.connection()
    lock(connection)
    keep_from = db.session.scalar(
        select(func.min(Approval.id)).where(Approval.approved_at >= cutoff)
    )
    removable = select(Approval.id, Approval.previous_sha256, Approval.entry_sha256)
    removable = removable.add_columns(Approval.approved_at)
    if keep_from is not None:
        removable = removable.where(Approval.id < keep_from)
    rows = db.session.execute(removable.order_by(Approval.id)).all()
    if not rows:
        return 0
    db.session.add(
        ApprovalCheckpoint(
            created_at=now or utcnow(),
            removed=len(rows),
            first_previous_sha256=rows[0].previous_sha256,
            last_approval_id=rows[-1].id,
            last_sha256=rows[-1].entry_sha256,
            last_approved_at=rows[-1].approved_at,
        )
    )
    db.session.flush()
    db.session.execute(
        delete(Approval).where(Approval.id <= rows[-1].id),
        execution_options={CHECKPOINTED: True, "synchronize_session": False},
    )
    db.session.expire_all()
    return len(rows)
