"""Texts delivered by a worker: a lifetime for each message, the time of its status, the
gateway's id looked up by delivery reports, and statuses too long for ten characters
(failed-temporary).

Revision ID: 13a_sms_delivery
Revises: 11a_follow_up_and_desks
Create Date: 2026-12-01 11:00:00

"""
from datetime import UTC, datetime, timedelta

from alembic import op
import sqlalchemy as sa


revision = '13a_sms_delivery'
down_revision = '11b_kept_figures_and_search'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('sms_message') as batch:
        batch.alter_column('status', existing_type=sa.String(length=10), type_=sa.String(length=20),
                           existing_nullable=False)
        batch.add_column(sa.Column('status_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True))
        batch.create_index(batch.f('ix_sms_message_gateway_ref'), ['gateway_ref'], unique=False)
    # Texts still waiting get the default lifetime from now; the rest keep their history.
    sms = sa.table('sms_message', sa.column('status_at', sa.DateTime(timezone=True)),
                   sa.column('expires_at', sa.DateTime(timezone=True)),
                   sa.column('created_at', sa.DateTime(timezone=True)),
                   sa.column('sent_at', sa.DateTime(timezone=True)))
    op.execute(sms.update().values(
        status_at=sa.func.coalesce(sms.c.sent_at, sms.c.created_at),
        expires_at=sa.bindparam('until', datetime.now(UTC) + timedelta(hours=48),
                                type_=sa.DateTime(timezone=True)),
    ))
    with op.batch_alter_table('sms_message') as batch:
        batch.alter_column('status_at', existing_type=sa.DateTime(timezone=True), nullable=False)
        batch.alter_column('expires_at', existing_type=sa.DateTime(timezone=True), nullable=False)


def downgrade():
    with op.batch_alter_table('sms_message') as batch:
        batch.drop_index(batch.f('ix_sms_message_gateway_ref'))
        batch.drop_column('expires_at')
        batch.drop_column('status_at')
        batch.alter_column('status', existing_type=sa.String(length=20), type_=sa.String(length=10),
                           existing_nullable=False)
