"""queue offers, callbacks, phone registration

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 02:57:23.747293
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # server defaults fill the new NOT NULL columns of existing rows
    with op.batch_alter_table('agents', schema=None) as batch_op:
        batch_op.alter_column('missed_offers', existing_type=sa.Integer(), existing_nullable=False,
                              comment='consecutive unanswered offers')
        batch_op.add_column(sa.Column('phone_registered', sa.Boolean(), nullable=False, server_default=sa.true(), comment='with a real switch: the SIP phone is registered (sofia events)'))

    with op.batch_alter_table('queue_entries', schema=None) as batch_op:
        batch_op.alter_column(
            'status', existing_type=sa.String(length=16), existing_nullable=False,
            comment='waiting, offered, answered, completed, abandoned; callback entries keep '
                    'their place with callback_number set')
        batch_op.add_column(sa.Column('last_announced_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('agent_leg_uuid', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('missed_agent_ids', sa.JSON(), nullable=False, server_default='[]', comment='agents that did not answer this call: not offered it again'))
        batch_op.add_column(sa.Column('callback_requested_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_queue_entries_agent_leg_uuid'), ['agent_leg_uuid'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('queue_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_queue_entries_agent_leg_uuid'))
        batch_op.drop_column('callback_requested_at')
        batch_op.drop_column('missed_agent_ids')
        batch_op.drop_column('agent_leg_uuid')
        batch_op.drop_column('last_announced_at')

    with op.batch_alter_table('agents', schema=None) as batch_op:
        batch_op.drop_column('phone_registered')

