"""The HTML pack in a real browser: headless Chromium renders it to PNG and prints it to PDF.

Skipped when no Chromium is installed (.ci/run installs Debian's `chromium` when it can).
"""

import re
import shutil
import subprocess

import pytest

from conftest import run

BROWSER = next((shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome") if shutil.which(name)),
               None)
pytestmark = [pytest.mark.slow, pytest.mark.skipif(BROWSER is None, reason="no Chromium installed")]


def headless(*args, cwd):
    command = [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
               f"--user-data-dir={cwd / 'profile'}", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.fixture
def pack(tmp_path):
    path = tmp_path / "pack.html"
    result = run("report", "-c", "kz", "-c", "uz", "-c", "us", "-t", "minerals", "-o", str(path),
                 env={"SOURCE_DATE_EPOCH": "1762992000"})
    assert result.exit_code == 0, result.stderr
    return path


def test_the_pack_renders_to_a_png(pack, tmp_path):
    png = tmp_path / "pack.png"
    done = headless("--window-size=1000,1400", f"--screenshot={png}", pack.as_uri(), cwd=tmp_path)
    assert png.is_file(), done.stderr[-2000:]
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1000, 1400)
    assert len(data) > 50_000  # text, tables and rules, not a blank page


def test_the_pack_prints_a_page_per_brief(pack, tmp_path):
    pdf = tmp_path / "pack.pdf"
    done = headless("--no-pdf-header-footer", f"--print-to-pdf={pdf}", pack.as_uri(), cwd=tmp_path)
    assert pdf.is_file(), done.stderr[-2000:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
    assert pages >= 1 + 4 + 1  # contents and matrix, each of the four briefs on its own page, the sources
    assert b"/URI" in data  # the source links survive into the PDF
