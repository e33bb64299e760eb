"""`add` under faults: killed or interrupted mid-way, run twice at once, and at full scale."""

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from conftest import BBC, c5brief, corrupted, needs_bbc

pytestmark = pytest.mark.slow

FILES = 1500


def start_add(folder, library, **kw):
    # A session of its own, so a signal reaches the command and its workers, as from a terminal.
    return subprocess.Popen([sys.executable, "-m", "c5brief", "add", str(folder), "--library", str(library)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True, **kw)


def write_articles(folder, count, tag="doc"):
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        paragraphs = [f"Report {tag} {n} on the Caspian",
                      f"Officials in Aktau described shipment {tag}{n} of grain across the Caspian Sea.",
                      f"Kazakh rail operators said route {n} would link to the Middle Corridor by {2026 + n % 4}."]
        (folder / f"{tag}{n:04d}.txt").write_text("\n\n".join(paragraphs) + "\n")
    return folder


def documents_in(library) -> int:
    path = library / "library.sqlite"
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            return db.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error:
        return 0


def assert_whole(library):
    """Sound SQLite, and every document stored with all of its paragraphs and nothing else."""
    with sqlite3.connect(library / "library.sqlite") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        partial = db.execute(
            "SELECT d.id FROM documents d LEFT JOIN paragraphs p ON p.rowid >= d.first_paragraph "
            "AND p.rowid < d.first_paragraph + d.paragraph_count GROUP BY d.id "
            "HAVING count(p.rowid) != d.paragraph_count").fetchall()
        orphans = db.execute("SELECT count(*) FROM paragraphs p WHERE NOT EXISTS (SELECT 1 FROM documents d "
                             "WHERE p.rowid >= d.first_paragraph AND p.rowid < d.first_paragraph + "
                             "d.paragraph_count)").fetchone()[0]
    assert partial == [] and orphans == 0


def interrupt_mid_add(tmp_path, sig):
    folder = write_articles(tmp_path / "articles", FILES)
    library = tmp_path / "lib"
    process = start_add(folder, library)
    deadline = time.monotonic() + 60
    while documents_in(library) == 0 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    os.killpg(process.pid, sig)
    _, stderr = process.communicate(timeout=60)
    return folder, library, process.returncode, stderr


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_an_interrupted_add_keeps_whole_documents_and_resumes(tmp_path, sig):
    folder, library, code, stderr = interrupt_mid_add(tmp_path, sig)
    stored = documents_in(library)
    assert 0 < stored < FILES, "the add was not caught mid-way; nothing was tested"
    assert_whole(library)
    if sig != signal.SIGKILL:  # SIGTERM and SIGHUP are taken as Ctrl-C is, and exit 128 + the signal
        assert code == 128 + sig
        assert f"Interrupted; kept what was stored: {stored} added" in stderr
        assert "Traceback" not in stderr
    again = c5brief("add", str(folder), "--library", str(library))
    assert again.returncode == 0, again.stderr
    assert again.stderr.strip().endswith(f"{FILES - stored} added, 0 updated, {stored} unchanged, 0 refused")
    assert documents_in(library) == FILES
    answer = c5brief("ask", "shipment doc7 grain", "--library", str(library), "-f", "json")
    assert json.loads(answer.stdout)["results"][0]["title"] == "Report doc 7 on the Caspian"


@pytest.mark.parametrize("engine", ["rank-bm25", "tantivy"])
def test_two_adds_at_once_both_land(tmp_path, engine):
    library = tmp_path / "lib"
    env = {**os.environ, "C5BRIEF_ENGINE": engine}
    first = start_add(write_articles(tmp_path / "one", 300, "one"), library, env=env)
    second = start_add(write_articles(tmp_path / "two", 300, "two"), library, env=env)
    results = [p.communicate(timeout=120) + (p.returncode,) for p in (first, second)]
    for _, stderr, code in results:
        assert code == 0, stderr
        assert stderr.strip().endswith("300 added, 0 updated, 0 unchanged, 0 refused")
    assert documents_in(library) == 600
    assert_whole(library)
    listed = c5brief("sources", "--library", str(library), "--no-seeds", "-f", "json", env=env)
    assert len(json.loads(listed.stdout)["documents"]) == 600  # the index holds every one of them, once
    answer = c5brief("ask", "shipment two7 grain", "--library", str(library), "-f", "json", "-k", "1", env=env)
    assert json.loads(answer.stdout)["results"][0]["title"] == "Report two 7 on the Caspian"


def test_a_damaged_library_is_reported_by_every_command_and_kept(tmp_path):
    library = tmp_path / "lib"
    library.mkdir()
    (library / "library.sqlite").write_bytes(b"\x00garbage" * 512)
    for args in (["add", str(write_articles(tmp_path / "a", 1))], ["ask", "Caspian"], ["sources"], ["remove", "abcd"]):
        result = c5brief(*args, "--library", str(library))
        assert result.returncode == 2
        [line] = result.stderr.strip().splitlines()
        assert line.startswith("Error: the library ") and str(library / "library.sqlite") in line
        assert "Traceback" not in result.stderr
    assert (library / "library.sqlite").read_bytes() == b"\x00garbage" * 512


@needs_bbc()
def test_adding_all_of_bbc_news_then_asking(tmp_path):
    library = tmp_path / "lib"
    added = c5brief("add", str(BBC.parent), "--library", str(library), "-f", "json")
    assert added.returncode == 0, added.stderr[-2000:]
    report = json.loads(added.stdout)
    outcomes = [d["outcome"] for d in report["documents"]]
    assert report["refused"] == [] and outcomes.count("added") > 2000
    assert outcomes.count("added") + outcomes.count("duplicate") == len(outcomes)
    answer = c5brief("ask", "Which country uses invisible ink to stop people voting twice?",
                     "--library", str(library), "-f", "json", "-k", "3")
    top = json.loads(answer.stdout)["results"][0]
    assert top["title"] == "Ink helps drive democracy in Asia"
    assert "invisible ink" in top["text"]
    shown = c5brief("show", top["id"], "--library", str(library), "-f", "json")
    assert json.loads(shown.stdout)["paragraphs"][0]["text"] == top["text"]


@pytest.mark.skipif(not shutil.which("script"), reason="needs script(1) for a terminal")
def test_progress_shows_on_a_terminal_only(tmp_path):
    folder = write_articles(tmp_path / "articles", 200)
    command = f"{sys.executable} -m c5brief add {folder} --library {tmp_path / 'lib'}"
    on_terminal = subprocess.run(["script", "-qec", command, "/dev/null"], capture_output=True, text=True).stdout
    assert "adding" in on_terminal and "200 added" in on_terminal
    again = c5brief("add", str(folder), "--library", str(tmp_path / "lib"))  # stderr is a pipe
    assert again.stderr == "0 added, 0 updated, 200 unchanged, 0 refused\n"
    quiet = subprocess.run(["script", "-qec", command + " --quiet", "/dev/null"], capture_output=True, text=True)
    assert quiet.stdout.strip() == ""


def segment_synced(cache, engine):
    """How far the library's index has got (-1: not started), or None before it exists."""
    slug = "tantivy" if engine == "tantivy" else "rankbm25"
    for path in cache.glob(f"library-*-{slug}.sqlite"):
        try:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
                row = db.execute("SELECT value FROM meta WHERE key = 'synced'").fetchone()
                return int(row[0]) if row else -1
        except sqlite3.Error:
            return None
    return None


@pytest.mark.parametrize("engine", ["rank-bm25", "tantivy"])
def test_a_build_killed_half_way_is_finished_by_the_next_query(tmp_path, engine):
    folder = write_articles(tmp_path / "articles", FILES)
    library, cache = tmp_path / "lib", tmp_path / "cache"
    env = {**os.environ, "C5BRIEF_CACHE_DIR": str(cache), "C5BRIEF_ENGINE": engine}
    elsewhere = {**env, "C5BRIEF_CACHE_DIR": str(tmp_path / "x")}
    stored = c5brief("add", str(folder), "--library", str(library), env=elsewhere)
    assert stored.returncode == 0, stored.stderr
    # The library is full; now build its index in a fresh cache and kill the build mid-way.
    process = subprocess.Popen([sys.executable, "-m", "c5brief", "ask", "Caspian", "--library", str(library)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while (segment_synced(cache, engine) or -1) < 0 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate(timeout=60)
    got = segment_synced(cache, engine)
    assert got is not None and 0 <= got < FILES, "the build was not caught mid-way; nothing was tested"
    answer = c5brief("ask", "shipment doc7 grain", "--library", str(library), "-f", "json", "-k", "3", env=env)
    assert answer.returncode == 0, answer.stderr
    assert json.loads(answer.stdout)["results"][0]["title"] == "Report doc 7 on the Caspian"
    assert segment_synced(cache, engine) == FILES  # every document is in the index now
    listed = c5brief("sources", "--library", str(library), "--no-seeds", "-f", "json", env=env)
    assert len(json.loads(listed.stdout)["documents"]) == FILES


def test_add_to_a_randomly_damaged_library_changes_no_byte(tmp_path):
    library = tmp_path / "lib"
    assert c5brief("add", str(write_articles(tmp_path / "a", 300)), "--library", str(library)).returncode == 0
    data = (library / "library.sqlite").read_bytes()
    new = write_articles(tmp_path / "new", 2, "new")
    refused = 0
    for seed in range(8):
        copy = tmp_path / f"copy{seed}"
        copy.mkdir()
        damaged = corrupted(data, seed)
        (copy / "library.sqlite").write_bytes(damaged)
        with sqlite3.connect(f"file:{copy / 'library.sqlite'}?mode=ro", uri=True) as db:
            try:
                sound = db.execute("PRAGMA quick_check(1)").fetchone() == ("ok",)
            except sqlite3.DatabaseError:
                sound = False
        db.close()
        result = c5brief("add", str(new), "--library", str(copy))
        if sound:
            continue  # damage inside a paragraph's text: SQLite cannot see it, so neither can we
        refused += 1
        assert result.returncode == 2, result.stderr
        [line] = result.stderr.strip().splitlines()
        assert line.startswith(f"Error: the library {copy / 'library.sqlite'} ")
        assert "nothing was written to it" in line or "cannot be read" in line
        assert (copy / "library.sqlite").read_bytes() == damaged, f"seed {seed}: written to"
    assert refused >= 4, "the corruption was too mild to test anything"


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("mount"), reason="needs root to mount a small tmpfs")
def test_a_full_disk_is_reported_as_full_and_keeps_whole_documents(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)]).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        library = disk / "lib"
        result = c5brief("add", str(write_articles(tmp_path / "a", FILES)), "--library", str(library))
        assert result.returncode == 2
        [line] = result.stderr.strip().splitlines()
        assert line.startswith(f"Error: cannot write the library {library / 'library.sqlite'}: no space left on device")
        assert "damaged" not in line and "mv " not in line
        assert 0 < documents_in(library) < FILES
        assert_whole(library)
        answer = c5brief("ask", "shipment doc7 grain", "--library", str(library), "-f", "json", "-k", "1")
        assert answer.returncode == 0, answer.stderr  # a full disk is still read
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=True)


