"""The plan wholly in the person's language (issue 12): notes from the phrasebook and the
language of free text on plan items and occasions, the town of an activity's place, the
language an organisation writes in, the caseworker's work phone and contact hours, and
Kurmanji stored as "ku" everywhere.

Revision ID: 12a_phrasebook_and_contact
Revises: 0003
Create Date: 2026-12-02 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '12a_phrasebook_and_contact'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    for table in ('goal', 'activity'):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column('phrases', sa.JSON(), nullable=False, server_default='[]'))
            batch.add_column(
                sa.Column('note_language', sa.String(length=12), nullable=False, server_default='sv')
            )
    with op.batch_alter_table('activity') as batch:
        batch.add_column(sa.Column('municipality_id', sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f('fk_activity_municipality_id_municipality'),
            'municipality',
            ['municipality_id'],
            ['id'],
        )
    with op.batch_alter_table('occasion') as batch:
        batch.add_column(sa.Column('phrases', sa.JSON(), nullable=False, server_default='[]'))
        batch.add_column(
            sa.Column('written_in', sa.String(length=12), nullable=False, server_default='sv')
        )
    with op.batch_alter_table('organisation') as batch:
        batch.add_column(
            sa.Column('language', sa.String(length=12), nullable=False, server_default='sv')
        )
    with op.batch_alter_table('staff') as batch:
        batch.add_column(sa.Column('phone', sa.String(length=20), nullable=True))
        batch.add_column(
            sa.Column('contact_hours', sa.String(length=200), nullable=False, server_default='')
        )
    # Occasions taught in Kurmanji were stored as "kmr", participants reading it as "ku":
    # one code, so that a Kurmanji reader is offered Kurmanji courses first.
    op.execute("UPDATE occasion SET language = 'ku' WHERE language = 'kmr'")


def downgrade():
    op.execute("UPDATE occasion SET language = 'kmr' WHERE language = 'ku'")
    with op.batch_alter_table('staff') as batch:
        batch.drop_column('contact_hours')
        batch.drop_column('phone')
    with op.batch_alter_table('organisation') as batch:
        batch.drop_column('language')
    with op.batch_alter_table('occasion') as batch:
        batch.drop_column('written_in')
        batch.drop_column('phrases')
    with op.batch_alter_table('activity') as batch:
        batch.drop_constraint(op.f('fk_activity_municipality_id_municipality'), type_='foreignkey')
        batch.drop_column('municipality_id')
    for table in ('goal', 'activity'):
        with op.batch_alter_table(table) as batch:
            batch.drop_column('note_language')
            batch.drop_column('phrases')
