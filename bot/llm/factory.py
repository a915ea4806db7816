"""One way to get a chat model, whichever provider is configured.

Every provider is reached through LangChain's OpenAI chat classes: OpenAI itself, any
OpenAI-compatible server (vLLM, Ollama, LM Studio ...), Azure OpenAI, and the embedded
llama.cpp server, which speaks the same protocol on 127.0.0.1.
"""

from __future__ import annotations

from dataclasses import dataclass

from langchain_core.language_models import BaseChatModel

from bot.config import Settings
from bot.llm.local_server import LocalLLMServer


@dataclass
class ChatModelHandle:
    """The chat model plus what must be stopped with it (the local server, if any)."""

    model: BaseChatModel
    name: str
    provider: str
    local_server: LocalLLMServer | None = None

    def close(self) -> None:
        if self.local_server is not None:
            self.local_server.stop()


def make_chat_model(settings: Settings) -> ChatModelHandle:
    from langchain_openai import AzureChatOpenAI, ChatOpenAI

    provider = settings.resolved_llm_provider
    common: dict = {
        "temperature": settings.llm_temperature,
        "timeout": settings.llm_timeout_s,
        "max_retries": 1,
    }
    if provider == "azure" or (provider == "openai" and not settings.llm_base_url):
        common["max_tokens"] = settings.llm_max_tokens
    else:
        # LangChain sends `max_completion_tokens`, which llama.cpp and several OpenAI-compatible
        # servers ignore (the tiny local model then writes until its context is full).
        limit = settings.local_max_tokens if provider == "local" else settings.llm_max_tokens
        common["extra_body"] = {"max_tokens": limit}
    if provider == "azure":
        key = settings.azure_openai_api_key
        model = AzureChatOpenAI(
            azure_endpoint=settings.azure_openai_endpoint,
            azure_deployment=settings.azure_openai_deployment,
            api_version=settings.azure_openai_api_version,
            api_key=key.get_secret_value() if key else None,
            **common,
        )
        return ChatModelHandle(model, settings.azure_openai_deployment or "azure", provider)

    server: LocalLLMServer | None = None
    if provider == "local":
        server = LocalLLMServer(
            settings.local_model_path,
            alias=settings.llm_model,
            threads=settings.local_threads,
            context=settings.local_context,
            start_timeout_s=settings.local_start_timeout_s,
        ).start()
        base_url, api_key, name = server.base_url, "local", server.alias
    else:
        key = settings.llm_api_key
        base_url = settings.llm_base_url
        api_key = key.get_secret_value() if key else "not-needed"
        name = settings.llm_model or "gpt-4o-mini"
    model = ChatOpenAI(model=name, base_url=base_url, api_key=api_key, **common)
    return ChatModelHandle(model, name, provider, server)
