"""`planpress import` as a whole process: the seed text and a 10-page Word file (target < 1 s each),
and PDFs (no target: pdfplumber reads every character's position, so a PDF takes longer than a
Word file of the same length; the time is reported as measured)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from register import REPO
from run import Benchmark, planpress


def _project(target: Path) -> Path:
    (target / "source").mkdir(parents=True, exist_ok=True)
    for name in ("contacts.yaml", "planpress.yaml", "people.yaml"):
        shutil.copy(REPO / "source" / name, target / "source" / name)
    return target


def _roster_without_the_seeds_signatories(project: Path) -> Path:
    """The hospital's roster less 孙晓琳 and 刘迎恩: importing the seed adds them (and loads pypinyin
    for their keys). Returns the file to restore before each run."""
    import re
    text = (REPO / "source" / "people.yaml").read_text("utf-8")
    for key in ("sun-xiaolin", "liu-yingen"):
        text = re.sub(rf"  {key}:\n(?:    .*\n)+", "", text)
    saved = project.parent / "people-without-seed-signatories.yaml"
    saved.write_text(text, "utf-8")
    return saved


def _word_file(target: Path) -> Path:
    """A policy of ten pages (its content prints on 10 pages in planpress's PDF): the test policy with
    its procedures repeated nine times."""
    sys.path.insert(0, str(REPO / "tests"))
    import importdocs
    content = list(importdocs.POLICY)
    start = next(i for i, c in enumerate(content) if c[1] == "5.1")
    end = next(i for i, c in enumerate(content) if c[1] == "6")
    body = content[start:end]
    repeated = []
    for n in range(1, 10):
        for kind, typed, text in body:
            if kind in ("c2", "c3", "c4"):
                parts = typed.split(".")
                parts[1] = str(int(parts[1]) + 4 * (n - 1))
                typed = ".".join(parts)
            repeated.append((kind, typed, text))
    path = target / "policy-10-pages.docx"
    importdocs.write(path, content[:start] + repeated + content[end:], "H-J-ZD-015", "医疗安全不良事件报告制度", automatic=False,
                     version="A / 1", revised="2023年2月15日")
    return path


def _pdfs(workdir: Path) -> dict[str, Path]:
    """The project's PDF of H-J-YA-028 (5 pages) and the example H-J-YA-031's (8 pages, with a
    flowchart and a watermark), built once by `planpress build --only pdf` (not timed)."""
    found = {}
    for name, sources in (("repo", REPO), ("examples", REPO / "examples")):
        root = workdir / f"pdf-{name}"
        shutil.copytree(sources / "source", root / "source")
        shutil.copytree(REPO / "templates", root / "templates")
        env = dict(os.environ, PLANPRESS_TODAY="2024-01-01")
        subprocess.run(planpress("--root", str(root), "build", "--only", "pdf"), check=True, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        found.update({pdf.parent.name: pdf for pdf in (root / "build").glob("*/*.pdf")})
    return found


def _pages(pdf: Path) -> str:
    import pypdf
    return f"{len(pypdf.PdfReader(pdf).pages)} 页"


def benchmarks(workdir: Path) -> list[Benchmark]:
    project = _project(workdir / "import")
    seed = REPO / "tests" / "fixtures" / "seed" / "H-J-YA-028.txt"
    word = _word_file(workdir)
    roster_project = _project(workdir / "import-new-people")
    roster = _roster_without_the_seeds_signatories(roster_project)
    out = [
        Benchmark("import seed text", planpress("import", str(seed), "--out", str(workdir / "seed.yaml"), "--force"),
                  project, target_seconds=1.0),
        Benchmark("import seed text, new roster people", planpress("import", str(seed), "--out", str(workdir / "seed-new.yaml"), "--force"),
                  roster_project, target_seconds=1.0,
                  prepare=lambda: shutil.copy(roster, roster_project / "source" / "people.yaml")),
        Benchmark("import 10-page Word file", planpress("import", str(word), "--out", str(workdir / "word.yaml"), "--force"),
                  project, target_seconds=1.0),
    ]
    pdfs = _pdfs(workdir)
    examples = _project(workdir / "import-examples")
    shutil.copy(REPO / "examples" / "source" / "contacts.yaml", examples / "source" / "contacts.yaml")
    shutil.copy(REPO / "examples" / "source" / "planpress.yaml", examples / "source" / "planpress.yaml")
    for number, root in (("H-J-YA-028", project), ("H-J-YA-031", examples)):
        pdf = pdfs[number]
        out.append(Benchmark(f"import PDF {number}", planpress("import", str(pdf), "--out", str(workdir / f"{number}-pdf.yaml"), "--force"),
                             root, note=lambda pdf=pdf: _pages(pdf)))
    return out
