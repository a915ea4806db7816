"""Every setting Upward reads, in one place (environment variables prefixed UPWARD_, or a .env file).

The defaults are the embedded, offline stack: a local llama.cpp model, MiniLM embeddings,
Chroma on disk and SQLite, all under `data_dir`. Setting an API key switches the LLM to OpenAI;
everything else is chosen explicitly.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[1]


class Settings(BaseSettings):
    """Application settings. Field descriptions double as the README's configuration table."""

    model_config = SettingsConfigDict(
        env_prefix="UPWARD_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    # --- Storage -----------------------------------------------------------------------------
    data_dir: Path = Field(Path("data"), description="Where the index (Chroma, BM25) and the app database live.")
    knowledge_dir: Path = Field(
        PROJECT_ROOT / "knowledge", description="Shipped knowledge base, ingested on first start."
    )
    database_url: str | None = Field(
        None, description="SQLAlchemy URL for app state; default sqlite:///<data_dir>/upward.db."
    )

    # --- LLM ------------------------------------------------------------------------------------
    llm_provider: Literal["auto", "local", "openai", "azure"] = Field(
        "auto", description="auto = openai when an API key is set, else the embedded local model."
    )
    llm_model: str | None = Field(
        None, description="Model name (openai: e.g. gpt-4o-mini; local: alias shown in answers)."
    )
    llm_base_url: str | None = Field(
        None, description="OpenAI-compatible base URL (vLLM, Ollama, LM Studio, llama.cpp ...)."
    )
    llm_api_key: SecretStr | None = Field(None, description="API key for the openai provider.")
    llm_temperature: float = Field(0.1, description="Sampling temperature for drafting.")
    llm_max_tokens: int = Field(400, description="Upper bound on drafted answer length (tokens).")
    local_max_tokens: int = Field(
        200, description="Upper bound for the local model, which is slow and rarely passes the verifier."
    )
    llm_timeout_s: float = Field(120.0, description="Per-request timeout for the chat model.")
    strong_model: bool | None = Field(
        None,
        description="Trust the model with tool calling, objection refinement and drafting "
        "rebuttals and business cases (all still verified); default: true for openai and azure, "
        "false for the local model.",
    )

    azure_openai_endpoint: str | None = Field(None, description="Azure OpenAI endpoint URL.")
    azure_openai_deployment: str | None = Field(None, description="Azure OpenAI deployment name.")
    azure_openai_api_version: str = Field("2024-10-21", description="Azure OpenAI API version.")
    azure_openai_api_key: SecretStr | None = Field(None, description="Azure OpenAI API key.")

    local_model_path: Path | None = Field(
        None, description="GGUF file for the local model; default SmolLM2-135M-Instruct (PyPI)."
    )
    local_threads: int = Field(1, description="llama.cpp threads (1 is fastest under contention).")
    local_context: int = Field(4096, description="llama.cpp context window (tokens).")
    local_start_timeout_s: float = Field(60.0, description="How long to wait for the local server.")

    # --- Embeddings -----------------------------------------------------------------------------
    embedding_provider: Literal["local", "openai"] = Field(
        "local", description="local = all-MiniLM-L6-v2 int8 ONNX (offline); openai = API."
    )
    embed_threads: int = Field(
        2, ge=1, description="ONNX threads for local embeddings (2 is ~1.75x faster ingest than 1)."
    )
    openai_embedding_model: str = Field(
        "text-embedding-3-small", description="Embedding model when embedding_provider=openai."
    )

    # --- Chroma ---------------------------------------------------------------------------------
    chroma_mode: Literal["embedded", "server"] = Field(
        "embedded", description="embedded = on disk under data_dir; server = a Chroma server."
    )
    chroma_host: str = Field("127.0.0.1", description="Chroma server host (chroma_mode=server).")
    chroma_port: int = Field(8001, description="Chroma server port (chroma_mode=server).")
    collection: str = Field(
        "upward",
        pattern=r"^[a-zA-Z0-9][a-zA-Z0-9._-]{1,510}[a-zA-Z0-9]$",
        description="Chroma collection name (one per workspace; 3-512 of a-z A-Z 0-9 . _ -).",
    )

    # --- Retrieval and answers ------------------------------------------------------------------
    top_k: int = Field(20, description="Sources retrieved for the planner to choose from.")
    candidates: int = Field(50, description="Candidates taken from each retriever before fusion.")
    dense_weight: float = Field(
        0.8, description="Weight of the dense score in the hybrid blend (BM25 gets the rest)."
    )
    relevance_floor: float = Field(
        0.3,
        description="Minimum dense cosine similarity for a source to count as evidence; "
        "below it Upward says the knowledge base lacks evidence.",
    )
    max_points: int = Field(5, description="Most evidence points planned into one answer.")

    # --- Ingestion ------------------------------------------------------------------------------
    max_file_mb: float = Field(25.0, description="Files larger than this are refused.")
    chunk_tokens: int = Field(
        256, description="Largest chunk, in embedding-model wordpieces (MiniLM truncates at 256)."
    )

    # --- Audit ----------------------------------------------------------------------------------
    sample_audit: bool = Field(
        True,
        description="Load the fictional sample audit and sample public comments (knowledge/sample) "
        "while none of your own have been imported, so a newcomer sees them working.",
    )

    # --- Server ---------------------------------------------------------------------------------
    host: str = Field("127.0.0.1", description="Address `upward serve` binds to.")
    port: int = Field(8000, description="Port `upward serve` listens on.")

    @model_validator(mode="after")
    def _check_provider(self) -> Settings:
        if self.resolved_llm_provider == "azure" and not (
            self.azure_openai_endpoint and self.azure_openai_deployment
        ):
            raise ValueError(
                "llm_provider=azure needs UPWARD_AZURE_OPENAI_ENDPOINT and "
                "UPWARD_AZURE_OPENAI_DEPLOYMENT"
            )
        if not 0.0 <= self.dense_weight <= 1.0:
            raise ValueError("dense_weight must be between 0 and 1")
        return self

    @property
    def resolved_llm_provider(self) -> Literal["local", "openai", "azure"]:
        if self.llm_provider != "auto":
            return self.llm_provider
        return "openai" if self.llm_api_key or self.llm_base_url else "local"

    @property
    def resolved_strong_model(self) -> bool:
        if self.strong_model is not None:
            return self.strong_model
        return self.resolved_llm_provider in ("openai", "azure")

    @cached_property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'upward.db').resolve()}"

    @property
    def audits_dir(self) -> Path:
        return self.data_dir / "audits"

    @property
    def sample_dir(self) -> Path:
        return self.knowledge_dir / "sample"

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def bm25_path(self) -> Path:
        return self.data_dir / "bm25"


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment, with explicit overrides (used by tests and the CLI)."""
    return Settings(**overrides)  # type: ignore[arg-type]
