"""The IVR menu trees the back office serves: an edited copy from the database, else the
built-in tree. A flow is validated with the engine's own loader before it is stored, so the
switch never receives a tree it would refuse."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from backoffice.db.models import IvrFlow
from backoffice.services.audit import audit
from fs_scripts.flows.builtin import BUILTIN_FLOW, BUILTIN_VERSION
from fs_scripts.flows.loader import load_flow


@dataclass(frozen=True)
class FlowVersion:
    name: str
    version: str
    definition: dict[str, Any]


def content_version(definition: dict[str, Any]) -> str:
    canonical = json.dumps(definition, sort_keys=True, ensure_ascii=False).encode()
    return "v-" + hashlib.sha256(canonical).hexdigest()[:16]


def current_flow(db: Session, name: str) -> FlowVersion | None:
    stored = db.scalar(select(IvrFlow).where(IvrFlow.name == name))
    if stored is not None:
        return FlowVersion(stored.name, stored.version, stored.definition)
    if name == BUILTIN_FLOW["name"]:
        return FlowVersion(name, BUILTIN_VERSION, BUILTIN_FLOW)
    return None


def save_flow(db: Session, name: str, definition: dict[str, Any], actor: str,
              now: datetime) -> FlowVersion:
    """Validate and store a new version; raises `fs_scripts.flows.definition.FlowError`."""
    version = content_version(definition)
    load_flow({**definition, "name": name, "version": version})
    stored = db.scalar(select(IvrFlow).where(IvrFlow.name == name))
    if stored is None:
        stored = IvrFlow(name=name, version=version, definition=definition, updated_by=actor)
        db.add(stored)
    stored.version, stored.definition = version, definition
    stored.updated_at, stored.updated_by = now, actor
    audit(db, actor, "ivr_flow_saved", "ivr_flow", name, version=version)
    return FlowVersion(name, version, definition)
