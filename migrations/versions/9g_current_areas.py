"""Each participant's row keeps the areas of their newest published plan version, so that the
figures count plans by area from the participants' rows.

Revision ID: 9g_current_areas
Revises: 9f_figures_indexes
Create Date: 2026-12-01 14:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = '9g_current_areas'
down_revision = '9f_figures_indexes'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('participant') as batch:
        batch.add_column(sa.Column('current_areas', sa.Integer(), nullable=True))
    # As participants.status copies it at this revision.
    participant = sa.table('participant', sa.column('id', sa.Integer), sa.column('current_areas', sa.Integer))
    plan = sa.table('plan', sa.column('id', sa.Integer), sa.column('participant_id', sa.Integer))
    version = sa.table(
        'plan_version',
        sa.column('plan_id', sa.Integer),
        sa.column('number', sa.Integer),
        sa.column('status', sa.String),
        sa.column('areas', sa.Integer),
    )
    newest = (
        sa.select(version.c.areas)
        .select_from(version.join(plan, plan.c.id == version.c.plan_id))
        .where(plan.c.participant_id == participant.c.id, version.c.status == 'published')
        .order_by(version.c.number.desc())
        .limit(1)
        .scalar_subquery()
    )
    op.get_bind().execute(participant.update().values(current_areas=newest))


def downgrade():
    # ALTER TABLE ... DROP COLUMN on SQLite too: a batch would copy the table, which the rows
    # that refer to participants forbid.
    op.drop_column('participant', 'current_areas')
