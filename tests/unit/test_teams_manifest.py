"""The Teams app package: a manifest that passes the manifest schema (v1.29 limits), the icons
Teams asks for, and the CLI that writes it; tenant links on the command line."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from PIL import Image
from typer.testing import CliRunner

from bot.channels.teams.commands import COMMANDS
from bot.channels.teams.manifest import MANIFEST_VERSION, SCHEMA_FILE, build_manifest, check_host, validate
from bot.cli import app
from tests.teams_harness import APP_ID, TENANT

runner = CliRunner()


def test_the_manifest_passes_the_schema():
    manifest = build_manifest(APP_ID, "upward.council.gov.uk")
    assert validate(manifest) == []
    assert json.loads(SCHEMA_FILE.read_text())["properties"]["manifestVersion"]["const"] == MANIFEST_VERSION
    [bot] = manifest["bots"]
    assert bot["botId"] == APP_ID and set(bot["scopes"]) == {"personal", "team", "groupChat"}
    assert [c["title"] for c in bot["commandLists"][0]["commands"]] == [name for name, _ in COMMANDS]
    assert manifest["validDomains"] == ["upward.council.gov.uk"]


def test_the_schema_check_catches_a_broken_manifest():
    manifest = build_manifest(APP_ID, "upward.council.gov.uk")
    manifest["accentColor"] = "blue"
    manifest["bots"][0]["scopes"] = ["everyone"]
    del manifest["developer"]
    problems = " ".join(validate(manifest))
    assert "accentColor" in problems and "bots/0/scopes/0" in problems and "'developer' is a required property" in problems


@pytest.mark.parametrize("host", ["", "http://", "upward", "up ward.gov.uk", "127.0.0.1"])
def test_a_bad_host_is_refused(host):
    with pytest.raises(ValueError, match="host"):
        check_host(host)


def test_teams_manifest_writes_the_app_package(tmp_path):
    out = tmp_path / "pkg" / "upward-teams.zip"
    result = runner.invoke(app, ["teams-manifest", "--app-id", APP_ID, "--host", "https://upward.council.gov.uk/",
                                 "--out", str(out), "--developer", "Brackenford Council"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as zf:
        assert sorted(zf.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(zf.read("manifest.json"))
        color = Image.open(io.BytesIO(zf.read("color.png")))
        outline = Image.open(io.BytesIO(zf.read("outline.png")))
    assert validate(manifest) == [] and manifest["developer"]["name"] == "Brackenford Council"
    assert color.size == (192, 192) and outline.size == (32, 32) and outline.mode == "RGBA"
    pixels = [p for p in outline.getdata() if p[3]]
    assert pixels and all(p[:3] == (255, 255, 255) for p in pixels)  # white on transparent
    assert outline.getpixel((0, 0))[3] == 0
    again = tmp_path / "again.zip"
    runner.invoke(app, ["teams-manifest", "--app-id", APP_ID, "--host", "upward.council.gov.uk", "--out", str(again),
                        "--developer", "Brackenford Council"])
    assert again.read_bytes() == out.read_bytes()  # the same inputs, the same package


def test_teams_manifest_refuses_a_bad_app_id(tmp_path):
    result = runner.invoke(app, ["teams-manifest", "--app-id", "upward", "--host", "upward.council.gov.uk",
                                 "--out", str(tmp_path / "x.zip")])
    assert result.exit_code == 2 and "GUID" in result.output and not (tmp_path / "x.zip").exists()


def test_teams_link_maps_a_tenant_to_a_workspace(tmp_path, monkeypatch):
    monkeypatch.setenv("UPWARD_DATA_DIR", str(tmp_path / "data"))
    assert runner.invoke(app, ["teams", "link", "--tenant", TENANT, "--workspace", "nowhere"]).exit_code == 2
    assert runner.invoke(app, ["workspace", "create", "comms"]).exit_code == 0
    result = runner.invoke(app, ["teams", "link", "--tenant", TENANT.upper(), "--workspace", "comms"])
    assert result.exit_code == 0, result.output
    listed = json.loads(runner.invoke(app, ["teams", "links", "--json"]).output)
    assert [(x["tenant_id"], x["workspace"]) for x in listed] == [(TENANT, "comms")]
    assert runner.invoke(app, ["teams", "link", "--tenant", "not-a-guid", "--workspace", "comms"]).exit_code == 2
    assert runner.invoke(app, ["teams", "unlink", "--tenant", TENANT]).exit_code == 0
    assert json.loads(runner.invoke(app, ["teams", "links", "--json"]).output) == []


def test_serve_stops_with_the_missing_teams_setting(tmp_path, monkeypatch):
    monkeypatch.setenv("UPWARD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("UPWARD_TEAMS_APP_ID", APP_ID)
    monkeypatch.delenv("UPWARD_TEAMS_APP_PASSWORD", raising=False)
    monkeypatch.delenv("UPWARD_TEAMS_CERTIFICATE_PFX", raising=False)
    monkeypatch.setenv("UPWARD_TEAMS_TENANT_ID", TENANT)
    result = runner.invoke(app, ["serve"])
    assert result.exit_code == 2
    assert "UPWARD_TEAMS_APP_PASSWORD" in result.output and "docs/teams.md" in result.output
