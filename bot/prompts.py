"""Prompts live as files in prompts/, named after the node that uses them; this reads them."""

from __future__ import annotations

from functools import lru_cache

from langchain_core.prompts import ChatPromptTemplate

from bot.config import PROJECT_ROOT

PROMPTS_DIR = PROJECT_ROOT / "prompts"


@lru_cache(maxsize=None)
def prompt_text(name: str) -> str:
    path = PROMPTS_DIR / f"{name}.md"
    if not path.is_file():
        raise FileNotFoundError(f"prompt file missing: {path}")
    return path.read_text(encoding="utf-8").strip()


def chat_prompt(node: str) -> ChatPromptTemplate:
    """`<node>_system.md` + `<node>_user.md` as a chat prompt (f-string placeholders)."""
    return ChatPromptTemplate.from_messages(
        [("system", prompt_text(f"{node}_system")), ("human", prompt_text(f"{node}_user"))]
    )
