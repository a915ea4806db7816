"""The CLI in-process (typer's runner) over the real index; no language model needed here."""

import json

from typer.testing import CliRunner

from bot.cli import app

runner = CliRunner()


def test_missing_model_is_a_one_line_error_not_a_traceback(knowledge_copy, tmp_path):
    env = {"UPWARD_DATA_DIR": str(knowledge_copy), "UPWARD_LOCAL_MODEL_PATH": str(tmp_path / "no.gguf")}
    result = runner.invoke(app, ["ask", "Is social media a fad?"], env=env)
    assert result.exit_code == 1
    assert "GGUF model not found" in result.output and "Traceback" not in result.output


def test_unknown_kind_is_refused_before_anything_is_read(tmp_path):
    result = runner.invoke(app, ["ingest", str(tmp_path), "--kind", "blog"],
                           env={"UPWARD_DATA_DIR": str(tmp_path / "data")})
    assert result.exit_code == 2 and "Unknown kind 'blog'" in result.output
    assert not (tmp_path / "data").exists()


def test_sources_prints_a_stored_chunk(knowledge_copy):
    env = {"UPWARD_DATA_DIR": str(knowledge_copy)}
    from bot.config import load_settings
    from bot.service import UpwardService

    chunk = UpwardService(load_settings(data_dir=knowledge_copy)).store.all_chunks()[0]
    result = runner.invoke(app, ["sources", chunk.id], env=env)
    assert result.exit_code == 0 and json.loads(result.output)["text"] == chunk.text
    missing = runner.invoke(app, ["sources", "nope"], env=env)
    assert missing.exit_code == 1 and "No source with id 'nope'" in missing.output
