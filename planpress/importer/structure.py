"""The stream of a document into format-v2 data: the header block, the hospital's frame sections,
the clause trees, the generated sections and the appendices (planpress.importer.stream → data)."""

from __future__ import annotations

import dataclasses
import re

from . import articles, flows, forms, header, nodes, numbers, records, references, rejoin, scenarios, tree
from .contacts import Directory, contact_cell, contact_table, duty_note, mentions_in
from ..sources.marks import UNKNOWN
from .data import Map, Seq
from .frame import Frame, Section, squash
from .rejoin import Paragraph
from .report import Report
from .stream import Block, Figure, FormBlock, Para, Place, Stream, Table

APPENDIX = re.compile(r"^附\s*(?:件|表)\s*(?P<n>[0-9]{1,2}|[一二三四五六七八九十]{1,3})?\s*[：:、.．]?\s*(?P<rest>.*)$")
FRAME_MINIMUM = 3  # sections recognised for the document to count as written in the frame
NONE_TEXT = {"无", "无。", "无；", "暂无", "暂无。", "/", "—"}


@dataclasses.dataclass
class Appendix:
    heading: str
    ordinal: int | None
    place: Place
    entries: list


@dataclasses.dataclass
class Zones:
    header: list
    sections: dict[str, list]          # frame key → entries (the run-in rest of the heading first)
    places: dict[str, Place]
    appendices: list[Appendix]
    framed: bool


def full_text(entry: Para) -> str:
    return f"{entry.number} {entry.text}" if entry.number else entry.text


def frame_heading(entry, frame: Frame, after: int) -> tuple[Section, str] | None:
    """(section, run-in rest) when `entry` is the heading of a frame section later than `after`."""
    if isinstance(entry, Block):
        return None
    text = full_text(entry).strip()
    number, rest = numbers.split(text)
    if number is not None and (not number.decimal or len(number.parts) != 1):
        return None
    if number is None and not entry.heading:
        return None
    flat = squash(rest) if number is not None else squash(text)
    candidates = [s for s in frame.sections if s.number > after]
    if number is not None:
        candidates.sort(key=lambda s: s.number != number.parts[0])
    for section in candidates:
        for title in section.titles():
            if flat.startswith(title):
                # the rest after the title as written (spaces kept)
                written = rest if number is not None else text
                cut = _cut_after(written, title)
                tail = written[cut:].strip().lstrip("：:").strip()
                if number is None and tail:
                    continue
                if tail and not re.match(r"^[：:\s]", written[cut:]) and len(title) < 3:
                    continue
                return section, tail
    return None


def _cut_after(text: str, title: str) -> int:
    """Index in `text` just after `title` (whose characters may be spaced out)."""
    seen = 0
    for index, ch in enumerate(text):
        if ch.isspace() or ch == "\u3000":
            continue
        seen += 1
        if seen == len(title):
            return index + 1
    return len(text)


def split_zones(items: list, frame: Frame) -> Zones:
    zones = Zones([], {}, {}, [], False)
    current: list = zones.header
    last = 0
    for entry in items:
        if isinstance(entry, Para) and last >= len(frame.sections) - 2:
            match = APPENDIX.match(full_text(entry).strip())
            if match and (match.group("n") or not match.group("rest")):
                ordinal = match.group("n")
                ordinal = int(ordinal) if ordinal and ordinal.isdigit() else (numbers.chinese_number(ordinal) if ordinal else None)
                appendix = Appendix(match.group("rest").strip(), ordinal, entry.place, [])
                zones.appendices.append(appendix)
                current = appendix.entries
                continue
        found = frame_heading(entry, frame, last) if not zones.appendices else None
        if found:
            section, tail = found
            last = section.number
            current = zones.sections.setdefault(section.key, [])
            zones.places[section.key] = entry.place
            if tail:
                current.append(Para(tail, entry.place, full=entry.full))
            continue
        current.append(entry)
    zones.framed = len(zones.sections) >= FRAME_MINIMUM
    return zones


def paragraphs(entries: list, stream: Stream, keep_spaces: bool = False) -> list[Paragraph | Table]:
    """Entries as paragraphs (lines rejoined), tables and figures; flowcharts written as arrow text
    or drawn as a table of boxes and arrows become figures (planpress.importer.flows)."""
    out: list[Paragraph | Table] = []
    run: list[Para] = []
    entries = [flows.table_chart(e) or e if isinstance(e, Table) else e for e in entries]
    entries = forms.forms_in(entries)  # before rejoining: a form's lines are lines

    def flush():
        if not run:
            return
        if stream.lines_are_paragraphs:  # a form's blanks (第　　页) are spaces: kept there
            tidy = (lambda text: text.strip()) if keep_spaces else rejoin.tidy
            out.extend(Paragraph(tidy(full_text(p)), p.place, [p.place], p.number, p.heading) for p in run if p.text.strip() or p.number)
        else:
            out.extend(rejoin.paragraphs(run))
        run.clear()

    for entry in entries:
        if isinstance(entry, Block):
            flush()
            out.append(entry)
        else:
            run.append(entry)
    flush()
    return flows.charts_in_text(out)  # after rejoining: an arrow line a PDF broke in two is one line


CHAPTER = re.compile(r"^第\s*[一二三四五六七八九十百零〇两0-9]{1,4}\s*章(?!程)")
PART = re.compile(r"^第\s*[一二三四五六七八九十百零〇两0-9]{1,4}\s*节(?![日约点能])")
ARTICLE = re.compile(r"^第\s*[一二三四五六七八九十百零〇两0-9]{1,4}\s*条(?!款|件|例|规)")
TOC_LINE = re.compile(r"^.{2,60}?(?:\s*[.．。…·•\-—_]{4,}\s*|\s*…{2,}\s*)\d{1,3}$")
CONTENTS = re.compile(r"^目\s*录$")
RECORD_LABEL = re.compile(r"^(文件)?(修订|修改|变更)(记录|历史|履历)[：:]?$")
SIGNING_LABEL = re.compile(r"^(审核|审批|审核批准|签批|会签)(栏|记录|表)?[：:]?$")
REVIEW_CYCLE = re.compile(r"(?:每(?:隔)?\s*(?P<years>[一二两三四五六七八九十\d]{0,2})\s*年[^。；;]{0,16}?(?:评审|复审|审核|修订|回顾|评价|审查)"
                          r"|(?:评审|复审|修订)周期(?:为|是|：|:)?\s*(?P<years2>[一二两三四五六七八九十\d]{1,2})\s*年)")


PAGE_AFTER = re.compile(r"^(?P<head>.*?\S)\s*(?P<page>\d{1,3})$")


