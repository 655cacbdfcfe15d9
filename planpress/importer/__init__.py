"""`planpress import`: a Word file, a PDF or text extracted from one into source/<number>.yaml.

    sniff → reader (docx / pdf / txt) → stream → structure (header, frame, clause trees, generated
    sections, appendices; contacts, scenarios; signatories as roster persons) → writer (YAML with
    review comments) + report → completeness proof (every text of the original printed or
    reported); additions to contacts.yaml and planpress.yaml (card styles, a chapter–article frame),
    marked 待核对.
    people.yaml is never written: roster entries for new signatories are proposed in the report.

Readers are imported only for the format at hand (a .txt never loads pdfplumber or python-docx).
Nothing is written unless the whole import succeeded; an existing file is kept unless `force`.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import os
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
    proposed_people: list[str] = dataclasses.field(default_factory=list)  # roster entries proposed in the report
    paper: list[str] = dataclasses.field(default_factory=list)  # roles with a paper approval to complete
    new_frames: list[str] = dataclasses.field(default_factory=list)  # frames added to planpress.yaml (chapter–article)

    def writes(self) -> list[tuple[Path, str]]:
        """(file, new text) of everything the import changes; the document last."""
        planned = [(self.contacts_path, self.contacts_text), (self.config_path, self.config_text), (self.path, self.text)]
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
        write: bool = True, title: str | None = None) -> Result:
    """Import `path`; when writing, under the repository's exclusive lock (the import may add to
    contacts.yaml and planpress.yaml, which every document shares)."""
    if not write:
        return _run(path, root, number, out, force, write, title)
    from ..locks import repository_lock

    with repository_lock(root, "planpress import"):
        return _run(path, root, number, out, force, write, title)


def _run(path: Path, root: Path, number: str | None, out: Path | None, force: bool, write: bool,
         title: str | None) -> Result:
    from . import contacts, frame, frames, glyphs, signers, structure, styles, writer
    from ..sources.limits import MAX_BYTES
    path = Path(path)
    root = Path(root)
    stream = read_stream(path)
    if not any(getattr(item, "text", "").strip() or getattr(item, "rows", None) for item in stream.items):
        raise failure(path, "文件里没有可导入的文字。", "检查是否选错了文件。")
    size = sum(len(original.text.encode("utf-8")) for original in stream.originals)
    if size > MAX_BYTES:  # the YAML holds all of it: it could not be written (check refuses such a file)
        raise failure(path, f"原文的文字有 {size / 1024 / 1024:.1f} MB，超过一份受控文件的上限（{MAX_BYTES // 1024 // 1024} MB），"
                      "导入什么都没有写。", "检查是否选错了文件；一份很长的原文请按章节分成几份受控文件分别导入。")
    report = Report(path)
    stamps: dict[str, list] = {}
    for place, text, why in stream.dropped:
        if why.startswith("状态标记"):
            stamps.setdefault(text, []).append(place)
            continue
        if why.startswith("图形"):
            report.unplaced(place, f"原文这里有{why}。", "流程图请在 YAML 里用 type: flow 重画（见格式说明）；图片不导入。")
        else:
            report.note(place, f"{why}“{text[:30]}”不是正文，没有导入。", texts=[text])
    for text, places in stamps.items():
        pages = "、".join(str(p.page) for p in places if p.page is not None)
        report.note(places[0], f"第 {pages} 页的印章或水印“{text[:12]}”不是正文，没有导入（状态由 planpress 判断）。", texts=[text])
    directory = contacts.Directory.load(root)
    roster = signers.Roster.load(root)
    hospital_frame = frame.load(root)
    settings = frames.Settings.load(root)
    try:
        data, scenario_places = structure.recognise(stream, hospital_frame, directory, report, number,
                                                    roster, signers.electronic_since(root), title, settings)
    except Exception as exc:  # noqa: BLE001 - a shape the recogniser trips over: the text still comes in whole
        if os.environ.get("PLANPRESS_DEBUG"):
            raise
        report = Report(path)
        directory = contacts.Directory.load(root)
        roster = signers.Roster.load(root)
        settings = frames.Settings.load(root)
        data, scenario_places = structure.verbatim(stream, hospital_frame, report, number, title, exc), {}
    glyphs.printable(data, report)
    number = data["number"]
    if not number:
        raise failure(path, "原文里找不到文件编号（文件编号 H-J-YA-028 这样的一栏），不知道该写成哪个文件。",
                      "用 --number 指定编号，例如：planpress import 文件.docx --number H-J-ZD-001")
    if not data.get("title"):
        raise failure(path, "原文里找不到文件名称（标题）。", "用 --title 指定，例如：planpress import 文件.docx --title 门禁卡管理规定；"
                      "或把文件改名为“编号 标题.docx”再导入。")
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
    writer.verify(text, data)
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise failure(path, f"导入的文件会有 {len(text.encode('utf-8')) / 1024 / 1024:.1f} MB，超过源文件的上限（{MAX_BYTES // 1024 // 1024} MB，"
                      "planpress check 会拒绝它），导入什么都没有写。", "一份很长的原文请按章节分成几份受控文件分别导入。")
    additions = contacts.additions_text(directory, number, path)
    contacts_path = contacts_text = None
    if additions:
        contacts_path = directory.path
        old = contacts_path.read_text("utf-8") if contacts_path.exists() else "campuses: {}\ncontacts:\n"
        contacts_text = contacts.with_additions(old, additions)
    framed = settings.new_text()  # a chapter–article frame the document needs
    card_styles = styles.plan(root, data, number, scenario_places, report, path, framed)
    config_text = card_styles.text if card_styles.text is not None else framed
    prove(stream, target, text, root, contacts_text, report, config_text)
    new = [e.key for e in directory.entries.values() if e.new]
    result = Result(target, number, text, data, report, contacts_path, contacts_text, new,
                    settings.path if config_text is not None else None, config_text,
                    [p.key for p in card_styles.proposals], [f"{p.key}（{p.name}）" for p in roster.proposed],
                    [a["role"] for a in data.get("approvals", []) if "paper" in a],
                    [name for name, _, _ in settings.added])
    if write:
        write_all(result.writes(), {p: _bytes(p) for p, _ in result.writes()})
    return result


def prove(stream, target: Path, text: str, root: Path, contacts_text: str | None, report: Report,
          config_text: str | None = None) -> None:
    """The completeness proof (planpress.importer.completeness): every piece of the original's
    text is printed by `text` (with the directory and settings import writes) or listed in the
    report; otherwise import fails and writes nothing."""
    from .completeness import gaps, printed_text
    printed = printed_text(target, text, root, contacts_text, config_text)
    missing = gaps(stream.originals, printed, [t for _, t in report.left_out()])
    if not missing:
        return
    shown = "\n".join(f"    {gap.place}：“{gap.sentence[:60]}”（缺：{'、'.join(gap.pieces)[:40]}）" for gap in missing[:12])
    more = f"\n    ……还有 {len(missing) - 12} 处" if len(missing) > 12 else ""
    raise failure(stream.path, f"导入没有通过完整性检查：原文有 {len(missing)} 处文字既不在导入的文件里，也没有列在报告里。"
                  f"为免丢字，导入什么都没有写：\n{shown}{more}",
                  "这是 planpress 导入程序的问题，不是原文的问题：请把原文发给维护者。需要马上用时，可以把原文另存为纯文本（.txt）再导入，"
                  "导入后对照原文核对。")


def _mode_for(path: Path) -> int:
    """The permission bits a rewritten file keeps, or a new file gets under the process's umask
    (rw-r--r-- under 022), as if it had been opened for writing."""
    import stat
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return 0o666 & ~_umask()


def _umask() -> int:
    try:  # Linux tells it without changing it
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    current = os.umask(0o022)
    os.umask(current)
    return current


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

    staged: list[tuple[Path, Path]] = []
    replaced: list[Path] = []
    try:
        for path, text in writes:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
            os.chmod(name, _mode_for(path))  # mkstemp makes 600: keep the file's mode, or the umask's
            staged.append((Path(name), path))
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
