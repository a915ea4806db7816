"""Every setting Upward reads, in one place (environment variables prefixed UPWARD_, or a .env file).

The defaults are the embedded, offline stack: a local llama.cpp model, MiniLM embeddings,
Chroma on disk and SQLite, all under `data_dir`. Setting an API key switches the LLM to OpenAI;
everything else is chosen explicitly.
"""

from __future__ import annotations

import ipaddress
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
    sample_audit: bool | None = Field(
        None,
        description="Load the fictional sample audit and sample public comments (knowledge/sample) "
        "into the default workspace while none of your own have been imported, so a newcomer sees "
        "them working; default: on when serving on loopback (and for the CLI), off otherwise.",
    )

    # --- Server ---------------------------------------------------------------------------------
    host: str = Field("127.0.0.1", description="Address `upward serve` binds to.")
    port: int = Field(8000, description="Port `upward serve` listens on.")
    allowed_hosts: list[str] = Field(
        default_factory=list,
        description="Host names the server answers to (Host header), besides localhost, 127.0.0.1 "
        "and [::1]; e.g. upward.council.gov.uk. Guards against DNS rebinding.",
    )
    allowed_origins: list[str] = Field(
        default_factory=list,
        description="Browser origins allowed to call the API (besides the server's own and embed "
        "keys' origins); state-changing requests from any other Origin get 403.",
    )

    # --- Data protection and limits -------------------------------------------------------------
    retention_days: int = Field(
        180, ge=1, description="Default retention for conversations, imported comments and feedback "
        "in a new workspace (days); applied at start-up, daily, and by `upward purge`.",
    )
    max_question_chars: int = Field(4000, ge=1, description="Longest question, reply or focus (characters).")
    max_upload_files: int = Field(20, ge=1, description="Most files in one upload.")
    max_request_mb: float = Field(
        100.0, gt=0, description="Largest request body (MB); refused while it streams in."
    )
    max_csv_rows: int = Field(200_000, ge=1, description="Most rows in one uploaded CSV file.")
    max_csv_columns: int = Field(200, ge=1, description="Most columns in one uploaded CSV file.")
    max_workspace_mb: float = Field(
        2000.0, gt=0, description="Largest total size of a workspace's files and database (MB)."
    )
    rate_limit_per_minute: int = Field(60, ge=1, description="Requests per key per minute (429 past it).")
    session_rate_limit_per_minute: int = Field(
        20, ge=1, description="Requests per browser session per minute (widget)."
    )
    max_model_calls: int = Field(
        12, ge=1, description="Most language-model calls in one request (a cost ceiling for OpenAI/Azure)."
    )
    max_request_tokens: int = Field(
        20_000, ge=1, description="Most model tokens (prompt + completion) in one request."
    )
    job_timeout_s: float = Field(
        60.0, gt=0, description="Longest an audit, import or ingest waits for a free slot "
        "(UPWARD_JOB_CONCURRENCY) before the server answers 503 busy.",
    )
    job_concurrency: int = Field(2, ge=1, description="Audits, imports and ingests run at once.")

    # --- Microsoft Teams ------------------------------------------------------------------------
    teams_app_id: str | None = Field(
        None, description="Microsoft App ID of the Azure Bot (a GUID); setting it turns on the Teams "
        "endpoint POST /api/messages. See docs/teams.md.",
    )
    teams_app_password: SecretStr | None = Field(
        None, description="Client secret of that app registration (or use UPWARD_TEAMS_CERTIFICATE_PFX).",
    )
    teams_certificate_pfx: Path | None = Field(
        None, description="PFX file (certificate and private key) of the app registration, used instead "
        "of a client secret.",
    )
    teams_tenant_id: str | None = Field(
        None, description="Microsoft Entra tenant of the app registration (single-tenant bots); replies "
        "are sent with a token from this tenant.",
    )

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
    def on_loopback(self) -> bool:
        return is_loopback(self.host)

    @property
    def resolved_sample_audit(self) -> bool:
        return self.sample_audit if self.sample_audit is not None else self.on_loopback

    @property
    def resolved_strong_model(self) -> bool:
        if self.strong_model is not None:
            return self.strong_model
        return self.resolved_llm_provider in ("openai", "azure")

    @cached_property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'upward.db').resolve()}"

    @property
    def sample_dir(self) -> Path:
        return self.knowledge_dir / "sample"

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def bm25_path(self) -> Path:
        return self.data_dir / "bm25"


def is_loopback(host: str) -> bool:
    """Is `host` a loopback address or name (127.0.0.0/8, ::1, localhost)?"""
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment, with explicit overrides (used by tests and the CLI)."""
    return Settings(**overrides)  # type: ignore[arg-type]
