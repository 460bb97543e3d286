"""tickets workflow: SLA rules (seeded with the operator standards), ticket tasks, new ticket columns

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 05:04:28.644317
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DAY = 24 * 60
# The operator standards (REQUIREMENTS §5): (type, subtype, area kind, stage, minutes, calendar, note)
SEED_RULES = [
    *[(kind, None, None, 'accept', DAY, 'business', 'acceptance reply within 1 business day')
      for kind in ('service_order', 'complaint', 'fault', 'suggestion', 'appeal', 'consultation')],
    ('service_order', 'new_install', 'urban', 'resolve', 28 * DAY, 'calendar', 'new install, urban: 28 days'),
    ('service_order', 'new_install', 'rural', 'resolve', 38 * DAY, 'calendar', 'new install, rural: 38 days'),
    ('service_order', 'move', 'urban', 'resolve', 28 * DAY, 'calendar', 'move, urban: as a new install'),
    ('service_order', 'move', 'rural', 'resolve', 38 * DAY, 'calendar', 'move, rural: as a new install'),
    ('service_order', 'change', None, 'resolve', DAY, 'calendar', 'service change: 24 h'),
    ('service_order', 'resume', None, 'resolve', DAY, 'calendar', 'resume after payment: 24 h'),
    ('service_order', 'stop', None, 'resolve', DAY, 'calendar', 'stop: 24 h'),
    ('service_order', None, None, 'resolve', DAY, 'calendar', 'other service orders: 24 h'),
    ('fault', None, None, 'resolve', DAY, 'calendar', 'fault repair, urban: 24 h'),
    ('fault', None, 'rural', 'resolve', 2 * DAY, 'calendar', 'fault repair, rural: 48 h'),
    ('complaint', None, None, 'resolve', 3 * DAY, 'business', 'complaint: 3 business days'),
    ('appeal', None, None, 'resolve', 5 * DAY, 'business', 'appeal: 5 business days'),
    ('suggestion', None, None, 'resolve', 5 * DAY, 'business', 'suggestion: 5 business days'),
    ('consultation', None, None, 'resolve', DAY, 'business', 'consultation follow-up: 1 business day'),
]


def upgrade() -> None:
    sla_rules = op.create_table('sla_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_type', sa.String(length=20), nullable=False),
    sa.Column('subtype', sa.String(length=20), nullable=True, comment='NULL: any subtype'),
    sa.Column('area_kind', sa.String(length=8), nullable=True, comment='urban, rural; NULL: any'),
    sa.Column('stage', sa.String(length=8), nullable=False, comment='accept (acceptance reply), resolve'),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('calendar', sa.String(length=10), nullable=False, comment='calendar: the clock always runs; business: only in business hours of working days'),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sla_rules'))
    )
    op.bulk_insert(sla_rules, [
        {'ticket_type': kind, 'subtype': subtype, 'area_kind': area_kind, 'stage': stage,
         'duration_minutes': minutes, 'calendar': calendar, 'note': note}
        for kind, subtype, area_kind, stage, minutes, calendar, note in SEED_RULES])
    op.create_table('ticket_tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False, comment='callback, escalation'),
    sa.Column('assignee_agent_id', sa.Integer(), nullable=True),
    sa.Column('role', sa.String(length=12), nullable=False, comment='the role whose pool holds it'),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('done_by', sa.String(length=64), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['assignee_agent_id'], ['agents.id'], name=op.f('fk_ticket_tasks_assignee_agent_id_agents')),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], name=op.f('fk_ticket_tasks_ticket_id_tickets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket_tasks'))
    )
    with op.batch_alter_table('ticket_tasks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ticket_tasks_assignee_agent_id'), ['assignee_agent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ticket_tasks_ticket_id'), ['ticket_id'], unique=False)

    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('area_kind', sa.String(length=8), nullable=True, comment='urban, rural: picks the SLA rule (new installs take longer in the country)'))
        batch_op.add_column(sa.Column('accept_deadline', sa.DateTime(timezone=True), nullable=True, comment="the acceptance reply is due by then (the clock stops when it leaves 'received')"))
        batch_op.add_column(sa.Column('reply', sa.Text(), nullable=True, comment="the responsible department's reply"))
        batch_op.add_column(sa.Column('customer_informed_at', sa.DateTime(timezone=True), nullable=True, comment='when the customer was told the outcome (首问负责制)'))


def downgrade() -> None:
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.drop_column('customer_informed_at')
        batch_op.drop_column('reply')
        batch_op.drop_column('accept_deadline')
        batch_op.drop_column('area_kind')

    with op.batch_alter_table('ticket_tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ticket_tasks_ticket_id'))
        batch_op.drop_index(batch_op.f('ix_ticket_tasks_assignee_agent_id'))

    op.drop_table('ticket_tasks')
    op.drop_table('sla_rules')