def _contents_run(items: list) -> set[int]:
    """Lines of a table of contents that a PDF or text file prints without dot leaders: at least
    two lines in a row, each a later line of the document with a page number after it."""
    later: dict[str, int] = {}
    for index, entry in enumerate(items):
        if isinstance(entry, Para):
            later.setdefault(squash(full_text(entry)), index)
            later[squash(full_text(entry))] = max(later[squash(full_text(entry))], index)
    found: list[int] = []
    run: list[int] = []
    for index, entry in enumerate(items):
        match = PAGE_AFTER.match(full_text(entry).strip()) if isinstance(entry, Para) else None
        if match and later.get(squash(match.group("head")), -1) > index:
            run.append(index)
            continue
        if len(run) >= 2:
            found += run
        run = []
    if len(run) >= 2:
        found += run
    return {id(items[i]) for i in found}


def split_table(table: Table) -> list[Table]:
    """A table as a PDF may draw two: at a row that is an approval grid's (编写 | 审核 | 批准, or
    编写 | 张三 | 审核 | …) or a revision record's head, below rows of another kind, it splits."""
    for index, row in enumerate(table.rows[1:], 1):
        texts = [cell.text for cell in row]
        roles = sum(1 for text in texts if records.role_of(text))
        head = Table([row], table.place)
        if roles >= 2 or records.is_revision_table(head) and len(table.rows) > index + 1 and not records.is_revision_table(
                Table(table.rows[:index], table.place)):
            if records.grid(Table(table.rows[:index], table.place)):
                continue  # the rows above are an approval grid too: one table
            return [Table(table.rows[:index], table.place, table.title),
                    *split_table(Table(table.rows[index:], Place(page=table.place.page, table=table.place.table,
                                                                 row=index + 1, part=table.place.part)))]
    return [table]


def chapter_style(items: list) -> bool:
    """A policy written in chapters and articles (第一章 总则 / 第一条 …)."""
    articles = sum(1 for e in items if isinstance(e, Para) and ARTICLE.match(full_text(e).strip()))
    chapters = sum(1 for e in items if isinstance(e, Para) and CHAPTER.match(full_text(e).strip()))
    return articles >= 2 or chapters >= 2


def leading_header(entries: list) -> tuple[list, list]:
    """A document without the frame: its header block is what comes before the first numbered
    paragraph, chapter, article or heading (at most a dozen entries); the rest is body."""
    for index, entry in enumerate(entries):
        if index >= 12:
            return entries[:index], entries[index:]
        if isinstance(entry, Para):
            text = full_text(entry).strip()
            number, _ = numbers.split(text)
            if (number is not None and (number.decimal or number.style in ("1.", "一、", "(一)"))) \
                    or CHAPTER.match(text) or ARTICLE.match(text):
                return entries[:index], entries[index:]
    return entries, []


def split_appendices(entries: list) -> tuple[list, list]:
    """The body of a document without the frame, and its appendices (from the first line that is
    an appendix heading, 附件1 / 附件 2：标题, on)."""
    for index, entry in enumerate(entries):
        if not isinstance(entry, Para):
            continue
        match = APPENDIX.match(full_text(entry).strip())
        if match and match.group("n") and len(full_text(entry)) <= 60 and not re.search(r"[，。；]", match.group("rest")):
            appendices: list[Appendix] = []
            for later in entries[index:]:
                found = APPENDIX.match(full_text(later).strip()) if isinstance(later, Para) else None
                if found and found.group("n") and len(full_text(later)) <= 60:
                    appendices.append(Appendix(found.group("rest").strip(), _ordinal(found.group("n")), later.place, []))
                else:
                    appendices[-1].entries.append(later)
            return entries[:index], appendices
    return entries, []


def _ordinal(token: str | None) -> int | None:
    if not token:
        return None
    return int(token) if token.isdigit() else numbers.chinese_number(token)


def _texts_of(item) -> list[str]:
    if isinstance(item, Paragraph):
        return [item.text]
    if isinstance(item, FormBlock):
        return item.texts()
    if isinstance(item, Table):
        return ["　".join(cell for cell in row if cell.strip()) for row in item.texts() if any(c.strip() for c in row)]
    if isinstance(item, Figure):
        return item.texts()
    return [item.text]


def _append(target: Map, item, report: Report) -> None:
    """A paragraph or block at the end of a chapter-like clause: paragraphs into its text until a
    block comes; a block and what follows it into its clauses (in order)."""
    if isinstance(item, Paragraph):
        note = tree.NOTE.match(item.text)
        if note and "clauses" in target:  # 注：…… under a table in the chapter: a note block there
            made = Map(type="note")
            if note.group("label") != "注":
                made["label"] = note.group("label")
            made["text"] = note.group("text")
            target["clauses"].append(made)
            return
        if "clauses" not in target:
            target.setdefault("text", Seq()).append(item.text)
            return
        last = target["clauses"][-1]
        if isinstance(last, Map) and "type" not in last and list(last) == ["text"]:
            last["text"].append(item.text)
        else:
            target["clauses"].append(Map(text=Seq([item.text])))
        return
    block = nodes.block_node(item, report)
    target.setdefault("clauses", Seq()).append(block)
    target["clauses"].extend(block.after)


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[:limit] + "……"


