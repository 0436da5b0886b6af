"""Sessions under control: when each was last used (idle sessions end), and why and by whom
one was ended from the server.

Revision ID: 9d_session_idle
Revises: 11a_follow_up_and_desks
Create Date: 2026-12-01 11:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '9d_session_idle'
down_revision = '9b_pending_sign_in'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('login_session') as batch:
        batch.add_column(sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('end_reason', sa.String(length=30), nullable=True))
        batch.add_column(sa.Column('ended_by_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f('fk_login_session_ended_by_id_staff'), 'staff', ['ended_by_id'], ['id']
        )
    # A session open before this revision was last seen, as far as anyone knows, when it began.
    op.execute('UPDATE login_session SET last_seen_at = created_at')
    with op.batch_alter_table('login_session') as batch:
        batch.alter_column('last_seen_at', existing_type=sa.DateTime(timezone=True), nullable=False)


def downgrade():
    with op.batch_alter_table('login_session') as batch:
        batch.drop_constraint(op.f('fk_login_session_ended_by_id_staff'), type_='foreignkey')
        batch.drop_column('ended_by_id')
        batch.drop_column('end_reason')
        batch.drop_column('last_seen_at')
