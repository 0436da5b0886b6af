"""Trust (issue 9): a sign-in waiting for its code is a row found by a random handle's hash,
so that the browser's cookie says nothing of whether the number is registered.

Revision ID: 9b_pending_sign_in
Revises: 11a_follow_up_and_desks
Create Date: 2026-12-01 10:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = '9b_pending_sign_in'
down_revision = '13a_approval_chain'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('pending_sign_in',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('handle_hash', sa.String(length=64), nullable=False),
    sa.Column('code_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['code_id'], ['one_time_code.id'], name=op.f('fk_pending_sign_in_code_id_one_time_code'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pending_sign_in')),
    sa.UniqueConstraint('handle_hash', name=op.f('uq_pending_sign_in_handle_hash'))
    )
    op.create_index(op.f('ix_pending_sign_in_code_id'), 'pending_sign_in', ['code_id'])


def downgrade():
    op.drop_index(op.f('ix_pending_sign_in_code_id'), table_name='pending_sign_in')
    op.drop_table('pending_sign_in')
