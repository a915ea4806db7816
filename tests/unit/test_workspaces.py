"""Workspaces and data protection: the CLI's workspace and key commands, deletes that leave no
orphan behind, retention, export, and a server that will not open itself to a network."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, inspect, text, update
from typer.testing import CliRunner

from bot.api.app import create_app
from bot.app_context import Upward
from bot.cli import app as cli
from bot.config import load_settings
from bot.governance import export_zip, purge
from bot.index.store import make_chroma_client
from bot.memory import conversations
from bot.workspace import local_context, workspace_at
from tests.conftest import fake_chat

runner = CliRunner()
GUIDE = "# Our comms protocol\n\nThe duty officer answers every resident's question within two working hours.\n"


@pytest.fixture
def upward(knowledge_copy):
    return Upward(load_settings(data_dir=knowledge_copy), fake_chat("x"))


def _collections(settings) -> set[str]:
    return {c.name for c in make_chroma_client(settings).list_collections()}


def test_cli_creates_workspaces_and_keys_and_never_shows_a_secret_twice(knowledge_copy):
    env = {"UPWARD_DATA_DIR": str(knowledge_copy)}
    assert runner.invoke(cli, ["workspace", "create", "north-police"], env=env).exit_code == 0
    bad = runner.invoke(cli, ["workspace", "create", "North Police!"], env=env)
    assert bad.exit_code == 2 and "invalid workspace name" in bad.output
    created = runner.invoke(cli, ["key", "create", "--workspace", "north-police", "--role", "editor",
                                  "--name", "digital lead", "--expires", "90d", "--json"], env=env)
    key = json.loads(created.output)
    assert set(key) == {"id", "name", "workspace", "role", "expires", "secret"}
    assert key["secret"].startswith("upw_") and key["role"] == "editor"
    listed = runner.invoke(cli, ["key", "list", "--workspace", "north-police", "--json"], env=env)
    assert key["secret"] not in listed.output and json.loads(listed.output)[0]["id"] == key["id"]
    unknown = runner.invoke(cli, ["key", "create", "--workspace", "nowhere", "--role", "reader"], env=env)
    assert unknown.exit_code == 2 and "no workspace 'nowhere'" in unknown.output
    assert runner.invoke(cli, ["key", "revoke", key["id"]], env=env).exit_code == 0
    ask = runner.invoke(cli, ["objections", "--workspace", "nowhere"], env=env)
    assert ask.exit_code == 2 and "upward workspace create nowhere" in ask.output


def test_serve_on_a_network_address_without_a_key_refuses_to_start(tmp_path):
    result = runner.invoke(cli, ["serve", "--host", "0.0.0.0"], env={"UPWARD_DATA_DIR": str(tmp_path)})
    assert result.exit_code == 2
    assert "Refusing to serve on 0.0.0.0" in result.output and "upward key create" in result.output


def test_the_sample_council_loads_only_on_loopback_and_only_in_default(knowledge_copy):
    assert load_settings(host="127.0.0.1").resolved_sample_audit
    assert not load_settings(host="0.0.0.0").resolved_sample_audit
    assert load_settings(host="0.0.0.0", sample_audit=True).resolved_sample_audit
    up = Upward(load_settings(data_dir=knowledge_copy), fake_chat("x"))
    up.shared.registry.create("other")
    other = up.service("other")
    other.ensure_knowledge()
    assert other.audits.active_id() is None and other.listening.active_id() is None
    assert up.service().audits.active_id() is not None


def test_deleting_a_workspace_leaves_no_orphan(upward, tmp_path):
    upward.shared.registry.create("gone")
    service = upward.service("gone")
    doc = tmp_path / "protocol.md"
    doc.write_text(GUIDE)
    service.ingest([doc])
    memory_id = service.memory.create("someone")
    service.memory.append(memory_id, "user", "hello")
    key = upward.shared.keys.create(workspace="gone", role="admin")
    where = workspace_at(upward.settings, "gone")
    assert where.collection in _collections(upward.settings) and where.root.is_dir()

    upward.delete_workspace("gone", local_context("gone"))
    assert where.collection not in _collections(upward.settings)
    assert not where.root.exists()
    assert upward.shared.registry.get("gone") is None
    assert upward.shared.keys.get(key.id) is None
    assert [a.action for a in upward.shared.activity.read("gone")][0] == "workspace.delete"
    with pytest.raises(ValueError, match="no workspace 'gone'"):
        upward.service("gone")


def test_documents_upload_and_delete_through_the_api_leave_nothing_behind(upward):
    upward.shared.registry.create("docs")
    admin = upward.shared.keys.create(workspace="docs", role="admin")
    headers = {"Authorization": f"Bearer {admin.secret}"}
    with TestClient(create_app(upward=upward), base_url="http://localhost") as c:
        posing = c.post("/v1/documents", headers=headers, data={"kind": "audit"},
                        files={"files": ("facts.md", GUIDE.encode(), "text/markdown")})
        assert posing.status_code == 422 and "use one of guidance, evidence, peer" in posing.json()["detail"]
        up = c.post("/v1/documents", headers=headers, data={"kind": "guidance"},
                    files={"files": ("protocol.md", GUIDE.encode(), "text/markdown")})
        assert up.status_code == 201 and up.json()["results"][0]["source"] == "protocol.md"
        assert [d["name"] for d in c.get("/v1/documents", headers=headers).json()] == ["protocol.md"]
        service = upward.service("docs")
        ids = service.own_store.manifest.get(next(r.source for r in service.own_store.manifest.all())).chunk_ids
        assert service.own_store.get(ids)
        assert c.delete("/v1/documents/protocol.md", headers=headers).status_code == 204
        assert c.get("/v1/documents", headers=headers).json() == []
        assert c.delete("/v1/documents/protocol.md", headers=headers).status_code == 404
    assert service.own_store.get(ids) == [] and service.own_store.count() == 0
    assert len(service.own_store.bm25) == 0
    assert not (service.workspace.files_dir / "protocol.md").exists()


def test_retention_forgets_old_conversations_comments_and_feedback(upward):
    service = upward.service()
    service.ensure_knowledge()
    old = service.memory.create("reader-1")
    service.memory.append(old, "user", "an old question")
    fresh = service.memory.create("reader-1")
    with create_engine(service.workspace.database_url).begin() as conn:
        conn.execute(update(conversations).where(conversations.c.id == old)
                     .values(updated_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=200)))
    assert service.listening.active_id() is not None
    report = purge(
        service, local_context(), now=dt.datetime.now(dt.UTC) + dt.timedelta(days=181)
    )
    # 181 days on, the fresh conversation and the sample comments are past 180 days as well (the
    # shared test index may hold other tests' conversations too: they go the same way).
    assert report.conversations >= 2 and report.listening_imports == 1
    assert service.memory.ids() == []
    assert not service.memory.exists(old) and not service.memory.exists(fresh)
    assert service.listening.active_id() is None


def test_export_holds_every_table_and_no_secret(upward):
    service = upward.service()
    service.ensure_knowledge()
    key = upward.shared.keys.create(workspace="default", role="reader", name="exported")
    data = export_zip(service, local_context())
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = set(archive.namelist())
    tables = set(inspect(create_engine(service.workspace.database_url)).get_table_names())
    assert {f"tables/{t}.json" for t in tables} <= names
    assert any(n.startswith("files/audits/") for n in names)
    keys = json.loads(archive.read("keys.json"))
    assert any(k["name"] == "exported" for k in keys)
    assert key.secret not in data.decode("latin-1")
    with create_engine(service.workspace.database_url).connect() as conn:
        rows = conn.execute(text("select count(*) from audit_observations")).scalar()
    assert len(json.loads(archive.read("tables/audit_observations.json"))) == rows


def test_cli_delete_commands_name_what_is_missing(knowledge_copy):
    env = {"UPWARD_DATA_DIR": str(knowledge_copy)}
    result = runner.invoke(cli, ["delete", "audit", "0000000000000000"], env=env)
    assert result.exit_code == 2 and "no audit with id '0000000000000000'" in result.output
    result = runner.invoke(cli, ["delete", "document", "nothing.md"], env=env)
    assert result.exit_code == 2 and "no document 'nothing.md'" in result.output
