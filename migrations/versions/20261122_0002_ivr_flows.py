"""ivr flows

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 02:53:27.775272
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('ivr_flows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('version', sa.String(length=32), nullable=False, comment='content hash of the definition'),
    sa.Column('definition', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ivr_flows')),
    sa.UniqueConstraint('name', name=op.f('uq_ivr_flows_name'))
    )


def downgrade() -> None:
    op.drop_table('ivr_flows')
