"""Approvals that cannot vanish (issue 9): each approval carries the hash of the one before
it and its own, a receipt's hashed id, and checkpoints where old approvals were removed
after their retention time, and the results of the nightly walk of the chain. The database refuses to edit, delete or truncate approvals and
checkpoints, except approvals behind a checkpoint.

Revision ID: 13a_approval_chain
Revises: 11a_follow_up_and_desks
Create Date: 2026-12-01 11:00:00

"""
from alembic import op
import sqlalchemy as sa

from portal.database import UTCDateTime
from portal.plans.approval_chain import ENTRY_FIELDS, GENESIS, entry_hash


revision = '13a_approval_chain'
down_revision = '13a_sms_delivery'
branch_labels = None
depends_on = None

EDITED = "an approval is never edited"
DELETED = "an approval is never deleted, only removed behind a checkpoint"
TRUNCATED = "approvals are never truncated"
CHECKPOINT_CHANGED = "a checkpoint is never changed"
CHECKPOINT_UNKNOWN = "a checkpoint must name an approval as it is"

POSTGRESQL = [
    # approval_never_edited() exists since 0001.
    f"""CREATE FUNCTION approval_kept() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM approval_checkpoint WHERE last_approval_id >= OLD.id) THEN
            RAISE EXCEPTION '{DELETED}';
        END IF;
        RETURN OLD; END $$""",
    f"""CREATE FUNCTION approval_never_truncated() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION '{TRUNCATED}'; END $$""",
    f"""CREATE FUNCTION approval_checkpoint_never_changed() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION '{CHECKPOINT_CHANGED}'; END $$""",
    f"""CREATE FUNCTION approval_checkpoint_checked() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM approval
                       WHERE id = NEW.last_approval_id AND entry_sha256 = NEW.last_sha256) THEN
            RAISE EXCEPTION '{CHECKPOINT_UNKNOWN}';
        END IF;
        RETURN NEW; END $$""",
    "CREATE TRIGGER approval_never_edited BEFORE UPDATE ON approval "
    "FOR EACH ROW EXECUTE FUNCTION approval_never_edited()",
    "CREATE TRIGGER approval_never_deleted BEFORE DELETE ON approval "
    "FOR EACH ROW EXECUTE FUNCTION approval_kept()",
    "CREATE TRIGGER approval_never_truncated BEFORE TRUNCATE ON approval "
    "FOR EACH STATEMENT EXECUTE FUNCTION approval_never_truncated()",
    "CREATE TRIGGER approval_checkpoint_never_changed BEFORE UPDATE OR DELETE "
    "ON approval_checkpoint FOR EACH ROW EXECUTE FUNCTION approval_checkpoint_never_changed()",
    "CREATE TRIGGER approval_checkpoint_never_truncated BEFORE TRUNCATE ON approval_checkpoint "
    "FOR EACH STATEMENT EXECUTE FUNCTION approval_checkpoint_never_changed()",
    "CREATE TRIGGER approval_checkpoint_checked BEFORE INSERT ON approval_checkpoint "
    "FOR EACH ROW EXECUTE FUNCTION approval_checkpoint_checked()",
]
# SQLite has no TRUNCATE: an unconditional DELETE runs the delete triggers row by row.
SQLITE = [
    f"CREATE TRIGGER approval_never_edited BEFORE UPDATE ON approval "
    f"BEGIN SELECT RAISE(ABORT, '{EDITED}'); END",
    f"CREATE TRIGGER approval_never_deleted BEFORE DELETE ON approval "
    f"WHEN NOT EXISTS (SELECT 1 FROM approval_checkpoint WHERE last_approval_id >= OLD.id) "
    f"BEGIN SELECT RAISE(ABORT, '{DELETED}'); END",
    f"CREATE TRIGGER approval_checkpoint_never_edited BEFORE UPDATE ON approval_checkpoint "
    f"BEGIN SELECT RAISE(ABORT, '{CHECKPOINT_CHANGED}'); END",
    f"CREATE TRIGGER approval_checkpoint_never_deleted BEFORE DELETE ON approval_checkpoint "
    f"BEGIN SELECT RAISE(ABORT, '{CHECKPOINT_CHANGED}'); END",
    f"CREATE TRIGGER approval_checkpoint_checked BEFORE INSERT ON approval_checkpoint "
    f"WHEN NOT EXISTS (SELECT 1 FROM approval "
    f"WHERE id = NEW.last_approval_id AND entry_sha256 = NEW.last_sha256) "
    f"BEGIN SELECT RAISE(ABORT, '{CHECKPOINT_UNKNOWN}'); END",
]
TRIGGERS = {
    "approval": ("approval_never_edited", "approval_never_deleted", "approval_never_truncated"),
    "approval_checkpoint": (
        "approval_checkpoint_never_changed",
        "approval_checkpoint_never_truncated",
        "approval_checkpoint_checked",
        "approval_checkpoint_never_edited",
        "approval_checkpoint_never_deleted",
    ),
}
FUNCTIONS = (
    "approval_kept",
    "approval_never_truncated",
    "approval_checkpoint_never_changed",
    "approval_checkpoint_checked",
)


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _drop_triggers() -> None:
    for table, names in TRIGGERS.items():
        for name in names:
            op.execute(f"DROP TRIGGER IF EXISTS {name}" + (f" ON {table}" if _postgresql() else ""))


