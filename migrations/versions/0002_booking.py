"""Booking: occasions and their meetings, bookings with waiting lists and offers, attendance,
and the day-before reminders sent.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 15:38:15.442819

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('occasion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('language', sa.String(length=12), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('seats_taken', sa.Integer(), nullable=False),
    sa.Column('open_to_county', sa.Boolean(), nullable=False),
    sa.Column('book_by', sa.DateTime(timezone=True), nullable=False),
    sa.Column('cancel_by', sa.DateTime(timezone=True), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('capacity > 0', name=op.f('ck_occasion_capacity_positive')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_occasion_ends_after_start')),
    sa.CheckConstraint('seats_taken >= 0 AND seats_taken <= capacity', name=op.f('ck_occasion_seats_within_capacity')),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff.id'], name=op.f('fk_occasion_created_by_id_staff')),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], name=op.f('fk_occasion_municipality_id_municipality')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_occasion_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_occasion'))
    )
    with op.batch_alter_table('occasion', schema=None) as batch_op:
        batch_op.create_index('ix_occasion_municipality_starts', ['municipality_id', 'starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_occasion_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('booking',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occasion_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('booked_by_id', sa.Integer(), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('offered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('offer_expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cancelled_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("status != 'offered' OR offer_expires_at IS NOT NULL", name=op.f('ck_booking_offer_expires')),
    sa.CheckConstraint("status IN ('confirmed', 'waiting', 'offered', 'cancelled', 'lapsed')", name=op.f('ck_booking_known_status')),
    sa.ForeignKeyConstraint(['booked_by_id'], ['staff.id'], name=op.f('fk_booking_booked_by_id_staff')),
    sa.ForeignKeyConstraint(['cancelled_by_id'], ['staff.id'], name=op.f('fk_booking_cancelled_by_id_staff')),
    sa.ForeignKeyConstraint(['occasion_id'], ['occasion.id'], name=op.f('fk_booking_occasion_id_occasion')),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_booking_participant_id_participant')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_booking'))
    )
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.create_index('ix_booking_offers', ['status', 'offer_expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_booking_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index('ix_booking_queue', ['occasion_id', 'status', 'id'], unique=False)
        batch_op.create_index('uq_booking_one_active', ['occasion_id', 'participant_id'], unique=True, sqlite_where=sa.text("status IN ('confirmed', 'waiting', 'offered')"), postgresql_where=sa.text("status IN ('confirmed', 'waiting', 'offered')"))

    op.create_table('meeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occasion_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_meeting_ends_after_start')),
    sa.ForeignKeyConstraint(['occasion_id'], ['occasion.id'], name=op.f('fk_meeting_occasion_id_occasion')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting'))
    )
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_occasion_id'), ['occasion_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_starts_at'), ['starts_at'], unique=False)

    op.create_table('attendance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('booking_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('marked_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('marked_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['booking_id'], ['booking.id'], name=op.f('fk_attendance_booking_id_booking')),
    sa.ForeignKeyConstraint(['marked_by_id'], ['staff.id'], name=op.f('fk_attendance_marked_by_id_staff')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meeting.id'], name=op.f('fk_attendance_meeting_id_meeting')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendance')),
    sa.UniqueConstraint('booking_id', 'meeting_id', name=op.f('uq_attendance_booking_id_meeting_id'))
    )
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('booking_reminder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('booking_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['booking_id'], ['booking.id'], name=op.f('fk_booking_reminder_booking_id_booking')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_booking_reminder')),
    sa.UniqueConstraint('booking_id', 'day', name=op.f('uq_booking_reminder_booking_id_day'))
    )


def downgrade():
    op.drop_table('booking_reminder')
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_meeting_id'))

    op.drop_table('attendance')
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_starts_at'))
        batch_op.drop_index(batch_op.f('ix_meeting_occasion_id'))

    op.drop_table('meeting')
    with op.batch_alter_table('booking', schema=None) as batch_op:
        batch_op.drop_index('uq_booking_one_active', sqlite_where=sa.text("status IN ('confirmed', 'waiting', 'offered')"), postgresql_where=sa.text("status IN ('confirmed', 'waiting', 'offered')"))
        batch_op.drop_index('ix_booking_queue')
        batch_op.drop_index(batch_op.f('ix_booking_participant_id'))
        batch_op.drop_index('ix_booking_offers')

    op.drop_table('booking')
    with op.batch_alter_table('occasion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_occasion_organisation_id'))
        batch_op.drop_index('ix_occasion_municipality_starts')

    op.drop_table('occasion')
