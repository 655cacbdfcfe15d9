"""A flowchart (model.Flow) as SVG, laid out by Graphviz's `dot`: shared by the PDF and the site.

The model says only which node leads where; `dot` places the boxes and routes the arrows, so no
coordinate is ever typed. Text is measured by Graphviz with the named font (its Pango plugin and
fontconfig), wrapped here at a width that suits Chinese, and escaped twice: for the DOT language
here, and for XML by Graphviz. The SVG is stripped of Graphviz's comments and version, so the same
flow gives the same bytes; results are cached under .cache/flowcharts/ by the DOT source.
"""

from __future__ import annotations

import functools
import hashlib
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

from ..model import Flow
from ..problems import SourceError, error

CACHE_DIR = Path(".cache", "flowcharts")
WRAP = 24  # display columns per line: 12 Chinese characters
SHAPES = {  # node kind → Graphviz attributes
    "start": 'shape=box, style="rounded,bold"',
    "end": 'shape=box, style="rounded,bold"',
    "step": "shape=box",
    "decision": "shape=diamond, margin=0.02",
}
INSTALL_HINT = "以 root 身份运行 make 会自动安装；或运行 apt-get install -y --no-install-recommends graphviz。"


def wrap(text: str, width: int = WRAP) -> list[str]:
    """Lines of at most `width` display columns (a Chinese character is two), broken after
    punctuation or before an opening bracket where possible, and never so that a line starts
    with closing punctuation (，。）… stay with the word before them)."""
    lines: list[str] = []
    line = ""
    for char in text:
        if _columns(line + char) > width and line and char not in _NO_LINE_START:
            cut = max((i + 1 for i, c in enumerate(line) if c in _BREAK_AFTER), default=0)
            cut = max(cut, max((i for i, c in enumerate(line) if c in _BREAK_BEFORE and i > 0), default=0))
            if cut and _columns(line[cut:] + char) <= width:  # carry the words after the break
                lines.append(line[:cut])
                line = line[cut:]
            else:
                lines.append(line)
                line = ""
        line += char
    if line:
        lines.append(line)
    return lines


_BREAK_AFTER = "，、；：。？！,;:?!）)」』"
_BREAK_BEFORE = "（(「『《"
_NO_LINE_START = "，、；：。？！,;:?!）)」』》"


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _quoted(text: str) -> str:
    """A DOT string: quotes and backslashes escaped (so \\N or \\G in a plan stay text)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _label(text: str) -> str:
    return _quoted("\n".join(wrap(text))).replace("\n", "\\n")


def dot_source(flow: Flow, font: str) -> str:
    ids = {node.key: f"n{index}" for index, node in enumerate(flow.nodes)}
    lines = [
        "digraph flow {",
        f"  graph [rankdir=TB, nodesep=0.3, ranksep=0.32, pad=0.05, bgcolor=transparent, fontname={_quoted(font)}];",
        f"  node [fontname={_quoted(font)}, fontsize=10.5, margin=\"0.14,0.06\", penwidth=0.8, color=black];",
        f"  edge [fontname={_quoted(font)}, fontsize=9.5, arrowsize=0.6, penwidth=0.8];",
    ]
    for node in flow.nodes:
        lines.append(f"  {ids[node.key]} [label={_label(node.text)}, {SHAPES[node.kind]}];")
    for node in flow.nodes:
        for label, target in node.targets:
            attributes = f" [label={_label(label)}]" if label else ""
            lines.append(f"  {ids[node.key]} -> {ids[target]}{attributes};")
    lines.append("}")
    return "\n".join(lines) + "\n"


def svg(flow: Flow, font: str, root: Path) -> str:
    """The flowchart as an <svg> element (no XML declaration), from the cache when it is there."""
    source = dot_source(flow, font)
    executable = shutil.which("dot")
    if executable is None:
        raise SourceError([error(flow.location, "flow", "画流程图要用 Graphviz（dot 命令），本机没有安装。", INSTALL_HINT)])
    key = hashlib.sha256((_version(executable) + "\0" + source).encode("utf-8")).hexdigest()
    cached = root / CACHE_DIR / f"{key}.svg"
    if cached.is_file():
        return cached.read_text("utf-8")
    try:
        result = subprocess.run([executable, "-Tsvg"], input=source.encode("utf-8"), capture_output=True,
                                timeout=60, check=False)
    except subprocess.TimeoutExpired:
        raise SourceError([error(flow.location, "flow", "流程图排版超时（超过 60 秒）。",
                                 "流程图的节点或箭头太多：拆成几张图。")]) from None
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise SourceError([error(flow.location, "flow", f"Graphviz 排不出这张流程图（{detail[0]}）。",
                                 "检查节点的 next 和 branches。")])
    text = _clean(result.stdout.decode("utf-8"))
    cached.parent.mkdir(parents=True, exist_ok=True)
    temporary = cached.with_suffix(f".{key[:8]}.tmp")
    temporary.write_text(text, "utf-8")
    temporary.replace(cached)
    return text


def _clean(document: str) -> str:
    """Only the <svg> element: no XML declaration, doctype, comments or generator version, and no
    <title> elements (Graphviz names each node and arrow with its internal id: tooltips of no use
    to a reader, and noise in the site's search index)."""
    start = document.index("<svg")
    body = re.sub(r"<!--.*?-->\s*", "", document[start:], flags=re.S)
    body = re.sub(r"<title>.*?</title>\s*", "", body, flags=re.S)
    return body.strip() + "\n"


@functools.cache
def _version(executable: str) -> str:
    result = subprocess.run([executable, "-V"], capture_output=True, check=False)
    return (result.stderr or result.stdout).decode("utf-8", "replace").strip()
