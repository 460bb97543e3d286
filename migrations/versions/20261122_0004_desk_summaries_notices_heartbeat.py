"""desk summaries notices heartbeat

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 03:01:19.621200
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('notices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('level', sa.String(length=10), nullable=False, comment='info, warning'),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notices'))
    )
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notices_created_at'), ['created_at'], unique=False)

    op.create_table('call_summaries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('queue_entry_id', sa.Integer(), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=False),
    sa.Column('disposition', sa.String(length=32), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['agents.id'], name=op.f('fk_call_summaries_agent_id_agents')),
    sa.ForeignKeyConstraint(['queue_entry_id'], ['queue_entries.id'], name=op.f('fk_call_summaries_queue_entry_id_queue_entries')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_call_summaries'))
    )
    with op.batch_alter_table('call_summaries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_call_summaries_agent_id'), ['agent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_call_summaries_queue_entry_id'), ['queue_entry_id'], unique=False)

    with op.batch_alter_table('agents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('desk_seen_at', sa.DateTime(timezone=True), nullable=True, comment="last heartbeat of the agent's open desk; a desk gone quiet makes the agent not-ready"))



def downgrade() -> None:
    with op.batch_alter_table('agents', schema=None) as batch_op:
        batch_op.drop_column('desk_seen_at')

    with op.batch_alter_table('call_summaries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_call_summaries_queue_entry_id'))
        batch_op.drop_index(batch_op.f('ix_call_summaries_agent_id'))

    op.drop_table('call_summaries')
    with op.batch_alter_table('notices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notices_created_at'))

    op.drop_table('notices')
