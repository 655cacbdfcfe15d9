"""The stream of a document into format-v2 data: the header block, the hospital's frame sections,
the clause trees, the generated sections and the appendices (planpress.importer.stream → data)."""

from __future__ import annotations

import dataclasses
import re

from . import header, nodes, numbers, records, references, rejoin, scenarios, tree
from .contacts import Directory, contact_cell, contact_table, duty_note, mentions_in
from .data import Map, Seq
from .frame import Frame, Section, squash
from .rejoin import Paragraph
from .report import Report
from .stream import Block, Figure, Para, Place, Stream, Table

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


def split_zones(stream: Stream, frame: Frame) -> Zones:
    zones = Zones([], {}, {}, [], False)
    current: list = zones.header
    last = 0
    for entry in stream.items:
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


def paragraphs(entries: list, stream: Stream) -> list[Paragraph | Table]:
    out: list[Paragraph | Table] = []
    run: list[Para] = []

    def flush():
        if not run:
            return
        if stream.lines_are_paragraphs:
            out.extend(Paragraph(rejoin.tidy(full_text(p)), p.place, [p.place], p.number, p.heading) for p in run if p.text.strip() or p.number)
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
    return out


class Recogniser:
    def __init__(self, stream: Stream, frame: Frame, directory: Directory, report: Report, roster=None, cutover=None):
        self.stream, self.frame, self.directory, self.report = stream, frame, directory, report
        self.roster, self.cutover = roster, cutover  # signers.Roster and signatures.electronic_since
        self.names: dict[str, dict[str, Place]] = {}   # directory key → {word as written: first place}
        self.plan = False
        self.scenario_places: dict[str, Place] = {}    # scenario key → where its clause stood

    # -- the whole document -------------------------------------------------------------------
    def document(self, number_override: str | None) -> Map:
        zones = split_zones(self.stream, self.frame)
        fields, places, leftovers = header.parse(zones.header if zones.framed else zones.header[:12], self.frame, self.report)
        values = header.clean(fields, places, self.report, self.stream.pages)
        number = number_override or values.get("number") or ""
        if number_override and values.get("number") and values["number"] != number_override:
            self.report.note(places.get("number"), f"原文的文件编号是 {values['number']}，按 --number 导入为 {number_override}。")
        values["number"] = number
        self.plan = "-YA-" in number or fields.get("title", "").endswith("预案") or "应急" in values.get("category", "")
        data = Map()
        data["number"] = number
        data["title"] = fields.get("title", "")
        for key, name in (("category", "文件类别"), ("owner", "制定部门"), ("publisher", "发布部门")):
            data[key] = values.get(key, "")
            if not data[key]:
                data.note(key, f"导入：原文没有{name}，请填写")
                self.report.unplaced(None, f"原文的表头里没有找到{name}。", f"请在导入的文件里填写 {key}。")
        data["version"] = values.get("version", "A/0")
        if "version" not in values:
            data.note("version", "导入：原文没有版本/修订，暂填 A/0")
        data["effective"] = values.get("effective")
        data["revised"] = values.get("revised")
        data["review_cycle_years"] = 3
        data.note("review_cycle_years", "定期评审周期（年）：原文没有写，导入按默认 3 年")
        if not zones.framed:
            return self._frameless(data, zones, leftovers)
        for place, text in leftovers:
            self.report.unplaced(place, f"表头前后的“{text[:30]}”不属于任何表头栏目，导入只在 YAML 开头的注释里保留它。",
                                 "如果它是文件内容，把它移到合适的条款里。")
            data.lead.append(f"导入：原文表头处的文字“{text}”（{place}）没有归入任何栏目")
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
                                   f"导入写了空的 {section.key}，请补写这一节。")
                sections[section.key] = "" if section.body == "text" else Seq()
                sections.note(section.key, f"导入：原文没有“{section.title}”一节，请补写")
                continue
            sections[section.key] = self._section(section, entries)
        listed = self._forms(zones)
        data["attachments"] = self._attachments(listed, zones.appendices, data)
        data["revisions"] = records.revisions(zones.sections.get("revisions", []), data.get("owner"), self.report)
        self._check_revision_header(data, places, zones.places.get("revisions"))
        records.write_signing(data, records.signatures(zones.sections.get("approvals", []), self.report),
                              self.roster, self.cutover, self.report)
        data["postings"] = Seq()
        data.note("postings", "应急处置卡的张贴位置：原文没有，请按实际填写" if self.plan else "")
        self._report_names()
        return data

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

    def _frameless(self, data: Map, zones: Zones, leftovers) -> Map:
        self.report.unplaced(None, f"没有认出全院受控文件的十节框架（只认出 {len(zones.sections)} 节），"
                             "导入把全部正文作为第 5 节“规程”下的条款。",
                             "按框架整理：把目的、适用范围、权责等内容移到 sections 里对应的节，然后运行 planpress check。")
        labels = [label for label, _ in self.frame.labels()]
        body = [e for e in zones.header if isinstance(e, Block) or (
            squash(e.text) != squash(data["title"]) and not any(label in squash(e.text) for label in labels))]
        for key in zones.sections:
            body += zones.sections[key]
        for appendix in zones.appendices:
            body.append(Para(f"附件 {appendix.ordinal or ''} {appendix.heading}".strip(), appendix.place))
            body += appendix.entries
        entries = paragraphs(body, self.stream)
        self._link_cells(entries)
        root = tree.build(entries, None, self.report, "正文")
        sections = Map()
        for section in self.frame.sections:
            if section.body in ("attachments", "revisions", "approvals") or section.optional:
                continue
            if section.key == "procedures":
                sections[section.key] = self._clauses(root, section)
            else:
                sections[section.key] = "" if section.body == "text" else Seq()
                sections.note(section.key, f"导入：原文没有“{section.title}”一节，请补写")
        data["sections"] = sections
        data["attachments"] = Seq()
        data["revisions"] = Seq()
        records.write_signing(data, [], self.roster, self.cutover, self.report)
        data["postings"] = Seq()
        self._report_names()
        return data

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
        result = Map(code=code, title=title)
        label = f"附件 {appendix.ordinal or code}"
        entries = [e for e in appendix.entries if not self._form_identification(e, code, label)]
        table_rows, table_places, others = self._appendix_table(entries)
        if table_rows:
            contacts = contact_table(table_rows, table_places, self.directory, self.report, label)
            for row, place in zip(table_rows[1:], table_places[1:]):
                if row and row[0].strip():
                    self._collect_names(re.sub(r"\s+", "", row[0]), place)
            if contacts is not None:
                result["contacts"] = Seq(contacts.keys)
                leftover = []
                for entry in others:
                    duty = duty_note(entry.text, entry.place, self.directory, self.report) if isinstance(entry, Para) else None
                    if duty is not None and "duty" not in result:
                        result["duty"] = duty
                    else:
                        leftover.append(entry)
                self._keep_leftovers(result, leftover, title, label)
                all_campuses = list(self.directory.campuses)
                if contacts.campuses and set(contacts.campuses) != set(all_campuses) and "campuses" not in data:
                    data["campuses"] = Seq(contacts.campuses)
                    data.note("campuses", "导入：附件联络表只有这些院区的电话")
                    self._move_campuses(data)
                return result
            body_rows = table_rows[1:]
            if table_rows and all(not any(c.strip() for c in row) for row in body_rows):
                rows = len(body_rows) if body_rows else 10
                result["form"] = Map(columns=Seq(re.sub(r"\s+", "", c) for c in table_rows[0]), rows=max(1, min(60, rows)))
                if not body_rows:
                    result["form"].note("rows", "导入：原文没有空行，暂定 10 行")
                self._keep_leftovers(result, others, title, label)
                return result
        items = paragraphs(entries, self.stream)
        for item in items:
            if isinstance(item, Paragraph):
                self._collect_names(item.text, item.place)
        self._link_cells(items)
        root = tree.build(items, None, self.report, label)
        result["clauses"] = nodes.clause_list(root, self.report)
        return result

    def _form_identification(self, entry, code: str, label: str) -> bool:
        """The one-row table planpress prints above a blank form (文件编号 … 表单编号 … 版本/修订):
        generated from the header, so not content to import."""
        if not isinstance(entry, Table) or len(entry.rows) != 1:
            return False
        cells = [re.sub(r"\s+", "", c.text) for c in entry.rows[0]]
        if "表单编号" not in cells or not any(c.endswith(code) for c in cells):
            return False
        self.report.note(entry.place, f"{label}上方的表单标识（{'、'.join(cells[::2])}）由表头生成，没有导入。")
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

    def _keep_leftovers(self, result: Map, leftovers: list, title: str, label: str) -> None:
        for entry in leftovers:
            if isinstance(entry, Para):
                text = entry.text
            elif isinstance(entry, Figure):
                text = "；".join(entry.texts())
            else:
                text = "；".join("　".join(r) for r in entry.texts())
            if re.sub(r"\s+", "", text) == re.sub(r"\s+", "", title):
                self.report.note(entry.place, f"{label}里重复的标题“{title}”没有再导入一次。")
                continue
            self.report.unplaced(entry.place, f"{label}里的“{text[:30]}”放不进联络表或表单，导入只在 YAML 的注释里保留它。",
                                 "如果它是要印出来的说明，改成 clauses 附件，或写进正文。")
            result.lead.append(f"导入：原文{label}里的文字（{entry.place}）：{text}")

    def _appendix_table(self, entries: list) -> tuple[list[list[str]], list[Place], list]:
        """The first table of an appendix as rows of texts, its rows' places, and the other entries.
        A text file's table is its run of lines with the same number of space-separated cells."""
        tables = [e for e in entries if isinstance(e, Table)]
        if tables:
            table = tables[0]
            rows = [[c.text for c in row for _ in range(c.span)] for row in table.rows]
            places = [Place(page=table.place.page, table=table.place.table, row=r) for r in range(1, len(rows) + 1)]
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
              roster=None, cutover=None) -> tuple[Map, dict[str, Place]]:
    """The document's data, and where each of its scenarios stood in the original. `roster`
    (signers.Roster) gets the new signatories; `cutover` is signatures.electronic_since."""
    recogniser = Recogniser(stream, frame, directory, report, roster, cutover)
    data = recogniser.document(number)
    return data, recogniser.scenario_places
