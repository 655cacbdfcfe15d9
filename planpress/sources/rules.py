"""The rules a document controller checks beyond the schema.

They run on schema-valid data (so shapes are known) and report Chinese problems at the value
concerned. Warnings do not fail a build; errors do.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from .. import dates
from ..problems import Location, Problem, error, warning
from . import blocks, numbering, tree
from .marks import UNKNOWN
from .names import CONTACT_CARD, GENERATED_BODIES, meaning_of
from .suggest import did_you_mean
from .versions import Version
from .yamlsource import SourceFile, format_field


# A clause number typed at the start of a text: "5.4.5 完善…", "a.办公场所…", "b）…".
_TYPED_NUMBER = re.compile(r"^\s*(\d+(\.\d+)+\s*|[a-z][.．)）]\s*)")
# The fields that make an approval of each kind (typed: an old-format or imported record).
APPROVAL_KINDS = {"signed": ("statement", "signature"), "paper": ("paper",), "typed": ("name", "date", "fingerprint")}


def check_config(source: SourceFile, archived: bool = False) -> list[Problem]:
    """planpress.yaml (or the settings frozen in an archive, `archived`)."""
    problems = []
    if not archived:
        problems += _timestamp_service(source)
    try:
        re.compile(source.data["document_number_pattern"])
    except re.error as exc:
        problems.append(error(source.at(("document_number_pattern",)), "document_number_pattern",
                              f"文件编号格式不是有效的正则表达式（{exc.msg}）。",
                              "例如 '^[A-Z]+(-[A-Z]+)*-[0-9]{3}$'；整个值用单引号括起来。"))
    if "frame" in source.data:
        problems += _frame_problems(source, ("frame",))
    categories: dict[str, str] = {}
    for name, frame in (source.data.get("frames") or {}).items():
        problems += _frame_problems(source, ("frames", name))
        for c, category in enumerate(frame.get("categories", ())):
            if category in categories:
                problems.append(error(source.at(("frames", name, "categories", c)), format_field(("frames", name, "categories", c)),
                                      f"文件类别“{category}”已经由框架“{categories[category]}”选用。",
                                      "一个类别只能自动选用一个框架；别的文件在文件里写 frame: 框架名。"))
            categories.setdefault(category, name)
    return problems


def _timestamp_service(source: SourceFile) -> list[Problem]:
    """Say it loudly while approvals get no trusted time (the outputs' approval tables say it too)."""
    import os

    from ..machine import TSA_URL_VARIABLE

    signatures = source.data.get("signatures") or {}
    if signatures.get("timestamp_service") or os.environ.get(TSA_URL_VARIABLE):
        return []
    path = ("signatures",) if "signatures" in source.data else ()
    return [warning(source.at(path) if path else Location(source.path, 1, 1), "signatures.timestamp_service",
                    "没有配置时间戳服务：新的审批和发布没有可信时间戳，签名时间只来自签署人电脑的时钟（可以被改成任何时间），"
                    "PDF 和站点的审核批准表也这样注明。",
                    "运行医院的时间戳服务（planpress tsa serve），在 planpress.yaml 的 signatures 下写 "
                    "timestamp_service: http://服务器地址:8900/（见使用手册 docs/manual/04-approvals.md“可信时间戳”）。")]


def _frame_problems(source: SourceFile, at: tuple) -> list[Problem]:
    """A frame must number each section once, generate each table once, draw a header whose rows
    are equally wide, and name numbering styles planpress knows."""
    frame = source.data
    for key in at:
        frame = frame[key]
    problems = []

    def add(path: tuple, message: str, hint: str) -> None:
        problems.append(error(source.at(at + path), format_field(at + path), message, hint))

    seen: dict[str, int] = {}
    bodies: dict[str, int] = {}
    for s, section in enumerate(frame["sections"]):
        key, body = section["key"], section.get("body", "clauses")
        if key in seen:
            add(("sections", s, "key"), f"节的键“{key}”与第 {seen[key] + 1} 节重复。", "每一节用不同的键。")
        seen.setdefault(key, s)
        if body in GENERATED_BODIES:
            if body in bodies:
                add(("sections", s, "body"), f"“{body}”已经由第 {bodies[body] + 1} 节生成。",
                    "附件列表、修订记录、审核批准各只能有一节。")
            bodies.setdefault(body, s)
            if section.get("optional"):
                add(("sections", s, "optional"), f"第 {s + 1} 节是自动生成的，不用写 optional。", "删除 optional。")
            if not section.get("title"):
                add(("sections", s), f"第 {s + 1} 节（{key}）是自动生成的表格或列表，要有标题。",
                    "加上 title，例如 title: 文件修订记录；不要编号时写 numbered: false。")
    for field in ("numbering", "item_numbering"):
        for i, sample in enumerate(frame.get(field, ())):
            if numbering.parse(sample) is None:
                shown = sample.get("style") if isinstance(sample, dict) else sample
                add((field, i), f"不认识编号样式“{shown}”。",
                    "照第一个号的样子写：1.1（与上一层连写）、第一章、第一条、（一）、一、、1.、（1）、①、a.、a)。")
    header = frame.get("header")
    if header is None:
        return problems
    widths = [sum(1 + cell.get("span", 1) for cell in row) for row in header]
    for r, width in enumerate(widths):
        if width != widths[0]:
            add(("header", r), f"表头第 {r + 1} 行占 {width} 格，第 1 行占 {widths[0]} 格，表格对不齐。",
                "每行的格数相同：一个标签占 1 格，它的值占 span 格（默认 1）。")
    fields: dict[str, tuple] = {}
    for r, row in enumerate(header):
        for c, cell in enumerate(row):
            if cell["field"] in fields:
                add(("header", r, c, "field"), f"表头里“{cell['field']}”出现了两次。", "每个字段只放一格。")
            fields.setdefault(cell["field"], (r, c))
    for needed in ("number", "version", "effective"):
        if needed not in fields:
            add(("header",), f"表头里没有 {needed}（文件编号、版本/修订、生效日期是受控文件必须写明的）。",
                f"在表头某一行加上 {{label: …, field: {needed}}}。")
    return problems


def check_directory(source: SourceFile) -> list[Problem]:
    problems = []
    campuses = list(source.data["campuses"])
    names: dict[str, str] = {}
    for key, entry in source.data["contacts"].items():
        for campus in entry.get("phones", {}):
            if campus not in campuses:
                problems.append(error(source.key_at(("contacts", key, "phones", campus)),
                                      format_field(("contacts", key, "phones", campus)),
                                      f"院区“{campus}”不在 campuses 里。",
                                      did_you_mean(campus, campuses) + f"已有的院区：{'、'.join(campuses)}。"))
        if entry["name"] in names:
            problems.append(warning(source.at(("contacts", key, "name")), format_field(("contacts", key, "name")),
                                    f"名称“{entry['name']}”与条目 {names[entry['name']]} 相同。",
                                    "同一科室只留一个条目；别的称呼在文件里用 mentions 链接到它。"))
        names.setdefault(entry["name"], key)
    return problems


_SEARCH_WORD = re.compile(r"^[^\s,，、;；]{1,20}$")


def check_synonyms(source: SourceFile) -> list[Problem]:
    """source/synonyms.yaml beyond its schema: each group's word is a single word, no word twice in
    a group, and no word both searched for and ignored."""
    problems = []
    ignored = source.data.get("ignore") or []
    seen_ignored: dict[str, int] = {}
    for index, word in enumerate(ignored):
        if word in seen_ignored:
            problems.append(warning(source.at(("ignore", index)), format_field(("ignore", index)),
                                    f"“{word}”在 ignore 里写了两次。", "删去重复的一项。"))
        seen_ignored.setdefault(word, index)
    for key, words in (source.data.get("synonyms") or {}).items():
        path = ("synonyms", key)
        if not _SEARCH_WORD.match(str(key)):
            problems.append(error(source.key_at(path), format_field(path),
                                  f"“{key}”不是一个词：每一行冒号前只写预案里的一个词，不能有空格或逗号，最多 20 个字。",
                                  "例如 火灾: [着火, 失火]；几个词要分开时各写一行。"))
            continue
        seen = {str(key): None}
        for index, word in enumerate(words):
            if word in seen:
                where = "与这一行的词相同" if seen[word] is None else "在这一行写了两次"
                problems.append(warning(source.at(path + (index,)), format_field(path + (index,)),
                                        f"“{word}”{where}。", "删去重复的一项。"))
            seen.setdefault(word, index)
        for word in seen:
            if word in seen_ignored:
                problems.append(warning(source.at(path), format_field(path),
                                        f"“{word}”也写在 ignore 里：搜索时会被忽略，这一行对它不起作用。",
                                        f"从 ignore 里删去“{word}”，或从这一行删去它。"))
    return problems


class DocumentRules:
    """Checks one document against the frame, the directory, the settings and today's date."""

    def __init__(self, source: SourceFile, directory: SourceFile, number_pattern: str, today: dt.date,
                 frame, people: Mapping[str, Mapping[str, str]] | None = None):
        """`frame`: the model's Frames of the settings (the document's frame is chosen from them),
        or one Frame. `people`: the roster's entries by key (None: the roster could not be read;
        signatories are then not checked against it)."""
        self.source = source
        self.people = people
        self.data = source.data
        self.campus_names: dict[str, str] = directory.data["campuses"]
        chosen = self.data.get("campuses")
        # the document's campuses; unknown keys are reported by campuses() and left out here
        self.campuses = [c for c in self.campus_names if chosen is None or c in chosen]
        self.contacts = directory.data["contacts"]
        self.number_pattern = number_pattern
        self.today = today
        self.frames = frame
        self.frame = frame.choose(self.data) if hasattr(frame, "choose") else frame
        self.problems: list[Problem] = []
        self.scenario_keys: dict[str, tuple] = {}  # scenario key → where it is first used

    def run(self) -> list[Problem]:
        self.number()
        self.frame_name()
        self.sections()
        self.depth()
        self.campus_keys()
        self.texts()
        self.contact_references()
        self.block_rules()
        self.attachments()
        self.versions_and_dates()
        self.approvals()
        self.review()
        self.postings()
        return self.problems

    # -- helpers ---------------------------------------------------------------------------

    def error(self, path: tuple, message: str, hint: str = "", key: bool = False) -> None:
        where = self.source.key_at(path) if key else self.source.at(path)
        self.problems.append(error(where, format_field(path), message, hint))

    def warn(self, path: tuple, message: str, hint: str = "") -> None:
        self.problems.append(warning(self.source.at(path), format_field(path), message, hint))

    def campus_list(self, keys=None) -> str:
        return "、".join(self.campus_names[c] for c in (keys or self.campuses))

    def contact_key(self, path: tuple, key: str, campuses_needed: bool = False) -> None:
        if key not in self.contacts:
            self.error(path, f"通讯录里没有“{key}”。",
                       did_you_mean(key, list(self.contacts)) + "可用的键见 source/contacts.yaml。")
            return
        if campuses_needed:
            entry = self.contacts[key]
            missing = [c for c in self.campuses if "phone" not in entry and c not in entry["phones"]]
            for campus in missing:
                self.error(path, f"“{entry['name']}”（{key}）在{self.campus_names[campus]}没有电话号码，"
                                 f"而本文件适用于{self.campus_list()}，要按院区显示号码。",
                           f"在 source/contacts.yaml 的 {key}.phones 下补上 {campus}: \"号码\"；"
                           "或者，如果本文件不适用于这个院区，用 campuses 写明它适用的院区。")

    # -- rules -----------------------------------------------------------------------------

    def number(self) -> None:
        number = self.data["number"]
        if not re.fullmatch(self.number_pattern, number):
            self.error(("number",), f"文件编号“{number}”不符合医院的编号格式。",
                       f"编号格式见 source/planpress.yaml（{self.number_pattern}），例如 H-J-YA-028。")
        if self.source.path.stem != number:
            self.error(("number",), f"文件编号“{number}”与文件名“{self.source.path.name}”不一致。",
                       f"把文件改名为 {number}.yaml，或改正编号。")

    def frame_name(self) -> None:
        name = self.data.get("frame")
        named = list(getattr(self.frames, "named", {}))
        if name is not None and name not in named:
            self.error(("frame",), f"planpress.yaml 里没有叫“{name}”的框架。",
                       did_you_mean(name, named) + (f"已有的框架：{'、'.join(named)}。" if named else
                                                   "planpress.yaml 的 frames 下还没有别的框架；删除这一行就用默认框架。"))

    def frame_place(self) -> str:
        """Where the document's frame is written, for hints."""
        if self.frame.name:
            return f"source/planpress.yaml 的 frames.{self.frame.name}.sections"
        return "source/planpress.yaml 的 frame.sections"

    def depth(self) -> None:
        """Clauses deeper than the frame's numbering styles reach."""
        reach = self.frame.numbering.depth
        if reach is None:
            return
        top = {s.key: (2 if s.takes_number else 1) for s in self.frame.sections}
        for path, level in tree.levels(self.data, top):
            if level > reach:
                styles = self.frame.numbering
                self.error(path, f"这一条在第 {level} 层，框架“{self.frame.name}”只规定了 {reach} 层条款的编号"
                                 f"（{styles.samples(styles.levels)}）。",
                           "把它写成上一层条款的列表（items），或在 planpress.yaml 的这个框架的 numbering 里加一层。")
                return

    def sections(self) -> None:
        """Each section of the frame is filled in as its body asks; nothing else is written."""
        written = self.data.get("sections") or {}
        frame = {s.key: s for s in self.frame.sections}
        fillable = [s.key for s in self.frame.written]
        for key, value in written.items():
            path = ("sections", key)
            section = frame.get(key)
            if section is None or section.body in GENERATED_BODIES:
                generated = {"attachments": "attachments（附件）", "revisions": "revisions（修订记录）",
                             "approvals": "signatories 和 approvals（审批）"}
                hint = (f"{section.named(self.frame.sections.index(section) + 1)}由 "
                        f"{generated[section.body]} 自动生成，不在 sections 里写。删除这一项。") if section else \
                    did_you_mean(key, fillable) + f"框架（{self.frame_place()}）里的节：{'、'.join(fillable)}。"
                self.error(path, f"“{key}”不是要在这里填写的节。", hint, key=True)
                continue
            title = section.named(self.frame.sections.index(section) + 1)
            if section.body == "text":
                if not isinstance(value, str) and not all(isinstance(v, str) for v in value):
                    self.error(path, f"{title}只写段落文字，不写条款。",
                               "写一段文字，或几段文字的列表（每段以“- ”开头）；不要写 title、clauses 或 type。")
                elif _none(value) and not section.optional:
                    self.error(path, f"{title}不能为“无”。", "填写这一节的内容。")
            elif isinstance(value, str) and not _none(value):
                self.error(path, f"{title}应写成条款的列表。",
                           f"把内容写成列表，每条以“- ”开头，例如\n      {key}:\n        - {value[:20]}")
            elif _none(value) and not section.optional:
                self.error(path, f"{title}不能为空或“无”。", "填写这一节的条款。")
        for section in self.frame.written:
            if section.key not in written and not section.optional:
                number = self.frame.sections.index(section) + 1
                self.error(("sections",), f"缺少{section.named(number)}（sections.{section.key}）。",
                           f"在 sections 下加上 {section.key}: …（框架见 {self.frame_place()}）。")

    def campus_keys(self) -> None:
        for c, key in enumerate(self.data.get("campuses") or []):
            if key not in self.campus_names:
                self.error(("campuses", c), f"院区“{key}”不在通讯录的 campuses 里。",
                           did_you_mean(key, list(self.campus_names)) + f"已有的院区：{'、'.join(self.campus_names)}。")

    def texts(self) -> None:
        for path, text in tree.texts(self.data):
            match = _TYPED_NUMBER.match(text)
            if match:
                self.error(path, f"正文开头手写了条款编号“{match.group(0).strip()}”。",
                           "条款编号由 planpress 自动生成：删除开头的编号，只保留正文。")

    def contact_references(self) -> None:
        for path, text, mentions in tree.mentions(self.data):
            for wording, key in mentions.items():
                self.contact_key(path + ("mentions", wording), key)
                if wording not in text:
                    self.error(path + ("mentions", wording), f"正文里没有“{wording}”这几个字，无法链接。",
                               "mentions 的左边要照抄正文里的称呼，例如 总务处: general-affairs。", key=True)
                elif wording.isdigit() and key in self.contacts:
                    entry = self.contacts[key]
                    numbers = {entry["phone"]} if "phone" in entry else set(entry["phones"].values())
                    if numbers != {wording}:
                        self.error(path + ("mentions", wording),
                                   f"正文里的号码“{wording}”与通讯录 {key} 的号码（{'、'.join(sorted(numbers))}）不一致。",
                                   "改正文或通讯录，使两者一致。")

    def block_rules(self) -> None:
        """Each node and each attachment checked by its block type (model/blocks)."""
        for path, node in tree.nodes(self.data):
            blocks.node_type(node).check(self, path, node)
        for a, attachment in enumerate(self.data["attachments"]):
            kind = blocks.attachment_kind(attachment)
            if kind is not None:
                kind.check_attachment(self, ("attachments", a), attachment)

    def attachments(self) -> None:
        seen: dict[str, int] = {}
        for a, attachment in enumerate(self.data["attachments"]):
            code = attachment["code"]
            if code in seen:
                self.error(("attachments", a, "code"), f"附件编号“{code}”与附件 {seen[code] + 1} 重复。", "每个附件用不同的编号。")
            seen.setdefault(code, a)
            kind = blocks.attachment_kind(attachment)
            for owner in blocks.attachment_kinds():
                for field, what in owner.secondary_fields.items():
                    if field in attachment and owner is not kind:
                        self.error(("attachments", a, field), f"{field}（{what}）只能写在{owner.label}（{owner.name}）附件里。",
                                   f"删除 {field}，或把它移到{owner.label}附件。", key=True)

    def versions_and_dates(self) -> None:
        version = Version.parse(self.data["version"])
        effective = _date(self.data["effective"])
        revised = _date(self.data.get("revised"))
        rows = self.data["revisions"]
        previous: Version | None = None
        last_date: dt.date | None = None
        for r, row in enumerate(rows):
            row_version = Version.parse(row["version"])
            row_date = _date(row["date"])
            if previous and row_version not in (previous.next(), previous.next(major=True)):
                self.error(("revisions", r, "version"),
                           f"修订记录的版本跳号：{previous} 之后是 {row_version}。",
                           f"下一版应为 {previous.next()}（小改）或 {previous.next(major=True)}（改版）。")
            if last_date and row_date and row_date < last_date:
                self.error(("revisions", r, "date"), f"修订日期 {row_date} 早于上一行的 {last_date}。",
                           "修订记录按时间先后排列。")
            previous, last_date = row_version, row_date or last_date
        if rows:
            if previous != version:
                self.error(("version",), f"版本是 {version}，但修订记录最后一行是 {previous}。",
                           "版本/修订与修订记录最后一行应一致；修订请用 planpress revise。")
            if revised != last_date:
                self.error(("revised",) if "revised" in self.data else ("version",),
                           f"修订日期应为修订记录最后一行的日期 {last_date}，现在是 {revised or '空'}。",
                           f"把 revised 改为 {last_date}。")
        else:
            if version != Version("A", 0):
                self.error(("version",), f"版本是 {version}，但修订记录是空的。",
                           "首版是 A/0；之后每次修订都要在 revisions 里记一行（planpress revise 会自动添加）。")
            if revised:
                self.error(("revised",), "首版（没有修订记录）的修订日期应为空。", "删除 revised 的值。")
        if effective and revised and revised > effective:
            self.error(("revised",), f"修订日期 {revised} 晚于生效日期 {effective}。",
                       "先修订、再批准、后生效：生效日期应不早于修订日期。")
        if self.data["effective"] is None:
            self.no_effective_date()

    def no_effective_date(self) -> None:
        self.warn(("effective",), "还没有填写生效日期。",
                  "审批批准的内容包括生效日期：请在审批前填写计划生效日期，例如 effective: 2026-12-01。")

    def approvals(self) -> None:
        signatories: dict[str, dict] = {}
        for s, signatory in enumerate(self.data["signatories"]):
            if signatory["role"] in signatories:
                self.error(("signatories", s, "role"), f"审批角色“{signatory['role']}”重复了。",
                           "每个角色只写一次；同一角色要几个人签时，用不同的角色名（例如 审核1、审核2）。")
            signatories.setdefault(signatory["role"], signatory)
            self.signatory(s, signatory)
        effective = _date(self.data["effective"])
        seen: set[str] = set()
        for a, approval in enumerate(self.data["approvals"]):
            role = approval["role"]
            if role not in signatories:
                self.error(("approvals", a, "role"), f"审批角色“{role}”不在 signatories 里。",
                           did_you_mean(role, list(signatories)) + f"可用的角色：{'、'.join(signatories)}。")
                continue
            if role in seen:
                self.error(("approvals", a, "role"), f"“{role}”的审批重复了。", "每个角色只保留一条当前版本的审批。")
            seen.add(role)
            kinds = [kind for kind, fields in APPROVAL_KINDS.items() if any(f in approval for f in fields)]
            if len(kinds) != 1:
                self.error(("approvals", a), f"“{role}”的审批应是签署人的数字签名（statement 和 signature）"
                                              f"或纸质签批（paper）{'之一，不能混写' if kinds else ''}。",
                           f"数字签名由 planpress approve {self.data['number']} --role {role} --p12 本人证书.p12 写入；"
                           "电子签批启用前已在纸上签批的版本写 paper: {date: 签批日期, original: 原件存放处}。")
                continue
            kind = kinds[0]
            if kind == "signed":
                for field in ("statement", "signature"):
                    if field not in approval:
                        self.error(("approvals", a), f"“{role}”的数字签名缺少 {field}。",
                                   "审批声明和签名由 planpress approve 一起写入，不能手改：用 git 恢复，或请签署人重新审批。")
            elif kind == "paper":
                day = _date(approval["paper"]["date"])
                if day and effective and day > effective:
                    self.error(("approvals", a, "paper", "date"), f"纸质签批日期 {day} 晚于生效日期 {effective}。",
                               "文件须先批准后生效：核对纸质原件上的签批日期。")
                if UNKNOWN in str(approval["paper"]["original"]):
                    self.unknown_original(a, role, str(approval["paper"]["original"]))
            elif "name" not in approval or "date" not in approval:
                self.error(("approvals", a), f"“{role}”的审批缺少{'姓名（name）' if 'name' not in approval else '日期（date）'}。",
                           f"请签署人用本人证书审批：planpress approve {self.data['number']} --role {role} --p12 本人证书.p12。")
        missing = [role for role in signatories if role not in seen]
        if missing:
            self.missing_approvals(missing)

    def signatory(self, s: int, signatory: dict) -> None:
        """A signatory names a roster person (whose name the document prints) and what the signature means."""

        path = ("signatories", s)
        person, role = signatory.get("person"), signatory["role"]
        if "meaning" not in signatory and meaning_of(role) is None:
            self.error(path + ("role",), f"从角色“{role}”看不出这一栏签名的含义。",
                       "加上 meaning: 审核、meaning: 批准 或 meaning: 主办（角色是“主办”、含“审核”或含“批准”时可以不写）。")
        if person is None:
            if "name" not in signatory:
                self.error(path, f"“{role}”没有写签署人（person）。",
                           "写名册（source/people.yaml）里这个人的键，例如 person: liu-yingen；姓名、部门、职务取自名册。")
                return
            if "title" not in signatory:
                self.error(path, f"“{role}”没有写职务（title）。", "加上 title: 职务，或改用名册里的人（person）。")
            self.unlisted_signatory(path, signatory)
            return
        if self.people is None:
            return  # the roster has errors of its own, reported on people.yaml
        if person not in self.people:
            self.error(path + ("person",), f"名册里没有“{person}”这个人。",
                       did_you_mean(person, list(self.people)) + "签署人须先登记在 source/people.yaml 的 people 里"
                       "（姓名、部门、职务和本人的证书），见使用手册 docs/manual/04-approvals.md“签署人名册”。")
            return
        listed = self.people[person]["name"]
        if "name" in signatory and signatory["name"] != listed:
            self.error(path + ("name",), f"签署人 {person} 在名册里叫“{listed}”，这里写的是“{signatory['name']}”。",
                       "姓名以名册为准：删除 name（或写成与名册完全一致）；人员变动时改 person 并重新审批。")

    def unlisted_signatory(self, path: tuple, signatory: dict) -> None:
        self.warn(path, f"“{signatory['role']}”的签署人 {signatory['name']} 没有登记到名册，不能签署电子审批，输出将标为草稿。",
                  "在 source/people.yaml 的 people 里登记这个人（姓名、部门、职务和本人的证书），"
                  "然后把 name 改成 person: 名册里的键。")

    def unknown_original(self, a: int, role: str, original: str) -> None:
        """A paper approval whose original is still 待核对 (as `planpress import` writes it)."""
        self.warn(("approvals", a, "paper", "original"), f"“{role}”的纸质签批还没有写明原件存放在哪里（写的是“{original}”）。",
                  "核对纸质原件，写明签字原件存放的部门、档案柜或盒号（审计时要能找到它），然后才能转录发布。")

    def missing_approvals(self, roles: list[str]) -> None:
        self.warn(("approvals",), f"还缺少{'、'.join(roles)}的审批，输出将标为草稿。",
                  f"签署人确认内容后用本人证书审批：planpress approve {self.data['number']} --role 角色 --p12 本人证书.p12。")

    def review(self) -> None:
        effective = _date(self.data["effective"])
        if not effective:
            return
        due = dates.add_years(effective, self.data["review_cycle_years"])
        if due < self.today:
            self.warn(("effective",),
                      f"定期评审已逾期：应于 {due} 前评审（生效 {effective}，周期 {self.data['review_cycle_years']} 年）。",
                      "组织评审；需要修改时用 planpress revise 形成新版本。")

    def postings(self) -> None:
        cards = tree.scenario_keys(self.data) + [CONTACT_CARD]
        seen: set[tuple[str, str]] = set()
        for p, posting in enumerate(self.data.get("postings", [])):
            campus = posting["campus"]
            if campus not in self.campus_names:
                self.error(("postings", p, "campus"), f"院区“{campus}”不存在。",
                           did_you_mean(campus, list(self.campus_names)) + f"已有的院区：{'、'.join(self.campus_names)}。")
            elif campus not in self.campuses and self.campuses:  # (no valid campus at all: reported above)
                self.error(("postings", p, "campus"), f"本文件只适用于{self.campus_list()}，不能张贴到{self.campus_names[campus]}。",
                           "删除这个张贴位置，或在 campuses 里加上这个院区。")
            for c, card in enumerate(posting["cards"]):
                if card not in cards:
                    self.error(("postings", p, "cards", c), f"没有叫“{card}”的卡片。",
                               did_you_mean(card, cards) + f"可用的卡片：{'、'.join(cards)}。")
            place = (posting["location"], campus)
            if place in seen:
                self.warn(("postings", p, "location"), f"{posting['location']}（{campus}）重复列出。",
                          "同一地点合并成一条，用 copies 写份数。")
            seen.add(place)


class ArchivedDocumentRules(DocumentRules):
    """The rules for a frozen snapshot (source/archive/<number>/<version>.yaml): the same content
    rules, but named by its folder and version, and no reminders meant for the working copy."""

    def number(self) -> None:
        number = self.data["number"]
        if not re.fullmatch(self.number_pattern, number):
            self.error(("number",), f"文件编号“{number}”不符合医院的编号格式。", "存档不应修改：用 git 恢复这个文件。")
        if self.source.path.parent.name != number:
            self.error(("number",), f"存档里的文件编号“{number}”与文件夹“{self.source.path.parent.name}”不一致。",
                       "存档由 planpress release 写入，不应移动或修改：用 git 恢复这个文件。")
        slug = Version.parse(self.data["version"]).slug
        if self.source.path.stem != slug:
            self.error(("version",), f"存档里的版本 {self.data['version']} 与文件名“{self.source.path.name}”不一致。",
                       f"这个版本的存档应名为 {slug}.yaml；存档不应修改：用 git 恢复这个文件。")

    def no_effective_date(self) -> None:
        self.error(("effective",), "发布的版本没有生效日期。", "存档不应修改：用 git 恢复这个文件。")

    def unknown_original(self, a: int, role: str, original: str) -> None:
        self.error(("approvals", a, "paper", "original"), f"发布的版本里“{role}”的纸质签批没有写明原件存放在哪里。",
                   "存档不应修改：用 git 恢复这个文件。")

    def missing_approvals(self, roles: list[str]) -> None:
        self.error(("approvals",), f"发布的版本缺少{'、'.join(roles)}的审批。", "存档不应修改：用 git 恢复这个文件。")

    def unlisted_signatory(self, path: tuple, signatory: dict) -> None:
        self.error(path, f"发布的版本里“{signatory['role']}”的签署人 {signatory['name']} 不在这一版冻结的名册里（people）。",
                   "存档不应修改：用 git 恢复这个文件。")

    def review(self) -> None:
        """The review reminder is for the version in force, reported on its working copy."""


def check_release_record(snapshot: SourceFile) -> list[Problem]:
    """The release record of a snapshot names the version the snapshot holds."""
    recorded, held = snapshot.data["release"]["version"], snapshot.data["document"]["version"]
    if recorded != held:
        return [error(snapshot.at(("release", "version")), "release.version",
                      f"发布记录写的是 {recorded}，存档里的文件却是 {held}。",
                      "存档由 planpress release 写入，不应修改：用 git 恢复这个文件。")]
    return []


def check_numbers_unique(documents: list[SourceFile]) -> list[Problem]:
    """A document number names one file only."""
    first: dict[str, SourceFile] = {}
    problems = []
    for source in documents:
        number = source.data.get("number") if isinstance(source.data, dict) else None
        if not isinstance(number, str):
            continue
        if number in first:
            other = first[number]
            problems.append(error(source.at(("number",)), "number",
                                  f"文件编号“{number}”已被 {Location(other.path, *other.value_marks.get(('number',), (0, 0)))} 使用。",
                                  "每个受控文件的编号必须唯一：换一个未用过的编号。"))
        else:
            first[number] = source
    return problems


def _date(value) -> dt.date | None:
    try:
        return dates.parse(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _none(value) -> bool:
    """An empty section: [] or 无."""
    return value == [] or (isinstance(value, str) and value.strip() in ("无", "无。"))
