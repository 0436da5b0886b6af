"""Follow-up after retention: the events of an anonymised participant, by month, that the
figures count. Search: the name-term index carries the participant's id (index-only scans).

Revision ID: 11b_kept_figures_and_search
Revises: 11a_follow_up_and_desks
Create Date: 2026-12-01 10:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '11b_kept_figures_and_search'
down_revision = '11a_follow_up_and_desks'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('anonymised_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('anonymised_participant_id', sa.Integer(), nullable=False),
    sa.Column('fact', sa.String(length=20), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('occasion_kind', sa.String(length=30), nullable=True),
    sa.Column('host_municipality_id', sa.Integer(), nullable=True),
    sa.Column('left_month', sa.Date(), nullable=True),
    sa.Column('number', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['anonymised_participant_id'], ['anonymised_participant.id'], name=op.f('fk_anonymised_event_anonymised_participant_id_anonymised_participant')),
    sa.ForeignKeyConstraint(['host_municipality_id'], ['municipality.id'], name=op.f('fk_anonymised_event_host_municipality_id_municipality')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_anonymised_event'))
    )
    op.create_index(op.f('ix_anonymised_event_anonymised_participant_id'), 'anonymised_event', ['anonymised_participant_id'])
    op.create_index('ix_anonymised_event_fact_month', 'anonymised_event', ['fact', 'month'])
    op.drop_index('ix_participant_name_term_lookup', table_name='participant_name_term')
    op.create_index('ix_participant_name_term_lookup', 'participant_name_term',
                    ['organisation_id', 'term', 'participant_id'],
                    postgresql_ops={'term': 'text_pattern_ops'})


def downgrade():
    op.drop_index('ix_participant_name_term_lookup', table_name='participant_name_term')
    op.create_index('ix_participant_name_term_lookup', 'participant_name_term',
                    ['organisation_id', 'term'], postgresql_ops={'term': 'text_pattern_ops'})
    op.drop_index('ix_anonymised_event_fact_month', table_name='anonymised_event')
    op.drop_index(op.f('ix_anonymised_event_anonymised_participant_id'), table_name='anonymised_event')
    op.drop_table('anonymised_event')
