"""A cost ceiling per request: at most N model calls and T tokens, whatever a graph or a tool
loop tries. Past either limit the next model call fails; every node that calls a model already
falls back to the composed, evidence-only answer when its call fails, so the user still gets a
verified answer and the bill stops growing."""

from __future__ import annotations

import threading
from typing import Any

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.outputs import LLMResult


class BudgetExceeded(RuntimeError):
    """A request used its model-call or token allowance."""


class RequestBudget(BaseCallbackHandler):
    """Counts model calls and tokens for one request (a LangChain callback)."""

    raise_error = True  # without it LangChain would log the exception and carry on

    def __init__(self, max_calls: int, max_tokens: int) -> None:
        self.max_calls = max_calls
        self.max_tokens = max_tokens
        self.calls = 0
        self.tokens = 0
        self._lock = threading.Lock()

    def _start(self) -> None:
        with self._lock:
            if self.calls >= self.max_calls:
                raise BudgetExceeded(f"model-call limit of {self.max_calls} per request reached (UPWARD_MAX_MODEL_CALLS)")
            if self.tokens >= self.max_tokens:
                raise BudgetExceeded(f"token limit of {self.max_tokens} per request reached (UPWARD_MAX_REQUEST_TOKENS)")
            self.calls += 1

    def on_chat_model_start(self, serialized: dict[str, Any], messages: list, **kwargs: Any) -> None:
        self._start()

    def on_llm_start(self, serialized: dict[str, Any], prompts: list[str], **kwargs: Any) -> None:
        self._start()

    def on_llm_end(self, response: LLMResult, **kwargs: Any) -> None:
        with self._lock:
            self.tokens += _tokens(response)


def _tokens(response: LLMResult) -> int:
    usage = (response.llm_output or {}).get("token_usage") or {}
    if usage.get("total_tokens"):
        return int(usage["total_tokens"])
    total = 0
    for generations in response.generations:
        for generation in generations:
            meta = getattr(getattr(generation, "message", None), "usage_metadata", None) or {}
            total += int(meta.get("total_tokens", 0))
    return total