@pytest.mark.parametrize("sig, said", [(signal.SIGINT, "Interrupted."), (signal.SIGTERM, "Interrupted (SIGTERM)."),
                                       (signal.SIGHUP, "Interrupted (SIGHUP).")])
def test_a_signal_during_an_index_build_exits_128_plus_it_and_leaves_nothing_half_written(tmp_path, sig, said):
    folder = write_articles(tmp_path / "articles", FILES)
    library, cache = tmp_path / "lib", tmp_path / "cache"
    env = {**os.environ, "C5BRIEF_CACHE_DIR": str(cache)}
    elsewhere = {**env, "C5BRIEF_CACHE_DIR": str(tmp_path / "x")}
    stored = c5brief("add", str(folder), "--library", str(library), env=elsewhere)
    assert stored.returncode == 0, stored.stderr
    process = subprocess.Popen([sys.executable, "-m", "c5brief", "country", "kazakhstan", "--library", str(library)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                               start_new_session=True)
    deadline = time.monotonic() + 60
    while (segment_synced(cache, "rank-bm25") or -1) < 0 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    os.killpg(process.pid, sig)
    stdout, stderr = process.communicate(timeout=60)
    got = segment_synced(cache, "rank-bm25")
    assert got is not None and 0 <= got < FILES, "the build was not caught mid-way; nothing was tested"
    assert process.returncode == 128 + sig  # not click's "Aborted!" and 1, which means "nothing found"
    assert stderr.strip().splitlines() == [said] and stdout == ""
    [segment] = cache.glob("library-*.sqlite")
    with sqlite3.connect(f"file:{segment}?mode=ro", uri=True) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        # Whole batches only: every document recorded has all its paragraphs and postings.
        assert db.execute("SELECT count(*) FROM paragraphs").fetchone()[0] == \
            db.execute("SELECT coalesce(sum(paragraph_count), 0) FROM documents").fetchone()[0]
        assert db.execute("SELECT count(*) FROM forward").fetchone()[0] == \
            db.execute("SELECT count(*) FROM paragraphs").fetchone()[0]
    db.close()
    assert sorted(p.name for p in cache.iterdir() if not p.name.startswith(("library-", "seeds-"))) == []
    answer = c5brief("ask", "shipment doc7 grain", "--library", str(library), "-f", "json", "-k", "1", env=env)
    assert answer.returncode == 0, answer.stderr
    assert json.loads(answer.stdout)["results"][0]["title"] == "Report doc 7 on the Caspian"
    assert segment_synced(cache, "rank-bm25") == FILES


def corpus_documents(cache):
    """How many documents the --corpus segment holds so far (None before it exists)."""
    for path in cache.glob("corpus-*.sqlite"):
        try:
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
                row = db.execute("SELECT value FROM meta WHERE key = 'documents'").fetchone()
                return int(row[0]) if row else 0
        except sqlite3.Error:
            return None
    return None


def test_sigterm_to_the_process_group_during_a_corpus_build_does_not_hang(tmp_path):
    # The workers die with the parent; one killed while reading a large task held the pool's queue
    # lock, and Pool.terminate waited for it for good.
    folder = write_articles(tmp_path / "articles", 3000)
    cache = tmp_path / "cache"
    env = {**os.environ, "C5BRIEF_CACHE_DIR": str(cache)}
    process = subprocess.Popen([sys.executable, "-m", "c5brief", "ask", "Caspian", "--corpus", str(folder),
                                "--no-seeds"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                               start_new_session=True)
    deadline = time.monotonic() + 60
    while not corpus_documents(cache) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    os.killpg(process.pid, signal.SIGTERM)
    try:
        _, stderr = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail("the interrupted build hung")
    got = corpus_documents(cache)
    assert got is not None and 0 < got < 3000, "the build was not caught mid-way; nothing was tested"
    assert process.returncode == 143 and stderr.strip().splitlines() == ["Interrupted (SIGTERM)."]
