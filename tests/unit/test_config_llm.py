import pytest
from langchain_openai import AzureChatOpenAI, ChatOpenAI
from pydantic import ValidationError

from bot.config import load_settings
from bot.llm.factory import make_chat_model
from bot.llm.local_server import LocalLLMServer, LocalModelError, default_model_path


def test_defaults_are_the_embedded_offline_stack(tmp_path):
    s = load_settings(data_dir=tmp_path)
    assert s.resolved_llm_provider == "local"
    assert s.embedding_provider == "local" and s.chroma_mode == "embedded"
    assert s.resolved_database_url == f"sqlite:///{(tmp_path / 'upward.db').resolve()}"


def test_an_api_key_switches_auto_to_openai(tmp_path, monkeypatch):
    monkeypatch.setenv("UPWARD_LLM_API_KEY", "sk-test")
    assert load_settings(data_dir=tmp_path).resolved_llm_provider == "openai"


def test_azure_without_endpoint_is_a_clear_error(tmp_path):
    with pytest.raises(ValidationError, match="UPWARD_AZURE_OPENAI_ENDPOINT"):
        load_settings(data_dir=tmp_path, llm_provider="azure")


def test_openai_compatible_server_gets_max_tokens_it_understands(tmp_path):
    handle = make_chat_model(
        load_settings(data_dir=tmp_path, llm_base_url="http://127.0.0.1:9/v1", llm_model="my-model",
                      llm_max_tokens=123)
    )
    assert isinstance(handle.model, ChatOpenAI) and handle.name == "my-model"
    payload = handle.model._get_request_payload([("user", "hi")])
    assert payload["extra_body"] == {"max_tokens": 123}  # servers that ignore max_completion_tokens
    assert "max_completion_tokens" not in payload


def test_azure_provider_builds_an_azure_model(tmp_path):
    handle = make_chat_model(
        load_settings(
            data_dir=tmp_path, llm_provider="azure", azure_openai_endpoint="https://x.openai.azure.com",
            azure_openai_deployment="gpt-4o", azure_openai_api_key="k",
        )
    )
    assert isinstance(handle.model, AzureChatOpenAI) and handle.name == "gpt-4o"
    assert handle.local_server is None


def test_default_local_model_is_the_packaged_smollm2():
    path = default_model_path()
    assert path.name == "SmolLM2-135M-Instruct.Q4_1.gguf" and path.stat().st_size > 50_000_000


def test_missing_gguf_is_a_clear_error(tmp_path):
    with pytest.raises(LocalModelError, match="GGUF model not found"):
        LocalLLMServer(tmp_path / "nope.gguf")


def test_openai_embeddings_are_a_configured_alternative_without_tiktoken(tmp_path):
    from langchain_openai import OpenAIEmbeddings

    from bot.index.embedder import embedder_id, make_embeddings

    settings = load_settings(data_dir=tmp_path, embedding_provider="openai", llm_api_key="sk-test")
    embeddings = make_embeddings(settings)
    assert isinstance(embeddings, OpenAIEmbeddings)
    assert embeddings.model == "text-embedding-3-small"
    assert embeddings.check_embedding_ctx_length is False  # tiktoken downloads at run time
    assert embedder_id(settings) == "openai:text-embedding-3-small"
