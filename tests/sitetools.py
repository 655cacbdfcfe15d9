"""Helpers for the site tests: stand-in PDF/card files, a local web server, and Chromium.

The PDF and card builders are written in parallel with the site; until they are merged, the
tests put stand-in files where planpress.outputs says those builders write, so the site's
download links and card previews can be checked. (Switch to the real builders after merging.)
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

from PIL import Image, ImageDraw
from pypdf import PdfWriter

from conftest import run_cli
from planpress import outputs
from planpress.builders import BUILD_DIR
from planpress.model import Project

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def _pdf(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with path.open("wb") as stream:
        writer.write(stream)


def _png(path: Path, label: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", (420, 594), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((8, 8, 411, 585), outline="red", width=6)
    draw.text((24, 24), label, fill="black")
    image.save(path)


def make_standin_outputs(project: Project, pdf: bool = True, cards: bool = True) -> list[Path]:
    """Stand-ins for what the PDF and card builders write into build/, at the paths they use."""
    build = project.root / BUILD_DIR
    made = []
    for doc in project.documents:
        if pdf:
            made.append(outputs.pdf_path(build, doc))
            _pdf(made[-1])
        if not cards:
            continue
        for campus in doc.campuses:
            for card in [s.key for s in doc.scenarios] + [outputs.CONTACT_CARD]:
                made.append(outputs.card_path(build, doc, card, campus.key, suffix=".pdf"))
                _pdf(made[-1])
                made.append(outputs.card_path(build, doc, card, campus.key, suffix=".png"))
                _png(made[-1], f"stand-in {doc.number} {card} {campus.key}")
            made.append(outputs.bundle_path(build, doc, campus.key))
            _pdf(made[-1])
    return made


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 at a free port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def inject_markup(root: Path) -> None:
    """Markup where a careless page generator would let it run: a step, two titles, a name.

    Written as an editor would: a released version is changed through a revision."""
    revised = run_cli("revise", "H-J-YA-028", "--reason", "测试：正文里的标记", root=root)
    assert revised.status == 0, revised.stderr
    doc = root / "source" / "H-J-YA-028.yaml"
    text = doc.read_text("utf-8")
    text = text.replace("title: 病案保护及信息安全应急预案\n",
                        "title: '病案保护</title><script>window.__pp_xss=3</script>应急预案'\n", 1)
    text = text.replace("      title: 火灾\n", "      title: '火灾<img src=x onerror=\"window.__pp_xss=2\">'\n", 1)
    text = text.replace("        - text: 报警后要安排", "        - text: <script>window.__pp_xss=1</script>报警后要安排", 1)
    doc.write_text(text, "utf-8")
    contacts = root / "source" / "contacts.yaml"
    contacts.write_text(contacts.read_text("utf-8").replace(
        "    name: 保卫科\n", "    name: '保卫科<i onmouseover=\"window.__pp_xss=4\">x</i>'\n"), "utf-8")
