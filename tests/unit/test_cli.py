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


def test_an_unknown_audience_is_a_clear_error(knowledge_copy):
    env = {"UPWARD_DATA_DIR": str(knowledge_copy)}
    result = runner.invoke(app, ["case", "--audience", "the tea lady"], env=env)
    assert result.exit_code == 2 and "unknown audience 'the tea lady'" in result.output
    result = runner.invoke(app, ["rehearse", "--objection", "nope", "--reply", "x"], env=env)
    assert result.exit_code == 2 and "unknown objection type 'nope'" in result.output


def test_objections_lists_the_taxonomy(knowledge_copy):
    result = runner.invoke(app, ["objections"], env={"UPWARD_DATA_DIR": str(knowledge_copy)})
    assert result.exit_code == 0 and "waste_of_time" in result.output and "legal_restrictions" in result.output


def test_listen_refuses_a_file_without_a_text_column_and_imports_nothing(knowledge_copy, tmp_path):
    bad = tmp_path / "comments.csv"
    bad.write_text("Date,Platform,Likes\n2026-01-01,Facebook,3\n")
    env = {"UPWARD_DATA_DIR": str(knowledge_copy)}
    from bot.config import load_settings
    from bot.service import UpwardService

    before = UpwardService(load_settings(data_dir=knowledge_copy)).listening.active_id()
    result = runner.invoke(app, ["listen", str(bad)], env=env)
    assert result.exit_code == 1 and "Nothing was imported" in result.output and "comments.csv" in result.output
    assert UpwardService(load_settings(data_dir=knowledge_copy)).listening.active_id() == before
