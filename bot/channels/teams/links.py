"""Which Upward workspace a Microsoft 365 organisation (a Teams tenant) talks to.

Kept in the control database beside the workspace registry and the keys: a tenant is linked by an
administrator (`upward teams link --tenant T --workspace W`), and a message from a tenant that is
not linked is refused before anything reads a workspace.
"""

from __future__ import annotations

import datetime as dt
import re

from pydantic import BaseModel
from sqlalchemy import Column, DateTime, MetaData, String, Table, select

from bot.database import open_database
from bot.workspace import WorkspaceRegistry, check_name

TENANT_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")

metadata = MetaData()

teams_tenants = Table(
    "teams_tenants",
    metadata,
    Column("tenant_id", String(36), primary_key=True),  # lower-case GUID
    Column("workspace", String(40), nullable=False, index=True),
    Column("linked_at", DateTime(timezone=True), nullable=False),
    Column("linked_by", String(80), nullable=False),
)


class TenantLink(BaseModel):
    tenant_id: str
    workspace: str
    linked_at: dt.datetime
    linked_by: str


def check_tenant(tenant_id: str) -> str:
    """A tenant id is a GUID; anything else is refused before a query (lower-cased)."""
    if not isinstance(tenant_id, str) or not TENANT_RE.fullmatch(tenant_id.strip()):
        raise ValueError(f"invalid tenant id {tenant_id!r}: expected a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47")
    return tenant_id.strip().lower()


class TenantLinks:
    """Tenant → workspace, one workspace per tenant (several tenants may share a workspace)."""

    def __init__(self, database_url: str, registry: WorkspaceRegistry) -> None:
        self._engine = open_database(database_url, metadata)
        self._registry = registry

    def link(self, tenant_id: str, workspace: str, *, by: str) -> TenantLink:
        """Link (or re-link) a tenant to an existing workspace."""
        tenant = check_tenant(tenant_id)
        self._registry.require(check_name(workspace))
        row = {"tenant_id": tenant, "workspace": workspace, "linked_at": dt.datetime.now(dt.UTC), "linked_by": by[:80]}
        with self._engine.begin() as conn:
            conn.execute(teams_tenants.delete().where(teams_tenants.c.tenant_id == tenant))
            conn.execute(teams_tenants.insert().values(**row))
        return TenantLink(**row)

    def unlink(self, tenant_id: str) -> bool:
        with self._engine.begin() as conn:
            return conn.execute(
                teams_tenants.delete().where(teams_tenants.c.tenant_id == check_tenant(tenant_id))
            ).rowcount > 0

    def workspace_for(self, tenant_id: str | None) -> str | None:
        """The linked workspace, or None for a missing, malformed or unlinked tenant, or one whose
        workspace has since been deleted."""
        try:
            tenant = check_tenant(tenant_id or "")
        except ValueError:
            return None
        with self._engine.connect() as conn:
            found = conn.execute(
                select(teams_tenants.c.workspace).where(teams_tenants.c.tenant_id == tenant)
            ).scalar()
        if found is None or self._registry.get(found) is None:
            return None
        return found

    def all(self) -> list[TenantLink]:  # noqa: A003
        with self._engine.connect() as conn:
            rows = conn.execute(select(teams_tenants).order_by(teams_tenants.c.tenant_id)).mappings()
            return [TenantLink(**{**r, "linked_at": r["linked_at"] if r["linked_at"].tzinfo
                                  else r["linked_at"].replace(tzinfo=dt.UTC)}) for r in rows]