class Recogniser:
    def __init__(self, stream: Stream, frame: Frame, directory: Directory, report: Report, roster=None, cutover=None,
                 settings=None):
        self.stream, self.frame, self.directory, self.report = stream, frame, directory, report
        self.settings = settings  # frames.Settings: the project's named frames, and the ones import adds
        self.roster, self.cutover = roster, cutover  # signers.Roster and signatures.electronic_since
        self.names: dict[str, dict[str, Place]] = {}   # directory key → {word as written: first place}
        self.plan = False
        self.scenario_places: dict[str, Place] = {}    # scenario key → where its clause stood
        self.signatures: list[records.Signature] = []  # approval blocks found outside 审核批准
        self.revision_tables: list[Table] = []         # revision records found outside 文件修订记录
        self.signature_sources: list = []              # (table or line, its signatures) outside 审核批准
        self.places: dict = {}

    # -- the whole document -------------------------------------------------------------------
    def document(self, number_override: str | None) -> Map:
        items = self._without_contents(self.stream.items)
        zones = split_zones(items, self.frame)
        chapters = not zones.framed and chapter_style(items)
        if zones.framed:
            head, body = zones.header, []
        else:
            head, body = leading_header(zones.header)
            for key in zones.sections:  # a few frame titles in a document without the frame: its body
                body += zones.sections[key]
            zones.sections = {}
            for appendix in zones.appendices if chapters else []:
                body.append(Para(f"附件{appendix.ordinal or ''} {appendix.heading}".strip(), appendix.place))
                body += appendix.entries
            if chapters:
                zones.appendices = []
        head = self._pull_records(head, anywhere=True)
        body = self._pull_records(body, anywhere=False)
        for key in list(zones.sections):
            if key not in ("revisions", "approvals"):
                zones.sections[key] = self._pull_records(zones.sections[key], anywhere=key in ("forms",))
        for appendix in zones.appendices:
            appendix.entries = self._pull_records(appendix.entries, anywhere=False, named_only=True)
        written: dict[str, str] = {}
        fields, places, preamble, leftovers = header.parse(head, self.frame, self.report, written)
        self.places = places
        self._margins(fields, places, written)
        values = header.clean(fields, places, self.report, self.stream.pages, written)
        number = number_override or values.get("number") or ""
        if number_override and values.get("number") and values["number"] != number_override:
            self.report.note(places.get("number"), f"原文的文件编号是 {values['number']}，按 --number 导入为 {number_override}。",
                             texts=[values["number"]])
        if not number:
            number = self._number_from_file_name()
        values["number"] = number
        title = fields.get("title", "") or self._title_from_file_name(number)
        self.plan = "-YA-" in number or title.endswith("预案") or "应急" in values.get("category", "")
        for place, text in leftovers:
            self.report.note(place, f"表头里的“{text[:30]}”不属于任何表头栏目，没有导入（表头由 planpress 按框架印出）。",
                             "如果它是文件内容，把它写进合适的条款。", texts=[text])
        data = Map()
        data["number"] = number
        data["title"] = title
        for key, name in (("category", "文件类别"), ("owner", "制定部门"), ("publisher", "发布部门")):
            data[key] = values.get(key) or UNKNOWN
            if not values.get(key):
                data.note(key, f"导入：原文没有{name}，请填写")
                self.report.unplaced(None, f"原文的表头里没有找到{name}，导入写了“{UNKNOWN}”。", f"请在导入的文件里填写 {key}。")
        data["version"] = values.get("version", "A/0")
        if "version" not in values:
            data.note("version", "导入：原文没有版本/修订，暂填 A/0")
        data["effective"] = values.get("effective")
        data["revised"] = values.get("revised")
        self._review_cycle(data, items)
        if chapters:
            self._chapter_document(data, preamble + body)
        elif not zones.framed:
            self._frameless(data, preamble + body, zones)
        else:
            self._framed(data, zones, preamble)
        self._signing(data, zones.sections.get("approvals", []))
        data["postings"] = Seq()
        data.note("postings", "应急处置卡的张贴位置：原文没有，请按实际填写" if self.plan else "")
        self._report_names()
        return data

    def _framed(self, data: Map, zones: Zones, preamble: list) -> None:
        sections = Map()
        data["sections"] = sections
        for section in self.frame.sections:
            if section.body in ("attachments", "revisions", "approvals"):
                continue
            entries = zones.sections.get(section.key)
            if entries is None:
                if section.optional:
                    continue
                self.report.defect(None, f"原文没有第 {section.number} 节“{section.title}”。",
                                   f"导入没有写 sections.{section.key}，请补写这一节（不补的话 planpress check 会报错）。")
                continue
            value = self._section(section, entries)
            if value == "" and not section.optional:
                continue  # reported as empty by _section; check reports the missing section
            sections[section.key] = value
        if preamble:
            self._preamble(sections, preamble)
        listed = self._forms(zones)
        data["attachments"] = self._attachments(listed, zones.appendices, data)
        data["revisions"] = self._revisions(zones.sections.get("revisions", []), data)
        self._check_revision_header(data, self.places, zones.places.get("revisions"))

    def _preamble(self, sections: Map, entries: list) -> None:
        """Text between the header block and section 1 (a lead-in, a note): printed as the first
        paragraphs of the first section that holds text, and reported."""
        texts = []
        for item in paragraphs(entries, self.stream):
            texts.extend(_texts_of(item))
        texts = [t for t in texts if t.strip()]
        if not texts:
            return
        first = next((s for s in self.frame.sections if s.body == "text"), None)
        if first is not None:
            existing = sections.get(first.key)
            old = [] if existing in (None, "") else ([existing] if isinstance(existing, str) else list(existing))
            merged = texts + old
            sections[first.key] = merged[0] if len(merged) == 1 else Seq(merged)
            sections.note(first.key, "导入：开头几段是原文表头和第 1 节之间的文字，请核对")
            where = f"第 {first.number} 节“{first.title}”"
        else:
            key = next(s.key for s in self.frame.sections if s.body == "clauses")
            sections[key] = Seq(texts) + Seq(sections.get(key) or [])
            where = f"第 1 个写条款的节（{key}）"
        self.report.unplaced(self.zone_place(entries), f"表头和第 1 节之间有文字（“{_short(texts[0], 30)}”），"
                             f"导入把它作为{where}的开头几段。", "核对这些文字该放在哪里；如果是页眉、医院名称或目录，可以删去。")

    def _margins(self, fields: dict, places: dict, written: dict) -> None:
        """The page headers and footers of a Word file: the header block when the body has none
        (fields the body lacks are taken from there); what they say is otherwise not content (planpress
        prints its own page header and footer), and the report lists it."""
        if not self.stream.margins:
            return
        from .report import Report as Scratch
        margin_fields, margin_places, rest, leftovers = header.parse(self.stream.margins, self.frame, Scratch(self.stream.path), written)
        used = []
        for key, value in margin_fields.items():
            if value and not fields.get(key) and key != "title":
                fields[key], places[key] = value, margin_places.get(key)
                used.append(key)
        if not fields.get("title") and margin_fields.get("title"):
            fields["title"], places["title"] = margin_fields["title"], margin_places.get("title")
            used.append("title")
        texts = [o.text for o in self.stream.originals if o.place.part in ("页眉", "页脚")]
        if used:
            self.report.note(margin_places.get(used[0]), f"表头栏目（{'、'.join(used)}）取自 Word 的页眉。")
        parts = "、".join(dict.fromkeys(o.place.part for o in self.stream.originals if o.place.part in ("页眉", "页脚")))
        self.report.note(Place(part=parts.split("、")[0]), f"原文{parts}的文字（{_short('；'.join(texts), 40)}）不作为正文导入："
                         "planpress 在每一页印出文件编号、名称、版本和页码。", texts=texts)

    def _number_from_file_name(self) -> str:
        """A document number in the file's name (H-J-ZD-015 医疗安全制度.docx), when the text has none."""
        match = header.NUMBER.search(self.stream.path.stem)
        if match:
            self.report.review(None, f"原文里没有文件编号，导入按文件名用 {match.group(0)}。", "核对编号；不对时用 --number 重新导入。")
            return match.group(0)
        return ""

    def _title_from_file_name(self, number: str) -> str:
        """The title, when the text has none: the file's name without its number (医疗安全制度.docx)."""
        stem = re.sub(r"[_\-\s]+", " ", header.NUMBER.sub("", self.stream.path.stem)).strip(" _-")
        if number and stem and re.search(r"[\u4e00-\u9fff]", stem):
            title = re.sub(r"\s+", "", stem)
            self.report.review(None, f"原文里没有文件名称（标题），导入按文件名用“{title}”。", "核对标题，需要时改正 title。")
            return title
        return ""

    def _review_cycle(self, data: Map, items: list) -> None:
        """review_cycle_years as the text states it (每两年评审一次, 评审周期为 3 年), else the default."""
        for entry in items:
            if isinstance(entry, Para):
                match = REVIEW_CYCLE.search(entry.text)
                if match:
                    token = match.group("years") if match.group("years") is not None else match.group("years2")
                    years = 1 if not token else int(token) if token.isdigit() else numbers.chinese_number(token.replace("两", "二"))
                    if 1 <= years <= 10:
                        data["review_cycle_years"] = years
                        data.note("review_cycle_years", f"定期评审周期（年）：原文写明“{match.group(0)}”（{entry.place}）")
                        return
        data["review_cycle_years"] = 3
        data.note("review_cycle_years", "定期评审周期（年）：原文没有写，导入按默认 3 年")

    def _without_contents(self, items: list) -> list:
        """The stream without its table of contents (Word's TOC styles, lines with dot leaders
        and a page number, or a run of lines that each repeat a later heading with a page number
        after it): planpress makes its own; the report lists the lines. Tables that a PDF drew as
        one (a header table and the approval grid under it) are split apart first."""
        items = [part for entry in items for part in (split_table(entry) if isinstance(entry, Table) else [entry])]
        listed = _contents_run(items)
        kept, dropped = [], []
        for index, entry in enumerate(items):
            if isinstance(entry, Para) and (entry.toc or TOC_LINE.match(full_text(entry).strip()) or id(entry) in listed):
                dropped.append(entry)
                continue
            if isinstance(entry, Para) and CONTENTS.match(entry.text.strip()) and index + 1 < len(items) and (
                    getattr(items[index + 1], "toc", False) or TOC_LINE.match(getattr(items[index + 1], "text", "").strip())):
                dropped.append(entry)
                continue
            kept.append(entry)
        if dropped:
            texts = [full_text(e) for e in dropped]
            self.report.note(dropped[0].place, f"原文的目录（{len(dropped)} 行，“{_short(texts[-1], 20)}”等）没有导入：planpress 的网站和 PDF 按条款生成目录。",
                             texts=texts)
        return kept

    def _pull_records(self, entries: list, anywhere: bool, named_only: bool = False) -> list:
        """Approval blocks (a grid of 编写/审核/批准, a line 编写：张三 审核：李四) and revision records
        outside sections 9 and 10: taken out of the text and brought to signatories and revisions.
        In the body and the appendices only blocks that name a person or a date are taken (a blank
        grid there is a form to fill in)."""
        kept = []
        for entry in entries:
            found = None
            if isinstance(entry, Table):
                if records.is_revision_table(entry) and len(entry.rows) >= 1 and (anywhere or len(entry.rows) > 1):
                    self.revision_tables.append(entry)
                    self._pull_label(kept, RECORD_LABEL)
                    continue
                found = records.grid(entry)
            elif isinstance(entry, Para):
                found = records.role_line(full_text(entry), entry.place)
            if found and (anywhere or any(s.name or s.date for s in found)) and (not named_only or any(s.name for s in found)):
                self.signatures.extend(found)
                self.signature_sources.append((entry, found))
                self._pull_label(kept, SIGNING_LABEL)
                self.report.note(entry.place, f"审核批准栏（{'、'.join(s.role for s in found)}）在原文第 10 节以外，导入把它写进 signatories。")
                continue
            kept.append(entry)
        return kept

    def _pull_label(self, kept: list, label: re.Pattern) -> None:
        """The heading just above a record taken out of the text (修订记录, 审核批准) goes with it."""
        if kept and isinstance(kept[-1], Para) and label.match(full_text(kept[-1]).strip()):
            heading = kept.pop()
            self.report.note(heading.place, f"“{heading.text.strip()}”是它下面的记录的标题，没有作为正文导入：planpress 在第 9、10 节印出修订记录和审核批准。",
                             texts=[heading.text])

    def _revisions(self, entries: list, data: Map) -> Seq:
        rows = records.revisions(entries + self.revision_tables, data.get("owner"), self.report)
        return rows

    def _signing(self, data: Map, entries: list) -> None:
        found = []
        for entry in entries:
            if isinstance(entry, Table):
                block = records.grid(entry) or records.signatures([entry], self.report)
                self._unused(entry, block)
            elif isinstance(entry, Para):
                block = records.role_line(full_text(entry), entry.place) or records.signatures([entry], self.report)
                self._unused(entry, block)
            else:
                block = records.signatures([entry], self.report)
            found.extend(block)
        roles = {s.role for s in found}
        for signature in self.signatures:
            if signature.role in roles:
                self.report.note(signature.place, f"“{signature.role}”在原文里有两处签署栏，导入只用第一处。",
                                 texts=[signature.role, signature.name, signature.title or "", signature.department or "", signature.date or ""])
                continue
            roles.add(signature.role)
            found.append(signature)
        for source, block in self.signature_sources:
            self._unused(source, block)
        if not found:
            self.report.unplaced(None, "原文没有审核批准（签署人）。", "请在 signatories 里写上审批的角色和签署人（person: 名册里的键）；"
                                 "没写之前 planpress check 会报错。")
        records.write_signing(data, found, self.roster, self.cutover, self.report)

    def _unused(self, source, block: list) -> None:
        """What an approval block says that its signatories do not (a header row 部门 | 审核/批准签字,
        a label 日期：, 编写人 for the role 编写): listed in the report."""
        from .completeness import PIECE, normal
        shown = normal("".join(f"{s.role}{s.department or ''}{s.title or ''}{s.name}{s.date or ''}" for s in block))
        texts = [cell.text for row in source.rows for cell in row if not cell.carried] if isinstance(source, Table) else [full_text(source)]
        unused, cells = [], []
        for text in texts:
            pieces = [piece for piece in PIECE.split(text) if normal(piece) and normal(piece) not in shown]
            if pieces:
                unused += pieces
                cells.append(text.strip())
        if unused:
            self.report.note(source.place, f"审核批准栏里的“{'、'.join(dict.fromkeys(cells))}”不导入：planpress 按格式印出审核批准表"
                             "（角色、部门、职务：姓名、签署日期）。", texts=unused)

    def _check_revision_header(self, data: Map, places: dict, record: Place | None) -> None:
        """The header's version and revision date against the last row of the revision record."""
        if not data["revisions"]:
            return
        last = data["revisions"][-1]
        if last["version"] != data["version"]:
            self.report.defect(places.get("version"), f"表头的版本/修订是 {data['version']}，修订记录（{record or '第 9 节'}）最后一行是 "
                               f"{last['version']}（{last['date']}）：两处不一致。",
                               "核对哪一个对，改正 version 或 revisions；不改的话 planpress check 会报错。")
        elif data.get("revised") != last["date"]:
            self.report.defect(places.get("revised"), f"表头的修订日期是“{data.get('revised') or '空'}”，修订记录最后一行的日期是 {last['date']}。",
                               "核对后改正 revised 或 revisions；不改的话 planpress check 会报错。")

    def _frameless(self, data: Map, body: list, zones: Zones) -> None:
        self.report.unplaced(None, f"没有认出全院受控文件的十节框架（只认出 {len(zones.sections)} 节），"
                             "导入把全部正文作为第 5 节“规程”下的条款。",
                             "按框架整理：把目的、适用范围、权责等内容移到 sections 里对应的节，然后运行 planpress check。")
        body, appendices = split_appendices(body)
        entries = paragraphs(body, self.stream)
        for item in entries:
            if isinstance(item, Paragraph):
                self._collect_names(item.text, item.place)
        self._link_cells(entries)
        root = tree.build(entries, None, self.report, "正文")
        procedures = self._body_section()
        data["sections"] = Map({procedures.key: self._clauses(root, procedures)}) if entries else Map()
        self._missing_sections(data["sections"])
        data["attachments"] = self._attachments([], appendices, data)
        data["revisions"] = self._revisions([], data)

    def _chapter_document(self, data: Map, body: list) -> None:
        """A policy in chapter–article style (第一章 总则 / 第一条 … / （一）…): written in a
        chapter–article frame of planpress.yaml that numbers it as the original does (import adds
        one when the project has none), chapters, articles and items numbered by planpress. A shape
        no such frame numbers (planpress.importer.articles.read) comes in whole instead: each chapter
        one clause of the body section, its articles its paragraphs, numbers as written."""
        body, appendices = split_appendices(body)
        items = paragraphs(body, self.stream)
        for item in items:
            if isinstance(item, Paragraph):
                self._collect_names(item.text, item.place)
        policy = articles.read(items, self.report, self._article_block)
        choice = None
        if policy is not None and self.settings is not None:
            choice = self.settings.choose(policy.wanted, data.get("category"), data["number"])
        if choice is not None:
            if not choice.by_category:
                self._set_frame(data, choice.name)
            data["sections"] = Map({choice.body: policy.clauses})
            levels = " / ".join(s if isinstance(s, str) else s["style"] for s in policy.wanted.levels)
            if choice.added:
                self.report.review(None, f"原文是“章—条”体例（{levels}）：项目的 source/planpress.yaml 里没有这样编号的框架，导入在 frames 下"
                                   f"加了框架“{choice.name}”（标为待核对），文件写 frame: {choice.name}；章、条和（一）（二）的编号由 planpress 生成"
                                   + ("，条的号每章从第一条编起（与原文相同）。" if "每章" in choice.name else "，条的号贯穿全文。"),
                                   "核对 planpress.yaml 里这个框架的名字和编号样式；别的制度也可以写 frame: " + choice.name + " 选用它。")
            else:
                self.report.note(None, f"原文是“章—条”体例（{levels}）：按 source/planpress.yaml 的框架“{choice.name}”导入"
                                 + ("（文件类别选用它）" if choice.by_category else f"（文件写 frame: {choice.name}）")
                                 + "，章、条和（一）（二）的编号由 planpress 生成。")
        else:
            procedures = self._body_section()
            chapters = self._chapters(items)
            data["sections"] = Map({procedures.key: chapters}) if chapters else Map()
            why = ("source/planpress.yaml 读不出来或它的 frames 不是逐行书写的，导入没法加“章—条”框架" if policy is not None
                   else "它的章、节、条不是一个框架能照原文编号的样子（例如有的条在节里、有的不在，或者没有条）")
            self.report.unplaced(None, f"原文是“章—条”体例（第一章……第一条……（一）……），但{why}：导入把全文按章放进第 "
                                 f"{procedures.number} 节“{procedures.title}”（每章一条，章名作标题），“第X条”“（一）”等编号照原文留在文字里，一字不改。",
                                 "核对各章；在 planpress.yaml 的 frames 下写好章、条框架（见格式说明“几种框架”）后，可以用 --force 重新导入。")
            self._missing_sections(data["sections"])
        data["attachments"] = self._attachments([], appendices, data)
        data["revisions"] = self._revisions([], data)

    def _article_block(self, item, report: Report) -> Map:
        if isinstance(item, Table):
            self._link_cells([item])
        return nodes.block_node(item, report)

    @staticmethod
    def _set_frame(data: Map, name: str) -> None:
        """`frame` stands with the header fields, after `category`."""
        items = list(data.items())
        data.clear()
        for key, value in items:
            data[key] = value
            if key == "category":
                data["frame"] = name
        data.note("frame", "导入：“章—条”体例的框架（source/planpress.yaml 的 frames）")

    def _body_section(self) -> Section:
        return next((s for s in self.frame.sections if s.key == "procedures"), None) or \
            next(s for s in self.frame.sections if s.body == "clauses")

    def _missing_sections(self, sections: Map) -> None:
        missing = [s for s in self.frame.sections if s.body not in ("attachments", "revisions", "approvals")
                   and not s.optional and s.key not in sections]
        if missing:
            names = "、".join(f"第 {s.number} 节“{s.title}”" for s in missing)
            self.report.defect(None, f"原文没有框架里的{names}。",
                               "导入没有编造这些节：请按原文的内容补写（不补的话 planpress check 会报错）。")

    def _chapters(self, items: list) -> Seq:
        out = Seq()
        chapter: Map | None = None
        part: Map | None = None
        for item in items:
            if isinstance(item, Paragraph):
                if CHAPTER.match(item.text.strip()):
                    chapter, part = Map(title=item.text.strip()), None
                    out.append(chapter)
                    continue
                if chapter is not None and PART.match(item.text.strip()):
                    part = Map(title=item.text.strip())
                    chapter.setdefault("clauses", Seq()).append(part)
                    continue
            if isinstance(item, Table):
                self._link_cells([item])
            target = part or chapter
            if target is None:  # before the first chapter: a clause of its own
                target = chapter = Map()
                out.append(chapter)
            _append(target, item, self.report)
        return out

    # -- sections -------------------------------------------------------------------------------
    def _section(self, section: Section, entries: list):
        items = paragraphs(entries, self.stream)
        for item in items:
            if isinstance(item, Paragraph):
                self._collect_names(item.text, item.place)
        if section.body == "text":
            texts = []
            for item in items:
                if isinstance(item, Table):
                    self.report.unplaced(item.place, f"第 {section.number} 节“{section.title}”只能写文字，原文这里有一个表格；导入把表格的各行写成文字段落。",
                                         "核对这些段落，或把表格移到第 5 节。")
                    texts.extend("　".join(row) for row in item.texts())
                    continue
                if isinstance(item, Figure):
                    self.report.unplaced(item.place, f"第 {section.number} 节“{section.title}”只能写文字，原文这里有一张流程图；导入把图里的文字写成文字段落。",
                                         "核对这些段落；流程图请移到第 6 节（type: flow）。")
                    texts.extend(item.texts())
                    continue
                if isinstance(item, FormBlock):
                    self.report.unplaced(item.place, f"第 {section.number} 节“{section.title}”只能写文字，原文这里有一张表单；导入把表单的各行写成文字段落。",
                                         "核对这些段落；表单请移到第 5 节或附件（type: form）。")
                    texts.extend(item.texts())
                    continue
                number, rest = numbers.split(item.text)
                if number is not None and (not number.decimal or len(number.parts) > 1):
                    self.report.unplaced(item.place, f"第 {section.number} 节“{section.title}”只能写文字段落，原文的编号 {number.raw.strip()} 没有导入。",
                                         "如果这一节要分条，把这些条款移到第 5 节。")
                    texts.append(rest.strip())
                else:
                    texts.append(item.text)
            if not texts or (len(texts) == 1 and texts[0] in NONE_TEXT):
                if not section.optional:
                    self.report.defect(self.zone_place(entries), f"第 {section.number} 节“{section.title}”是空的。", "请补写这一节。")
                return ""
            return texts[0] if len(texts) == 1 else Seq(texts)
        if len(items) == 1 and isinstance(items[0], Paragraph) and items[0].text in NONE_TEXT:
            return Seq()
        if not items:
            return Seq()
        self._link_cells(items)
        root = tree.build(items, section.number, self.report, f"第 {section.number} 节")
        return self._clauses(root, section)

    @staticmethod
    def zone_place(entries):
        return entries[0].place if entries else None

    def _clauses(self, root: tree.Node, section: Section) -> Seq:
        used: set[str] = set()

        def special(node: tree.Node):
            if self.plan and scenarios.is_measures(node):
                result = Map(title=node.text[0].rstrip("：:"))
                if node.text[1:]:
                    result["text"] = nodes.text_value(node.text[1:])
                clauses = Seq()
                for child in node.children:
                    made = scenarios.scenario(child, self.directory, used, self.report) if isinstance(child, tree.Node) else None
                    if made is None:
                        if isinstance(child, tree.Node):
                            self.report.unplaced(child.place, f"“{(child.text or [''])[0][:24]}”在突发事件应急措施下，但不是“标题 + 处置步骤”的样子，导入为普通条款。",
                                                 "如果它是一个突发事件，改写成 type: scenario（key、title、steps）。")
                            clauses.append(nodes.clause_node(child, self.report, special))
                        else:
                            clauses.append(nodes.block_node(child, self.report))
                    else:
                        self.scenario_places[made["key"]] = child.place
                        clauses.append(made)
                result["clauses"] = clauses
                return result
            return None

        if section.key == "references":
            return references.reference_nodes(root, self.report, lambda c: nodes.block_node(c, self.report)
                                              if isinstance(c, Block) else nodes.clause_node(c, self.report, special))
        return nodes.clause_list(root, self.report, special)

    # -- 8 表单附件 and the appendices ----------------------------------------------------------
    def _forms(self, zones: Zones) -> list[tuple[str, str, Place]]:
        entries = paragraphs(zones.sections.get("forms", []), self.stream)
        return records.attachment_list([p for p in entries if isinstance(p, Paragraph)], self.report)

    def _attachments(self, listed, appendices: list[Appendix], data: Map) -> Seq:
        out = Seq()
        used_codes = set()
        for index, appendix in enumerate(appendices):
            heading = records.ATTACHMENT.match(appendix.heading)
            code = heading.group("code") if heading else ""
            title = heading.group("title").strip() if heading else appendix.heading
            declared = next((l for l in listed if code and l[0] == code), None)
            if declared is None and appendix.ordinal and appendix.ordinal <= len(listed):
                declared = listed[appendix.ordinal - 1]
            if declared is None and index < len(listed) and not listed[index][0]:
                declared = listed[index]
            if declared:
                code = code or declared[0]
                title = title or declared[1]
            if not code:
                code = f"A.{len(out) + 1:02d}"
                self.report.review(appendix.place, f"附件“{title[:24]}”没有编号，导入编为 {code}。", "核对附件编号。")
            used_codes.add(code)
            out.append(self._attachment(code, title, appendix, data))
        for code, title, place in listed:
            if code in used_codes or (not code and any(a.get("title") == title for a in out)):
                continue
            self.report.unplaced(place, f"第 8 节列了附件“{code} {title}”，但原文后面没有这个附件的内容。",
                                 "导入写了没有内容的附件；请补上附件（联络表、空白表单或条款）。")
            entry = Map(code=code or f"A.{len(out) + 1:02d}", title=title, clauses=Seq())
            entry.note("clauses", "导入：原文没有附件内容，请补上")
            out.append(entry)
        return out

    def _attachment(self, code: str, title: str, appendix: Appendix, data: Map) -> Map:
        """附件 N as the model has it: a contact table (with its duty note), a blank form, or clauses.
        What a contact table or a form has beside its grid (a note, fields to fill, checkboxes,
        opinion and signature lines) has no place in those, so such an attachment comes in as clauses
        holding every paragraph and the grid in order, and the report says so."""
        result = Map(code=code, title=title)
        label = f"附件 {appendix.ordinal or code}"
        entries = [e for e in appendix.entries if not self._form_identification(e, code, label)]
        entries = [e for e in entries if not self._repeated_title(e, title, label)]
        table_rows, table_places, others = self._appendix_table(entries)
        tables = [e for e in entries if isinstance(e, Table)]
        if table_rows:
            contacts = contact_table(table_rows, table_places, self.directory, self.report, label)
            for row, place in zip(table_rows[1:], table_places[1:]):
                if row and row[0].strip():
                    self._collect_names(re.sub(r"\s+", "", row[0]), place)
            if contacts is not None:
                leftover, duty = [], None
                for entry in others:
                    found = duty_note(full_text(entry), entry.place, self.directory, self.report) if isinstance(entry, Para) and duty is None else None
                    if found is not None:
                        duty = found
                    else:
                        leftover.append(entry)
                self._campuses(data, contacts)
                if leftover and self.scenario_places:
                    # a plan's cards need its contact table (check asks for it): the table stays
                    # one, and what it cannot hold is reported, not printed
                    texts = [t for item in paragraphs(leftover, self.stream) for t in _texts_of(item)]
                    self.report.unplaced(leftover[0].place, f"{label}联络表下的“{_short('；'.join(texts), 30)}”放不进联络表附件"
                                         "（它只印通讯录里的条目和值班电话），没有印出；联络表留作联络表，应急处置卡要用它。",
                                         "如果这段文字要印出来，把它写进正文合适的条款，或写进通讯录条目的说明（description）。",
                                         texts=texts)
                    leftover = []
                if not leftover:
                    result["contacts"] = Seq(contacts.keys)
                    if duty is None and self.scenario_places:
                        duty = self._duty_row(contacts.keys, table_rows, table_places)
                    if duty is not None:
                        result["duty"] = duty
                    return result
                table = tables[0] if tables else None
                result["clauses"] = self._form_clauses(entries, table, label, contact_keys=contacts.keys)
                self.report.unplaced(appendix.place, f"{label}除了联络表还有别的文字（“{_short(_texts_of(paragraphs(leftover, self.stream)[0])[0], 20)}”），"
                                     "联络表附件放不下，导入把整个附件写成条款：联络表的每一行链接通讯录（号码只在通讯录里），文字照原文。",
                                     "要生成应急联络卡时，把这些文字移到正文，再把附件改回 contacts（见格式说明）。")
                return result
        form = self._attachment_form(entries, appendix, label)
        if form is not None:
            result["form"] = form
            return result
        if table_rows:
            depth = nodes.header_depth(tables[0]) if tables else 1
            body_rows = table_rows[depth:]
            if tables and all(not any(c.strip() for c in row) for row in body_rows):
                columns = [re.sub(r"\s+", "", c) for c in nodes.header_columns(tables[0])]
                if not others and len(tables) == 1 and 0 < len(columns) <= 12 and all(columns):
                    rows = len(body_rows) if body_rows else 10
                    result["form"] = Map(columns=Seq(columns), rows=max(1, min(40, rows)))
                    if not body_rows:
                        result["form"].note("rows", "导入：原文没有空行，暂定 10 行")
                    elif rows > 40:
                        self.report.review(appendix.place, f"{label}的表单有 {rows} 个空行，planpress 的表单最多 40 行，导入写成 40 行。",
                                           "需要更多行时分成两页表单。")
                    return result
                result["clauses"] = self._form_clauses(entries, None, label)
                unread = [t for e in others for t in _texts_of(paragraphs([e], self.stream)[0]) if not forms.is_form_line(t)]
                self.report.unplaced(appendix.place, f"{label}是表单，但有的文字不是填写项、勾选项、意见栏或说明（"
                                     f"“{_short('；'.join(unread[:2]) or '；'.join(t for e in others[:2] for t in _texts_of(paragraphs([e], self.stream)[0])), 24)}”），"
                                     "整张表单写不成 form：导入把附件写成条款，照原文一字不少，认得出的表单部分写成放在条款里的表单（type: form）。",
                                     "核对这个附件；把这些文字改写成表单的说明（note）或删去后，可以把附件改成 form（见格式说明“表单”）。")
                return result
        items = paragraphs(entries, self.stream)
        for item in items:
            if isinstance(item, Paragraph):
                self._collect_names(item.text, item.place)
        self._link_cells(items)
        root = tree.build(items, None, self.report, label)
        result["clauses"] = nodes.clause_list(root, self.report)
        return result

    def _attachment_form(self, entries: list, appendix: Appendix, label: str):
        """The attachment as a form (planpress.importer.forms) when every paragraph and table of it
        is a form part: fields, checkboxes, a grid, opinions, notes."""
        found = forms.parts_of([e for e in entries if isinstance(e, (Para, Table))]) \
            if all(isinstance(e, (Para, Table)) for e in entries) else None
        if found is None:
            return None
        parts, texts = found
        if not any(key in p for p in parts for key in ("grid", "opinion", "choices")) and not any(forms.is_form_line(t) for t in texts):
            return None  # lines of label: value, not a form to fill in
        for part in parts:
            grid = part.get("grid")
            if grid is not None and getattr(grid, "capped", None):
                self.report.review(appendix.place, f"{label}的表格有 {grid.capped} 个空行，planpress 的表单最多 40 行，导入写成 40 行。",
                                   "需要更多行时分成两页表单。")
        form = forms.form_data(parts)
        self.report.review(appendix.place, f"{label}是表单：导入写成 form（{forms.describe(form)}），空白的宽度按原文的下划线和空格估算。",
                           "对照原件核对填写项、勾选项、表格的列和空行数、意见栏和说明。")
        return form

    def _form_clauses(self, entries: list, contact_table_entry, label: str, contact_keys=()) -> Seq:
        """An attachment's paragraphs and tables in order, as clauses: each run of paragraphs one
        clause of several paragraphs (fields, checkboxes, signature lines, notes as written), each
        table a table block (a contact table: a row per directory entry, its numbers from there)."""
        out = Seq()
        run: list[str] = []

        def flush():
            if run:
                out.append(Map(text=Seq(run)) if len(run) > 1 else run[0])
                run.clear()

        for item in paragraphs(entries, self.stream, keep_spaces=True):
            if isinstance(item, Paragraph):
                self._collect_names(item.text, item.place)
                run.append(item.text)
                continue
            flush()
            if item is contact_table_entry and contact_keys:
                block = nodes.table_node(Table(item.rows[:nodes.header_depth(item)], item.place, item.title), self.report)
                width = len(block["columns"])
                block["rows"] = Seq(Seq([Map(contact=key, span=width) if width > 1 else Map(contact=key)]) for key in contact_keys)
                out.append(block)
                continue
            if isinstance(item, Table):
                self._link_cells([item])
            block = nodes.block_node(item, self.report)
            out.append(block)
            out.extend(block.after)
        flush()
        return out

    def _duty_row(self, keys: list[str], rows: list[list[str]], places: list[Place]) -> Map | None:
        """A plan's cards print the after-hours duty phone: without a 备注 line saying it, the
        contact table's own duty row (行政总值班) is it, and the report says so."""
        for row, place in zip(rows[1:], places[1:]):
            name = re.sub(r"\s+", "", row[0]) if row else ""
            entry = self.directory.find(name)
            if "值班" in name and entry is not None and entry.key in keys:
                self.report.review(place, f"联络表下没有节假日、下班后的值班电话备注；应急处置卡要印值班电话，导入用联络表里“{name}”这一行"
                                   f"（duty: {{label: {name}, contact: {entry.key}}}，附件下多印一行备注）。",
                                   "核对；如果值班电话另有号码，改写 duty。")
                return Map(label=name, contact=entry.key)
        return None

    def _repeated_title(self, entry, title: str, label: str) -> bool:
        if isinstance(entry, Para) and title and re.sub(r"\s+", "", entry.text) == re.sub(r"\s+", "", title):
            self.report.note(entry.place, f"{label}里重复的标题“{title}”没有再导入一次（附件标题已印出）。")
            return True
        return False

    def _campuses(self, data: Map, contacts) -> None:
        all_campuses = list(self.directory.campuses)
        if contacts.campuses and set(contacts.campuses) != set(all_campuses) and "campuses" not in data:
            data["campuses"] = Seq(contacts.campuses)
            data.note("campuses", "导入：附件联络表只有这些院区的电话")
            self._move_campuses(data)

    def _form_identification(self, entry, code: str, label: str) -> bool:
        """The one-row table planpress prints above a blank form (文件编号 … 表单编号 … 版本/修订):
        generated from the header, so not content to import."""
        if not isinstance(entry, Table) or len(entry.rows) != 1:
            return False
        cells = [re.sub(r"\s+", "", c.text) for c in entry.rows[0]]
        if "表单编号" not in cells or not any(c.endswith(code) for c in cells):
            return False
        self.report.note(entry.place, f"{label}上方的表单标识（{'、'.join(cells[::2])}）由表头生成，没有导入。", texts=cells)
        return True

    def _move_campuses(self, data: Map) -> None:
        """`campuses` belongs with the header fields, before `sections`."""
        items = list(data.items())
        data.clear()
        for key, value in items:
            if key == "sections":
                data["campuses"] = dict(items)["campuses"]
            if key != "campuses":
                data[key] = value

    def _appendix_table(self, entries: list) -> tuple[list[list[str]], list[Place], list]:
        """The first table of an appendix as rows of texts, its rows' places, and the other entries.
        A text file's table is its run of lines with the same number of space-separated cells."""
        tables = [e for e in entries if isinstance(e, Table)]
        if tables:
            table = tables[0]
            depth = nodes.header_depth(table)
            rows = [[c.text for c in row for _ in range(c.span)] for row in table.rows[depth - 1:]]
            if depth == 2:  # 科室 | 电话 over 滨河院区 | 大学院区: one header row, 电话（滨河院区）…
                rows[0] = nodes.header_columns(table)
            places = [Place(page=table.place.page, table=table.place.table, row=r) for r in range(depth, len(table.rows) + 1)]
            return rows, places, [e for e in entries if e is not table]
        rows, places, others = [], [], []
        width = None
        for entry in entries:
            if not isinstance(entry, Para):
                others.append(entry)
                continue
            cells = rejoin.tidy(entry.text).split()
            tabular = len(cells) >= 2 and not re.search(r"[，。；：]", entry.text.replace("（", "").replace("）", ""))
            if width is None and tabular:
                width = len(cells)
            if width is not None and tabular and len(cells) == width and (not others or rows):
                rows.append(cells)
                places.append(entry.place)
            else:
                others.append(entry)
        return rows, places, others

    def _link_cells(self, items: list) -> None:
        """Table cells that show a department and its numbers become directory references: the
        numbers then live only in contacts.yaml (the header row is left as it is)."""
        for table in (item for item in items if isinstance(item, Table)):
            for r, row in enumerate(table.rows[1:], 2):
                for c, cell in enumerate(row, 1):
                    if cell.span != 1 or cell.contact:
                        continue
                    place = Place(page=table.place.page, paragraph=table.place.paragraph, table=table.place.table, row=r, column=c)
                    entry = contact_cell(cell.text, place, self.directory, self.report)
                    if entry is not None:
                        cell.contact = entry.key

    # -- one unit, several names ----------------------------------------------------------------
    def _collect_names(self, text: str, place: Place) -> None:
        for word, entry in mentions_in(text, self.directory):
            if word.isdigit():
                continue
            self.names.setdefault(entry.key, {}).setdefault(word, place)

    def _report_names(self) -> None:
        for key, words in self.names.items():
            if len(words) < 2:
                continue
            entry = self.directory.entries[key]
            shown = "、".join(f"“{word}”（{place}）" for word, place in words.items())
            first = next(iter(words.values()))
            self.report.defect(first, f"同一个单位有几种叫法：{shown}。",
                               f"导入保留原文的措辞；处置步骤里的称呼都链接到通讯录的 {key}（{entry.name}）。")