def _chain_existing_approvals() -> None:
    numbers = {'participant_id', 'plan_version_id', 'statement_version', 'invitation_id',
               'login_session_id', 'code_id'}
    types = {name: sa.Integer() if name in numbers else sa.String() for name in ENTRY_FIELDS}
    types['approved_at'] = UTCDateTime()
    approval = sa.table(
        'approval',
        sa.column('id', sa.Integer()),
        sa.column('previous_sha256', sa.String()),
        sa.column('entry_sha256', sa.String()),
        *[sa.column(name, type_) for name, type_ in types.items()],
    )
    connection = op.get_bind()
    previous = GENESIS
    for row in connection.execute(sa.select(approval).order_by(approval.c.id)).all():
        entry = entry_hash(row, previous)
        connection.execute(
            approval.update()
            .where(approval.c.id == row.id)
            .values(previous_sha256=previous, entry_sha256=entry)
        )
        previous = entry


def upgrade():
    _drop_triggers()
    with op.batch_alter_table('approval') as batch:
        batch.add_column(sa.Column('previous_sha256', sa.String(length=64), nullable=True))
        batch.add_column(sa.Column('entry_sha256', sa.String(length=64), nullable=True))
        batch.add_column(sa.Column('receipt_sha256', sa.String(length=64), nullable=True))
    _chain_existing_approvals()
    with op.batch_alter_table('approval') as batch:
        batch.alter_column('previous_sha256', existing_type=sa.String(length=64), nullable=False)
        batch.alter_column('entry_sha256', existing_type=sa.String(length=64), nullable=False)
        batch.create_unique_constraint(batch.f('uq_approval_previous_sha256'), ['previous_sha256'])
        batch.create_unique_constraint(batch.f('uq_approval_entry_sha256'), ['entry_sha256'])
        batch.create_unique_constraint(batch.f('uq_approval_receipt_sha256'), ['receipt_sha256'])
    op.create_table(
        'approval_checkpoint',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('removed', sa.Integer(), nullable=False),
        sa.Column('first_previous_sha256', sa.String(length=64), nullable=False),
        sa.Column('last_approval_id', sa.Integer(), nullable=False),
        sa.Column('last_sha256', sa.String(length=64), nullable=False),
        sa.Column('last_approved_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_approval_checkpoint')),
        sa.UniqueConstraint('first_previous_sha256', name=op.f('uq_approval_checkpoint_first_previous_sha256')),
        sa.UniqueConstraint('last_sha256', name=op.f('uq_approval_checkpoint_last_sha256')),
    )
    op.create_table(
        'approval_check',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('checked_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('checked', sa.Integer(), nullable=False),
        sa.Column('checkpoints', sa.Integer(), nullable=False),
        sa.Column('removed', sa.Integer(), nullable=False),
        sa.Column('head', sa.String(length=64), nullable=False),
        sa.Column('break_kind', sa.String(length=20), nullable=True),
        sa.Column('break_row_id', sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_approval_check')),
    )
    for statement in POSTGRESQL if _postgresql() else SQLITE:
        op.execute(statement)


def downgrade():
    _drop_triggers()
    if _postgresql():
        for name in FUNCTIONS:
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    op.drop_table('approval_check')
    op.drop_table('approval_checkpoint')
    with op.batch_alter_table('approval') as batch:
        batch.drop_constraint(batch.f('uq_approval_receipt_sha256'), type_='unique')
        batch.drop_constraint(batch.f('uq_approval_entry_sha256'), type_='unique')
        batch.drop_constraint(batch.f('uq_approval_previous_sha256'), type_='unique')
        batch.drop_column('receipt_sha256')
        batch.drop_column('entry_sha256')
        batch.drop_column('previous_sha256')
    op.execute(
        "CREATE TRIGGER approval_never_edited BEFORE UPDATE ON approval "
        + ("FOR EACH ROW EXECUTE FUNCTION approval_never_edited()" if _postgresql()
           else f"BEGIN SELECT RAISE(ABORT, '{EDITED}'); END")
    )
