"""The OpenAI-compatible face: Upward as a "model" in any chat client that speaks the OpenAI
Chat Completions API (Open WebUI, LibreChat, the OpenAI SDK, LangChain's ChatOpenAI).

A thin adapter over the answer service: the last user message is the question, earlier ones are
the history, a system message is context about the user (it may name the audience) and never
replaces Upward's own instructions. The text carries `[n]` markers and ends with a numbered
Markdown sources list, so any client shows them; the full verified answer rides along in an
`upward` field that OpenAI clients ignore.
"""

from bot.channels.openai.routes import OPENAI_PATHS, openai_error, router

__all__ = ["OPENAI_PATHS", "openai_error", "router"]
