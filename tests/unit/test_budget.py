"""The per-request cost ceiling stops model calls past the allowance, counted across a request."""

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from bot.llm.budget import BudgetExceeded, RequestBudget


def _model(usage: int = 0) -> GenericFakeChatModel:
    message = AIMessage(content="ok", usage_metadata={"input_tokens": usage, "output_tokens": 0, "total_tokens": usage})
    return GenericFakeChatModel(messages=iter([message] * 10))


def test_calls_past_the_limit_are_refused():
    budget = RequestBudget(max_calls=2, max_tokens=10_000)
    model = _model()
    for _ in range(2):
        model.invoke("hi", config={"callbacks": [budget]})
    with pytest.raises(BudgetExceeded, match="UPWARD_MAX_MODEL_CALLS"):
        model.invoke("hi", config={"callbacks": [budget]})
    assert budget.calls == 2


def test_tokens_past_the_limit_stop_the_next_call():
    budget = RequestBudget(max_calls=10, max_tokens=1_000)
    model = _model(usage=600)
    model.invoke("hi", config={"callbacks": [budget]})
    model.invoke("hi", config={"callbacks": [budget]})  # starts under the limit, ends over it
    assert budget.tokens == 1_200
    with pytest.raises(BudgetExceeded, match="UPWARD_MAX_REQUEST_TOKENS"):
        model.invoke("hi", config={"callbacks": [budget]})
