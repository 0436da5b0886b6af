"""Follow-up and desks: the coordinator's scope, names searchable in either spelling, the
conversation about a change request, cancelled occasions and meetings, reasons for absence.

Revision ID: 11a_follow_up_and_desks
Revises: 10a_accounts_privacy
Create Date: 2026-12-01 05:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '11a_follow_up_and_desks'
down_revision = '10a_accounts_privacy'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('staff') as batch:
        batch.add_column(sa.Column('county_wide', sa.Boolean(), server_default=sa.false(), nullable=False))
    with op.batch_alter_table('participant') as batch:
        batch.add_column(sa.Column('name_latin', sa.String(length=200), server_default='', nullable=False))
        for name in ('link_sent_at', 'link_expires_at', 'link_opened_at', 'link_used_at', 'signed_in_at',
                     'published_at', 'first_published_at', 'approved_at', 'first_approved_at',
                     'change_requested_at', 'text_failed_at'):
            batch.add_column(sa.Column(name, sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('current_version', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('approved_version', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('open_change_requests', sa.Integer(), server_default='0', nullable=False))
        batch.add_column(sa.Column('missed_meetings', sa.Integer(), server_default='0', nullable=False))
    op.create_index('ix_participant_desk_name', 'participant', ['organisation_id', 'name', 'id'])
    op.create_index('ix_participant_desk_created', 'participant', ['organisation_id', 'created_at', 'id'])
    op.create_index('ix_participant_created_at', 'participant', ['created_at'])
    op.create_table('participant_name_term',
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('term', sa.String(length=100), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_participant_name_term_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_participant_name_term_participant_id_participant')),
    sa.PrimaryKeyConstraint('participant_id', 'term', name=op.f('pk_participant_name_term'))
    )
    op.create_index('ix_participant_name_term_lookup', 'participant_name_term', ['organisation_id', 'term'], postgresql_ops={'term': 'text_pattern_ops'})
    op.create_table('change_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('change_request_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['change_request_id'], ['change_request.id'], name=op.f('fk_change_message_change_request_id_change_request')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_change_message_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_change_message'))
    )
    op.create_index(op.f('ix_change_message_change_request_id'), 'change_message', ['change_request_id'])
    with op.batch_alter_table('occasion') as batch:
        batch.add_column(sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('meeting') as batch:
        batch.add_column(sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('attendance') as batch:
        batch.add_column(sa.Column('reason', sa.String(length=10), nullable=True))
    with op.batch_alter_table('plan_version') as batch:
        batch.add_column(sa.Column('areas', sa.Integer(), server_default='0', nullable=False))

    # Existing participants become searchable: the same terms registration writes.
    from portal.participants.search import terms

    participant = sa.table('participant', sa.column('id', sa.Integer), sa.column('name', sa.String), sa.column('organisation_id', sa.Integer))
    name_term = sa.table('participant_name_term', sa.column('participant_id', sa.Integer), sa.column('term', sa.String), sa.column('organisation_id', sa.Integer))
    connection = op.get_bind()
    rows = connection.execute(sa.select(participant.c.id, participant.c.name, participant.c.organisation_id)).all()
    found = [
        {'participant_id': row.id, 'term': term, 'organisation_id': row.organisation_id}
        for row in rows
        for term in terms(row.name)
    ]
    if found:
        connection.execute(name_term.insert(), found)
    # The areas of each published version, as publishing now records them.
    from portal.plans.models import area_bits

    activity = sa.table('activity', sa.column('version_id', sa.Integer), sa.column('area', sa.String))
    version = sa.table('plan_version', sa.column('id', sa.Integer), sa.column('areas', sa.Integer))
    found: dict[int, set[str]] = {}
    for row in connection.execute(sa.select(activity.c.version_id, activity.c.area)):
        found.setdefault(row.version_id, set()).add(row.area)
    for version_id, areas in found.items():
        connection.execute(version.update().where(version.c.id == version_id).values(areas=area_bits(areas)))
    # ...and where each stands, as every later event keeps it (participants.status.refresh).
    from portal.participants.status import refresh_statement

    connection.execute(refresh_statement())


def downgrade():
    with op.batch_alter_table('plan_version') as batch:
        batch.drop_column('areas')
    with op.batch_alter_table('attendance') as batch:
        batch.drop_column('reason')
    with op.batch_alter_table('meeting') as batch:
        batch.drop_column('cancelled_at')
    with op.batch_alter_table('occasion') as batch:
        batch.drop_column('cancelled_at')
    op.drop_index(op.f('ix_change_message_change_request_id'), table_name='change_message')
    op.drop_table('change_message')
    op.drop_index('ix_participant_name_term_lookup', table_name='participant_name_term')
    op.drop_table('participant_name_term')
    op.drop_index('ix_participant_created_at', table_name='participant')
    op.drop_index('ix_participant_desk_created', table_name='participant')
    op.drop_index('ix_participant_desk_name', table_name='participant')
    with op.batch_alter_table('participant') as batch:
        for name in ('link_sent_at', 'link_expires_at', 'link_opened_at', 'link_used_at', 'signed_in_at',
                     'published_at', 'first_published_at', 'approved_at', 'first_approved_at',
                     'change_requested_at', 'text_failed_at', 'current_version', 'approved_version', 'open_change_requests', 'missed_meetings'):
            batch.drop_column(name)
        batch.drop_column('name_latin')
    with op.batch_alter_table('staff') as batch:
        batch.drop_column('county_wide')