def recognise(stream: Stream, frame: Frame, directory: Directory, report: Report, number: str | None,
              roster=None, cutover=None, title: str | None = None, settings=None) -> tuple[Map, dict[str, Place]]:
    """The document's data, and where each of its scenarios stood in the original. `roster`
    (signers.Roster) proposes the new signatories; `cutover` is signatures.electronic_since;
    `number` and `title` given on the command line win over the original's; `settings`
    (frames.Settings) has the named frames a chapter–article policy may use, and takes the one
    import adds."""
    recogniser = Recogniser(stream, frame, directory, report, roster, cutover, settings)
    data = recogniser.document(number)
    if title:
        if data.get("title") and data["title"] != title:
            recogniser.report.note(recogniser.places.get("title"), f"原文的标题是“{data['title']}”，按 --title 导入为“{title}”。",
                                   texts=[data["title"]])
        data["title"] = title
    return data, recogniser.scenario_places


def verbatim(stream: Stream, frame: Frame, report: Report, number: str | None, title: str | None, exc: Exception) -> Map:
    """The whole text, paragraph by paragraph and table row by row, as clauses of the body section:
    what import brings in when a shape trips up its recognition (never a crash, never a loss)."""
    texts = []
    for item in stream.margins + stream.items:
        if isinstance(item, Table):
            texts += ["　".join(cell for cell in row if cell.strip()) for row in item.texts() if any(c.strip() for c in row)]
        elif isinstance(item, Figure):
            texts += item.texts()
        elif item.text.strip():
            texts.append(full_text(item).strip())
    found = header.NUMBER.search("\n".join(texts[:12]) + "\n" + stream.path.stem)
    number = number or (found.group(0) if found else "")
    first = next((t for t in texts if re.search(r"[\u4e00-\u9fff]", t) and len(t) <= 40), "")
    body = next((s for s in frame.sections if s.key == "procedures"), None) or next(s for s in frame.sections if s.body == "clauses")
    report.unplaced(None, f"导入在识别这份原文的结构时出了错（{type(exc).__name__}），为了不丢字，把全文按原样逐段写进第 "
                    f"{body.number} 节“{body.title}”（表格逐行写成文字），标题暂用第一行。",
                    "请把原文发给维护者；同时按框架整理这份文件：表头、各节、审核批准。")
    data = Map(number=number, title=title or first or stream.path.stem, category=UNKNOWN, owner=UNKNOWN, publisher=UNKNOWN,
               version="A/0", effective=None, revised=None, review_cycle_years=3)
    data["sections"] = Map({body.key: Seq(texts)})
    data["attachments"] = Seq()
    data["revisions"] = Seq()
    data["signatories"] = Seq()
    data["approvals"] = Seq()
    data["postings"] = Seq()
    return data
