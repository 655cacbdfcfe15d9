"""`planpress import`: a Word file, a PDF or text extracted from one into source/<number>.yaml.

    sniff → reader (docx / pdf / txt) → stream → structure (header, frame, clause trees, generated
    sections, appendices; contacts, scenarios; signatories as roster persons) → writer (YAML with
    review comments) + report; additions to contacts.yaml, planpress.yaml (card styles) and
    people.yaml (new signatories), all marked 待核对

Readers are imported only for the format at hand (a .txt never loads pdfplumber or python-docx).
Nothing is written unless the whole import succeeded; an existing file is kept unless `force`.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
from pathlib import Path

from .errors import failure
from .report import Report


@dataclasses.dataclass
class Result:
    path: Path                 # the document written (or that would be written: dry run)
    number: str
    text: str                  # its YAML text
    data: dict                 # the data it holds (with comments attached, see data.Map)
    report: Report
    contacts_path: Path | None  # source/contacts.yaml when entries were added
    contacts_text: str | None
    new_contacts: list[str]
    config_path: Path | None = None  # source/planpress.yaml when card styles were added
    config_text: str | None = None
    new_styles: list[str] = dataclasses.field(default_factory=list)
    people_path: Path | None = None  # source/people.yaml when signatories were added to the roster
    people_text: str | None = None
    new_people: list[str] = dataclasses.field(default_factory=list)
    paper: list[str] = dataclasses.field(default_factory=list)  # roles with a paper approval to complete

    def writes(self) -> list[tuple[Path, str]]:
        """(file, new text) of everything the import changes; the document last."""
        planned = [(self.contacts_path, self.contacts_text), (self.config_path, self.config_text),
                   (self.people_path, self.people_text), (self.path, self.text)]
        return [(path, text) for path, text in planned if path is not None and text is not None]


def read_stream(path: Path):
    from .sniff import kind_of
    kind = kind_of(path)
    if kind == "docx":
        from . import docx
        return docx.read(path)
    if kind == "pdf":
        from . import pdf
        return pdf.read(path)
    from . import txt
    return txt.read(path)


def run(path: Path, root: Path, number: str | None = None, out: Path | None = None, force: bool = False,
        write: bool = True) -> Result:
    """Import `path`; when writing, under the repository's exclusive lock (the import may add to
    contacts.yaml, planpress.yaml and people.yaml, which every document shares)."""
    if not write:
        return _run(path, root, number, out, force, write)
    from ..locks import repository_lock

    with repository_lock(root, "planpress import"):
        return _run(path, root, number, out, force, write)


def _run(path: Path, root: Path, number: str | None, out: Path | None, force: bool, write: bool) -> Result:
    from . import contacts, frame, signers, structure, styles, writer
    path = Path(path)
    root = Path(root)
    stream = read_stream(path)
    if not any(getattr(item, "text", "").strip() or getattr(item, "rows", None) for item in stream.items):
        raise failure(path, "文件里没有可导入的文字。", "检查是否选错了文件。")
    report = Report(path)
    stamps: dict[str, list] = {}
    for place, text, why in stream.dropped:
        if why.startswith("状态标记"):
            stamps.setdefault(text, []).append(place)
            continue
        if why.startswith("图形"):
            report.unplaced(place, f"原文这里有{why}。", "流程图请在 YAML 里用 type: flow 重画（见格式说明）；图片不导入。")
        else:
            report.note(place, f"{why}“{text[:30]}”不是正文，没有导入。")
    for text, places in stamps.items():
        pages = "、".join(str(p.page) for p in places if p.page is not None)
        report.note(places[0], f"第 {pages} 页的印章或水印“{text[:12]}”不是正文，没有导入（状态由 planpress 判断）。")
    directory = contacts.Directory.load(root)
    roster = signers.Roster.load(root)
    data, scenario_places = structure.recognise(stream, frame.load(root), directory, report, number,
                                                roster, signers.electronic_since(root))
    number = data["number"]
    if not number:
        raise failure(path, "原文里找不到文件编号（文件编号 H-J-YA-028 这样的一栏），不知道该写成哪个文件。",
                      "用 --number 指定编号，例如：planpress import 文件.docx --number H-J-ZD-001")
    if not data.get("title"):
        raise failure(path, "原文里找不到文件名称（标题）。", "检查文件开头是否有标题；没有时先在原文里补上标题再导入。")
    target = Path(out) if out else root / "source" / f"{number}.yaml"
    if target.exists() and not force:
        raise failure(target, f"{target.name} 已经存在，导入没有覆盖它。",
                      "要用导入的结果替换它，加 --force；或用 --out 写到别的文件，比较之后再决定。")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    header = [
        "yaml-language-server: $schema=../planpress/sources/schemas/document.schema.json",
        "",
        f"{number} {data['title']}",
        f"由 planpress import 从 {path.name}（{ {'docx': 'Word 文件', 'pdf': 'PDF', 'txt': '文本'}[stream.kind] }，"
        f"SHA-256 {digest}…）导入，{datetime.date.today().isoformat()}。",
        "条款编号由 planpress 按层次自动生成，原文的编号已去掉；标“待核对”的是导入推测的内容，请逐条核对后删掉这些注释。",
        "电话号码只写在 contacts.yaml；改完后运行 planpress check。",
    ]
    text = writer.document_text(data, header)
    _within_limits(path, target, text)
    writer.verify(text, data)
    additions = contacts.additions_text(directory, number, path)
    contacts_path = contacts_text = None
    if additions:
        contacts_path = directory.path
        old = contacts_path.read_text("utf-8") if contacts_path.exists() else "campuses: {}\ncontacts:\n"
        contacts_text = contacts.with_additions(old, additions)
    new = [e.key for e in directory.entries.values() if e.new]
    card_styles = styles.plan(root, data, number, scenario_places, report, path)
    people_text = roster.text(number, path)
    result = Result(target, number, text, data, report, contacts_path, contacts_text, new,
                    card_styles.path if card_styles.text is not None else None, card_styles.text,
                    [p.key for p in card_styles.proposals], roster.path if people_text is not None else None,
                    people_text, [f"{p.key}（{p.name}）" for p in roster.added],
                    [a["role"] for a in data.get("approvals", []) if "paper" in a])
    if write:
        write_all(result.writes(), {p: _bytes(p) for p, _ in result.writes()})
    return result


def _within_limits(path: Path, target: Path, text: str) -> None:
    """What import writes must be a file `check` can read: refuse before writing, not after."""
    from ..sources.limits import MAX_BYTES

    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise failure(path, f"导入的结果有 {size // 1024} KB，超过一个源文件 {MAX_BYTES // 1024} KB 的上限"
                            f"（planpress check 会拒绝它），所以没有写入 {target.name}。",
                      "一份受控文件通常只有几十 KB：检查是否选错了文件，或把原文拆成几份文件分别导入。")


def _bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def write_all(writes: list[tuple[Path, str]], read: dict[Path, bytes | None]) -> None:
    """All the files or none (the document, contacts.yaml, planpress.yaml, people.yaml): each new text is staged
    next to its file first; a file that changed since import read it is a conflict (nothing is
    written); if replacing one fails, the files already replaced get their old bytes back."""
    import os
    import tempfile

    from ..render.atomic import _copy_metadata
    staged: list[tuple[Path, Path]] = []
    replaced: list[Path] = []
    try:
        for path, text in writes:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
            staged.append((Path(name), path))
            if path.exists():  # a rewritten shared file keeps its mode and owner; a new file is 0644
                _copy_metadata(path, Path(name))
            else:
                os.chmod(name, 0o644)
        for path, _ in writes:
            if _bytes(path) != read.get(path):
                raise failure(path, f"{path.name} 在导入期间被修改了（可能有人在编辑器里保存了它），为免覆盖别人的修改，导入什么都没有写。",
                              "保存并关闭编辑器里的这个文件，然后重新导入。")
        failed = None
        try:
            for temporary, failed in staged:
                os.replace(temporary, failed)
                replaced.append(failed)
        except OSError as exc:
            for done in replaced:
                old = read.get(done)
                if old is None:
                    done.unlink(missing_ok=True)
                else:
                    done.write_bytes(old)
            raise failure(failed, f"写入 {failed.name} 失败（{exc.strerror or type(exc).__name__}），导入什么都没有改。",
                          "检查 source/ 文件夹的写入权限和磁盘空间，然后重新导入。") from None
    finally:
        for temporary, _ in staged:
            if temporary.exists():
                temporary.unlink()
