"""IVR menu trees edited in the back office; the switch picks up a new version within a minute."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from backoffice.db.base import Base, utcnow


class IvrFlow(Base):
    __tablename__ = "ivr_flows"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(32), unique=True)
    version: Mapped[str] = mapped_column(String(32), comment="content hash of the definition")
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(64))
