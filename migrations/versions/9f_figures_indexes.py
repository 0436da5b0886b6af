"""The coordinator's figures read who each participant is from indexes: by id (for every
booking, request and plan counted) and by registration (for the days to a first plan and
approval), each with municipality and gender, without the erased.

Revision ID: 9f_figures_indexes
Revises: 9e_desk_attention
Create Date: 2026-12-01 14:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = '9f_figures_indexes'
down_revision = '9e_desk_attention'
branch_labels = None
depends_on = None

NOT_ERASED = "name_key NOT LIKE 'erased:%'"


def upgrade():
    op.create_index(
        'ix_participant_figures',
        'participant',
        ['id'],
        postgresql_include=['municipality_id', 'gender'],
        sqlite_where=sa.text(NOT_ERASED),
        postgresql_where=sa.text(NOT_ERASED),
    )
    op.create_index(
        'ix_participant_figures_registered',
        'participant',
        ['created_at'],
        postgresql_include=['municipality_id', 'gender', 'first_published_at', 'first_approved_at'],
        sqlite_where=sa.text(NOT_ERASED),
        postgresql_where=sa.text(NOT_ERASED),
    )


def downgrade():
    op.drop_index('ix_participant_figures_registered', table_name='participant')
    op.drop_index('ix_participant_figures', table_name='participant')
