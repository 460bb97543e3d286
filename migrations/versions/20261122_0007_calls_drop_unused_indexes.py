"""calls keep only the indexes a query uses

No query looks calls up by caller number, line or customer (they are read by uuid and by
day), and every PIN check inserts a call row: each of those indexes was one more random
B-tree page written per check (bench/ivr_api.py). Lines and customers are never deleted, so
no foreign-key check needs them either.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 10:15:07.520505
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index(op.f('ix_calls_caller_number'), table_name='calls')
    op.drop_index(op.f('ix_calls_customer_id'), table_name='calls')
    op.drop_index(op.f('ix_calls_line_id'), table_name='calls')


def downgrade() -> None:
    op.create_index(op.f('ix_calls_line_id'), 'calls', ['line_id'], unique=False)
    op.create_index(op.f('ix_calls_customer_id'), 'calls', ['customer_id'], unique=False)
    op.create_index(op.f('ix_calls_caller_number'), 'calls', ['caller_number'], unique=False)
