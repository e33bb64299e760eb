"""Settings: the config file, its precedence below the environment and options, and `c5brief config`."""

import json
import os
import re
import subprocess
import sys

import pytest

from conftest import run


@pytest.fixture
def config_file(tmp_path, monkeypatch):
    path = tmp_path / "config.toml"
    monkeypatch.setenv("C5BRIEF_CONFIG", str(path))
    return path


def test_config_file_sets_defaults_and_env_and_options_win(config_file):
    config_file.write_text('format = "json"\nlimit = 2\n')
    assert len(json.loads(run("ask", "Central Asia").stdout)["results"]) == 2
    assert len(json.loads(run("ask", "Central Asia", env={"C5BRIEF_LIMIT": "3"}).stdout)["results"]) == 3
    assert len(json.loads(run("ask", "Central Asia", "-k", "4").stdout)["results"]) == 4
    assert run("ask", "Central Asia", "-f", "md").stdout.startswith("\n# Central Asia")
    assert run("country", "KZ").stdout.startswith("{")  # format applies to every command that has it


def test_config_seeds_false_and_library(config_file, tmp_path):
    (tmp_path / "a.txt").write_text("Aral\n\nThe Aral Sea shrank.\n")
    config_file.write_text(f'seeds = false\nlibrary = "{tmp_path / "lib"}"\n')
    assert run("add", str(tmp_path / "a.txt")).exit_code == 0
    assert (tmp_path / "lib" / "library.sqlite").exists()
    listed = json.loads(run("sources", "-f", "json").stdout)["documents"]
    assert [d["title"] for d in listed] == ["Aral"]


def test_config_command_says_where_each_setting_comes_from(config_file):
    config_file.write_text('limit = 7\ncolor = "never"\n')
    report = json.loads(run("config", "-f", "json", env={"C5BRIEF_FORMAT": "text"}).stdout)
    sources = {s["key"]: (s["value"], s["from"]) for s in report["settings"]}
    assert sources["limit"] == (7, f"config {config_file}")
    assert sources["format"] == ("text", "env C5BRIEF_FORMAT")
    assert sources["length"] == (300, "default")
    assert report["config_found"] is True
    text = run("config").stdout
    assert f"config file: {config_file}" in text and re.search(r"limit\s+7\s+config", text)
    assert run("config", "--path").stdout == f"{config_file}\n"


@pytest.mark.parametrize("content, message", [
    ("limit = ", "not valid TOML"),
    ('formt = "json"', "unknown setting 'formt'; did you mean format?"),
    ('limit = "many"', "limit must be a whole number"),
    ('format = "html"', "format must be one of rich, md, text, json, jsonl; not 'html'"),
    ('color = "blue"', "color must be one of auto, always, never; not 'blue'"),
    ('engine = "lucene"', "engine must be one of auto, rank-bm25, tantivy; not 'lucene'"),
    ("limit = 0", "limit must be from 1 to 1000, not 0"),
    ("length = 10", "length must be from 30 to 5000, not 10"),
    ("x = " + "[" * 50_000 + "]" * 50_000, "nested too deeply to be a config file"),
])
def test_a_bad_config_file_is_one_line_naming_it(config_file, content, message):
    config_file.write_text(content)
    for args in (["ask", "Caspian"], ["config"]):
        result = run(*args)
        assert result.exit_code == 2
        [line] = result.stderr.strip().splitlines()
        assert line.startswith(f"Error: config file {config_file}") and message in line


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_a_config_file_that_is_not_a_regular_file_is_refused_not_read(tmp_path, monkeypatch, special):
    import os

    path = special
    if special == "fifo":
        path = str(tmp_path / "config.toml")
        os.mkfifo(path)  # nobody writes to it: reading would wait for good
    monkeypatch.setenv("C5BRIEF_CONFIG", path)
    result = run("ask", "Caspian")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [f"Error: config file {path}: not a regular file"]


def test_add_and_remove_bring_up_to_date_the_index_queries_use(config_file, tmp_path, cache_dir):
    # With the corpus and gazetteer set in the config file, `add` must build the very index a
    # later `ask` opens: one index file after an add and an ask, not two.
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "b.txt").write_text("Balkhash\n\nLake Balkhash is shrinking too.\n")
    config_file.write_text(f'corpus = ["{extra}"]\nlibrary = "{tmp_path / "lib"}"\n')
    (tmp_path / "a.txt").write_text("Aral\n\nThe Aral Sea shrank.\n")
    assert run("add", str(tmp_path / "a.txt")).exit_code == 0
    built = sorted(cache_dir.glob("*.sqlite"))
    assert [p.name.split("-")[0] for p in built] == ["corpus", "library", "seeds"]
    answer = json.loads(run("ask", "Aral Balkhash", "-f", "json").stdout)
    assert {r["title"] for r in answer["results"]} == {"Aral", "Balkhash"}
    assert sorted(cache_dir.glob("*.sqlite")) == built
    doc_id = next(r["doc"] for r in answer["results"] if r["title"] == "Aral")
    assert run("remove", doc_id).exit_code == 0
    assert sorted(cache_dir.glob("*.sqlite")) == built  # updated in place, nothing rebuilt
    assert run("ask", "Aral", "-f", "json").exit_code == 1
    assert sorted(cache_dir.glob("*.sqlite")) == built


def test_the_config_help_example_works_on_a_fresh_install(tmp_path):
    """`printf ... > "$(c5brief config --path)"`: the folder does not exist yet, so --path makes it."""
    folder = tmp_path / "home" / ".config" / "c5brief"
    assert not folder.exists()
    example = next(line.strip() for line in run("config", "--help").stdout.splitlines() if "printf" in line)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "c5brief").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m c5brief "$@"\n')
    (bin_dir / "c5brief").chmod(0o755)
    env = {**os.environ, "PATH": os.pathsep.join([str(bin_dir), os.environ["PATH"]]),
           "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(["sh", "-c", example], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert folder.is_dir() and "limit = 8" in (folder / "config.toml").read_text()
    assert len(json.loads(run("ask", "Central Asia", "-f", "json").stdout)["results"]) == 8  # from that file
