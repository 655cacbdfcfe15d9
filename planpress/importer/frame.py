"""The hospital's frame (header fields and the numbered sections 1..N) that import recognises:
`frame` of source/planpress.yaml, or the default of format v2."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

DEFAULT_HEADER = [
    [("文件类别", "category"), ("文件编号", "number")],
    [("制定部门", "owner"), ("发布部门", "publisher"), ("生效日期", "effective")],
    [("版本/修订", "version"), ("文件总页码", "pages"), ("修订日期", "revised")],
]
DEFAULT_SECTIONS = [
    ("purpose", "目的", "text", False),
    ("scope", "适用范围", "text", False),
    ("definitions", "定义/术语", "clauses", True),
    ("responsibilities", "权责", "clauses", False),
    ("procedures", "规程", "clauses", False),
    ("workflow", "工作流程", "clauses", True),
    ("references", "标准/依据", "clauses", False),
    ("forms", "表单附件", "attachments", False),
    ("revisions", "文件修订记录", "revisions", False),
    ("approvals", "审核批准", "approvals", False),
]
# other ways the originals write a header label
LABEL_VARIANTS = {"version": ["版本/修订", "版本/修订号", "版本号", "版 本"], "pages": ["文件总页码", "总页码", "总页数"],
                  "revised": ["修订日期"], "effective": ["生效日期", "实施日期"], "owner": ["制定部门", "起草部门", "编制部门"],
                  "publisher": ["发布部门"], "category": ["文件类别", "文件类型"], "number": ["文件编号"]}


@dataclasses.dataclass(frozen=True)
class Section:
    number: int
    key: str
    title: str
    body: str
    optional: bool

    def titles(self) -> list[str]:
        """The title and its parts ("定义/术语" → 定义/术语, 定义, 术语), normalised."""
        whole = squash(self.title)
        return [whole] + [squash(part) for part in re.split(r"[/／、]", self.title) if len(part) >= 2 and squash(part) != whole]


@dataclasses.dataclass(frozen=True)
class Frame:
    header: list[tuple[str, str]]   # (label, field) in reading order
    sections: list[Section]

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def labels(self) -> list[tuple[str, str]]:
        """(label as it may be written, field), longest first, including the usual variants."""
        pairs = {(label, field) for label, field in self.header}
        for field in {field for _, field in self.header}:
            pairs.update((variant, field) for variant in LABEL_VARIANTS.get(field, []))
        pairs.add(("文件名称", "title"))
        return sorted(pairs, key=lambda pair: -len(pair[0]))


def squash(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text).rstrip("：:")


def default() -> Frame:
    return Frame([pair for row in DEFAULT_HEADER for pair in row],
                 [Section(i, key, title, body, optional) for i, (key, title, body, optional) in enumerate(DEFAULT_SECTIONS, 1)])


def load(root: Path) -> Frame:
    """The frame of `root`/source/planpress.yaml, or the default when it has none (or cannot be read:
    `planpress check` reports that file's own problems)."""
    path = root / "source" / "planpress.yaml"
    try:
        from ruamel.yaml import YAML
        data = YAML(typ="safe", pure=False).load(path.read_text("utf-8")) if path.exists() else None
    except Exception:  # noqa: BLE001 - a broken planpress.yaml is check's business; import uses the default
        data = None
    frame = (data or {}).get("frame") if isinstance(data, dict) else None
    if not isinstance(frame, dict):
        return default()
    try:
        header = [(cell["label"], cell["field"]) for row in frame.get("header", []) for cell in row]
        sections = [Section(i, s["key"], s["title"], s.get("body", "clauses"), bool(s.get("optional")))
                    for i, s in enumerate(frame["sections"], 1)]
    except (KeyError, TypeError):
        return default()
    return Frame(header or default().header, sections or default().sections)
