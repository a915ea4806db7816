"""Playbooks and audience profiles are told apart from the evidence an answer may cite."""

import pytest

from bot.agent.taxonomy import load_audiences, load_objections
from bot.config import PROJECT_ROOT
from bot.index.routing import is_routing_material
from bot.ingest.loaders import load_file


@pytest.mark.parametrize("metadata,expected", [
    ({"kind": "guidance", "objection": "fad", "source": "knowledge/objections/fad.md"}, True),
    ({"kind": "guidance", "audience": "chief_executive"}, True),
    ({"kind": "evidence", "objection": "fad", "source": "knowledge/evidence/facts.csv#F110"}, False),
    ({"kind": "guidance", "source": "knowledge/guidance/13-answering-leadership-objections.md"}, False),
    ({"kind": "guidance", "objection": ""}, False),
    ({"kind": "audit"}, False),
])
def test_routing_material(metadata, expected):
    assert is_routing_material(metadata) is expected


def test_every_shipped_playbook_and_profile_is_routing_material():
    knowledge = PROJECT_ROOT / "knowledge"
    paths = [knowledge / "objections" / f"{o.id}.md" for o in load_objections(knowledge)]
    paths += [knowledge / "audiences" / f"{a.id}.md" for a in load_audiences(knowledge)]
    for path in paths:
        for doc in load_file(path, trusted=True):
            assert is_routing_material({"kind": doc.kind, **doc.extra}), path
    for doc in load_file(knowledge / "guidance" / "13-answering-leadership-objections.md", trusted=True):
        assert not is_routing_material({"kind": doc.kind, **doc.extra})
