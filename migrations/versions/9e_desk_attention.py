"""Needs attention from one index: when each participant needs their caseworker's attention,
kept on their row as moments (participants.status.attention_statement), and an index of
them that leaves the erased out.

Revision ID: 9e_desk_attention
Revises: 9d_session_idle
Create Date: 2026-12-01 14:00:00

"""
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


revision = '9e_desk_attention'
down_revision = '9d_session_idle'
branch_labels = None
depends_on = None

NOT_ERASED = "name_key NOT LIKE 'erased:%'"


def upgrade():
    with op.batch_alter_table('participant') as batch:
        batch.add_column(sa.Column('attention_from', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('waiting_since', sa.DateTime(timezone=True), nullable=True))
    op.create_index(
        'ix_participant_attention',
        'participant',
        ['organisation_id', 'attention_from', 'waiting_since'],
        sqlite_where=sa.text(NOT_ERASED),
        postgresql_where=sa.text(NOT_ERASED),
    )
    # Everyone's moments from the copy already on their row, as status.attention_statement
    # computes them (written out here, as it stands at this revision).
    p = sa.table(
        'participant',
        *(
            sa.column(name, sa.DateTime(timezone=True))
            for name in (
                'attention_from', 'waiting_since', 'text_failed_at', 'link_sent_at',
                'link_used_at', 'link_expires_at', 'signed_in_at', 'published_at',
            )
        ),
        *(
            sa.column(name, sa.Integer)
            for name in (
                'open_change_requests', 'missed_meetings', 'current_version', 'approved_version',
            )
        ),
    )
    at_once = sa.or_(
        p.c.open_change_requests > 0,
        p.c.text_failed_at.is_not(None),
        p.c.missed_meetings > 0,
        sa.and_(p.c.link_sent_at.is_(None), p.c.current_version.is_not(None)),
    )
    always = sa.literal(datetime(1970, 1, 1, tzinfo=timezone.utc), sa.DateTime(timezone=True))
    waiting = sa.and_(
        p.c.signed_in_at.is_not(None),
        p.c.current_version.is_not(None),
        sa.or_(p.c.approved_version.is_(None), p.c.approved_version != p.c.current_version),
    )
    op.get_bind().execute(
        p.update().values(
            attention_from=sa.case(
                (at_once, always), (p.c.link_used_at.is_(None), p.c.link_expires_at)
            ),
            waiting_since=sa.case((waiting, p.c.published_at)),
        )
    )


def downgrade():
    op.drop_index(
        'ix_participant_attention',
        table_name='participant',
        sqlite_where=sa.text(NOT_ERASED),
        postgresql_where=sa.text(NOT_ERASED),
    )
    # ALTER TABLE ... DROP COLUMN on SQLite too: a batch would copy the table, which the rows
    # that refer to participants forbid.
    op.drop_column('participant', 'waiting_since')
    op.drop_column('participant', 'attention_from')
