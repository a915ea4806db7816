"""The objection taxonomy and the audience profiles, read from knowledge/objections and
knowledge/audiences.

Both are Markdown with YAML front matter, so the same files are ingested as citable guidance
(the playbook sentences an answer quotes) and read here for the structure the code needs:
exemplar phrasings, curated evidence ids, KPIs and section texts. `docs/objections.md` describes
the format.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, Field, ValidationError

OBJECTIONS_FOLDER = "objections"
AUDIENCES_FOLDER = "audiences"
_H2_RE = re.compile(r"^##\s+(.+?)\s*$", re.MULTILINE)

# The H2 headings a playbook file must have, by the key the code uses.
PLAYBOOK_HEADINGS = {
    "worry": "What the leader is worried about",
    "acknowledge": "Acknowledge",
    "reframe": "Reframe",
    "counter": "Counter-evidence to be honest about",
    "pilot": "Pilot and measure",
    "ask": "The ask",
    "clarify": "Clarifying question",
}
AUDIENCE_HEADINGS = {
    "cares": "What they care about",
    "lead": "Lead with",
    "language": "Language that works",
    "avoid": "What to avoid",
    "ask": "How to frame the ask",
}


class TaxonomyError(ValueError):
    """A taxonomy or audience file that the code cannot use, with the file named."""


class Profile(BaseModel):
    """What objection types and audiences share: an id, a label, sections and the source file."""

    id: str
    label: str
    source: Path
    sections: dict[str, str]
    audit_kpis: list[str] = Field(default_factory=list)
    evidence_query: str = ""


class ObjectionType(Profile):
    description: str
    exemplars: list[str] = Field(min_length=3)
    cues: list[str] = Field(default_factory=list)  # words that strongly signal this type
    evidence_ids: list[str] = Field(default_factory=list)
    counter_ids: list[str] = Field(default_factory=list)
    peers: list[str] = Field(default_factory=list)

    @property
    def concern(self) -> str:
        """What the leader actually worries about: what a good reply must answer."""
        return f"{self.description} {self.sections.get('worry', '')}".strip()


class Audience(Profile):
    aliases: list[str] = Field(default_factory=list)
    objections: list[str] = Field(default_factory=list)
    lead_with: list[str] = Field(default_factory=list)


def _split(path: Path) -> tuple[dict, dict[str, str]]:
    text = path.read_text(encoding="utf-8")
    parts = text.split("---", 2)
    if not text.startswith("---") or len(parts) < 3:
        raise TaxonomyError(f"{path}: missing YAML front matter")
    try:
        meta = yaml.safe_load(parts[1]) or {}
    except yaml.YAMLError as exc:
        raise TaxonomyError(f"{path}: bad YAML front matter: {exc}") from None
    body = parts[2]
    heads = list(_H2_RE.finditer(body))
    sections = {
        h.group(1).strip(): " ".join(body[h.end() : (heads[i + 1].start() if i + 1 < len(heads) else len(body))].split())
        for i, h in enumerate(heads)
    }
    return meta, sections


def _sections(path: Path, found: dict[str, str], wanted: dict[str, str]) -> dict[str, str]:
    missing = [title for title in wanted.values() if not found.get(title)]
    if missing:
        raise TaxonomyError(f"{path}: missing or empty sections: {', '.join(missing)}")
    return {key: found[title] for key, title in wanted.items()}


def _read(path: Path, key: str, headings: dict[str, str], model: type[Profile]) -> Profile:
    meta, found = _split(path)
    if not meta.get(key):
        raise TaxonomyError(f"{path}: front matter has no '{key}' id")
    try:
        return model(
            **{k: v for k, v in meta.items() if k in model.model_fields and k not in ("id", "source")},
            id=str(meta[key]),
            source=path,
            sections=_sections(path, found, headings),
        )
    except ValidationError as exc:
        raise TaxonomyError(f"{path}: {exc.errors()[0]['loc']}: {exc.errors()[0]['msg']}") from None


@lru_cache(maxsize=8)
def load_objections(knowledge_dir: Path) -> tuple[ObjectionType, ...]:
    folder = knowledge_dir / OBJECTIONS_FOLDER
    found = tuple(
        _read(p, "objection", PLAYBOOK_HEADINGS, ObjectionType) for p in sorted(folder.glob("*.md"))
    )
    return found  # type: ignore[return-value]


@lru_cache(maxsize=8)
def load_audiences(knowledge_dir: Path) -> tuple[Audience, ...]:
    folder = knowledge_dir / AUDIENCES_FOLDER
    return tuple(
        _read(p, "audience", AUDIENCE_HEADINGS, Audience) for p in sorted(folder.glob("*.md"))
    )  # type: ignore[return-value]


def by_id(profiles: tuple[Profile, ...], wanted: str) -> Profile | None:
    return next((p for p in profiles if p.id == wanted), None)
