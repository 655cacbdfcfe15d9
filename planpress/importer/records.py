"""The generated sections: 8 表单附件 (the list of attachments), 9 文件修订记录 (revisions) and
10 审核批准 (signatories and their paper approvals), from table rows or, in a text file, from lines
split at their spaces."""

from __future__ import annotations

import dataclasses
import re

from ..sources.marks import UNKNOWN, UNKNOWN_ORIGINAL
from . import values
from .data import Map, Seq
from .rejoin import DATE_SPACES, tidy
from .report import Report
from .signers import Roster
from .stream import Figure, Place, Table

DEPARTMENT = re.compile(r"(科|处|部|室|中心|办公室|办|委员会)$")
UNSIGNED = re.compile(r"^(未签署|未签字|未签|待签署|待签)$")
ATTACHMENT = re.compile(r"^(?:[A-Z]+(?:-[A-Z]+)*-\d{3}-)?(?P<code>[A-Z]\.?\d{1,2})\s*[：:、.]?\s*(?P<title>.+)$")


def rows_of(entries: list) -> list[tuple[list[str], Place]]:
    """Rows of cells: a table's rows, or a text line split at its spaces."""
    rows = []
    for entry in entries:
        if isinstance(entry, Table):
            for r, row in enumerate(entry.rows, 1):
                rows.append(([tidy(c.text) for c in row], Place(page=entry.place.page, table=entry.place.table, row=r)))
        elif isinstance(entry, Figure):
            rows.extend(([text], entry.place) for text in entry.texts())
        else:
            line = DATE_SPACES.sub(lambda m: f"{m.group(1)}年{m.group(2)}月{m.group(3)}日", tidy(entry.text))
            line = re.sub(r"([A-Z])\s*/\s*(\d)", r"\1/\2", line)
            rows.append((line.split(), entry.place))
    return rows


def revisions(entries: list, owner: str | None, report: Report) -> Seq:
    out = Seq()
    columns: dict[str, int] | None = None
    by_column: list[str] = []
    for cells, place in rows_of(entries):
        if not any(cells) or (len([c for c in cells if c]) == 1 and re.fullmatch(r"无[。.]?|/|—+", "".join(cells))):
            continue  # 9 文件修订记录：无。
        if not any(values.date(c) for c in cells) and any(re.search(r"日期|版本|内容", c) for c in cells) and not any(
                values.version(c) for c in cells):
            columns = {}
            for index, cell in enumerate(cells):
                for field, pattern in (("date", "日期"), ("version", "版本|版次"), ("description", "内容|描述|说明|原因"),
                                       ("by", "部门|修订人|编制|修订者|修改人")):
                    if re.search(pattern, cell) and field not in columns:
                        columns[field] = index
            report.note(place, f"修订记录的表头（{'、'.join(c for c in cells if c)}）不导入：planpress 按格式印出修订记录的表头。",
                        texts=cells)
            continue
        date = next((values.date(c) for c in cells if values.date(c)), None)
        version = next((values.version(c) for c in cells if values.version(c)), None)
        if columns and len(cells) == len(columns):
            description = cells[columns["description"]] if "description" in columns else ""
            by = cells[columns["by"]] if "by" in columns else None
        else:
            rest = [c for c in cells if not values.date(c) and not values.version(c)]
            by = rest.pop() if len(rest) > 1 and DEPARTMENT.search(rest[-1]) else None
            description = "".join(rest)
        if not (date and version):
            report.unplaced(place, f"修订记录这一行读不出日期和版本：“{' '.join(cells)}”。",
                            "导入没有收录这一行；请在 revisions 里按 {date, version, description, by} 补上。", texts=cells)
            continue
        row = Map(date=date, version=version, description=description or "（原文未写）", by=by or owner or "")
        if not by:
            row.note("by", "待核对：原文没有写修订部门，导入暂填制定部门")
        else:
            by_column.append(by)
        out.append(row)
    if by_column:
        report.note(None, f"修订记录的修订部门（{'、'.join(dict.fromkeys(by_column))}）写在 revisions 的 by 里；PDF 的修订记录表不印这一栏。",
                    texts=by_column)
    return out


@dataclasses.dataclass
class Signature:
    """One row of the original's 审核批准 table: who signs in what role, and the date they signed
    on paper (None when the row is not signed)."""

    role: str
    name: str
    department: str | None = None
    title: str | None = None
    date: str | None = None
    place: Place | None = None
    meaning: str | None = None  # for a role whose meaning planpress cannot tell (编写 → 主办)


def write_signing(data: Map, signatures: list[Signature], roster: Roster | None, cutover, report: Report) -> None:
    """The only place that knows how the document keeps its signing: `signatories` in order, each
    the roster person of that name, else the name as written (a roster entry is proposed in the
    report), with the department and title the original printed where they differ from the
    roster's; and a paper approval (纸质签批: the date on the original; where the signed original is
    kept is not in it, so that is marked for review) for each row a roster person signed on paper,
    when the version came into force before electronic approval started (`cutover`; after it, a
    signature on paper does not count and is only reported). A paper signature by someone not in
    the roster is reported with the approval to add once they are."""
    number = data.get("number", "")
    effective = data.get("effective")
    if cutover is None:
        paper_refused = "planpress.yaml 没有设置电子签批的启用日期（signatures.electronic_since），纸质签批不能作为审批"
    elif effective and effective >= cutover.isoformat():
        paper_refused = f"这一版的生效日期 {effective} 不早于电子签批的启用日期 {cutover}，纸质签字不能作为审批"
    else:
        paper_refused = ""
    signatories, signed = Seq(), Seq()
    refused = []
    for signature in signatures:
        row = _signatory(signature, roster, report)
        signatories.append(row)
        if signature.date and not signature.name:
            report.unplaced(signature.place, f"审核批准“{signature.role}”一栏有日期 {signature.date}，但没有签署人姓名，日期没有导入。",
                            "补上签署人后，签批按 planpress 的审批流程办理。", texts=[signature.date])
        if not (signature.date and signature.name):
            continue
        who = f"“{signature.role}”{signature.name}"
        if effective and signature.date > effective:
            report.defect(signature.place, f"原件上{who}的签字日期 {signature.date} 晚于生效日期 {effective}。",
                          "文件须先批准后生效：核对纸质原件，改正 approvals 里的日期或 effective（不改的话 planpress check 会报错）。")
        if "person" not in row and not paper_refused:
            report.review(signature.place, f"原件上{who}的签字（{signature.date}）没有写进 approvals：{signature.name}还没有登记到名册，"
                          "这样的签批无法核对（planpress check 会报错）。",
                          "登记到名册、把这一栏的 name 改成 person: 键以后，在 approvals 里加上：\n"
                          f"  - role: {signature.role}\n    paper: {{date: {signature.date}, original: 原件存放处}}",
                          texts=[signature.date])
            continue
        if paper_refused:
            refused.append(signature.role)
            report.review(signature.place, f"原件上{who}的签字（{signature.date}）没有导入为审批：{paper_refused}。",
                          f"请签署人核对内容后用本人证书审批：planpress approve {number} --role {signature.role} --p12 本人证书.p12。",
                          texts=[signature.date])
            continue
        paper = Map(date=signature.date, original=UNKNOWN_ORIGINAL)
        approval = Map(role=signature.role, paper=paper)
        approval.note("paper", "待核对：original 写明签字原件存放在哪里（部门、档案柜或盒号）")
        signed.append(approval)
        signed.note(len(signed) - 1, f"纸质签批：{signature.name}在原件上签字的日期")
        report.review(signature.place, f"原件上{who}的签字（{signature.date}）导入为纸质签批，原件存放处还不知道"
                      f"（original 写的是“{UNKNOWN_ORIGINAL}”）；签批日期在文件控制员转录之后才印出。",
                      "写明签字原件存放在哪里；文件控制员核对原件后签署转录："
                      f"planpress release {number} --transcription --p12 本人证书.p12（见使用手册 docs/manual/04-approvals.md“纸质签批”）。",
                      texts=[signature.date])
    data["signatories"] = signatories
    data["approvals"] = signed
    if roster is not None and roster.unlisted:
        names = "、".join(f"“{s.role}”{s.name}" for s in roster.unlisted)
        report.unplaced(roster.unlisted[0].place, f"{roster.closed}：签署人 {names} 按姓名导入，没有登记到名册，审批无法核对。",
                        "按使用手册 docs/manual/04-approvals.md“签署人名册”在 source/people.yaml 登记他们，再把 signatories 里的 name 改成 person: 名册里的键"
                        "（或改好名册后加 --force 重新导入）。")
    if refused:
        data.note("approvals", f"原件上{'、'.join(refused)}的签字不能作为审批（电子签批已启用）：请签署人用 planpress approve 审批")


def _signatory(signature: Signature, roster: Roster | None, report: Report) -> Map:
    """The row of `signatories` for one row of the original's 审核批准 table. A name the roster has
    (exactly one person of it) becomes `person: key`; any other name stays a name, and a roster
    entry for it is only proposed in the report: guesses about people never go into people.yaml."""
    from ..model.assemble import meaning_of
    row = Map(role=signature.role)
    if signature.meaning and meaning_of(signature.role) != signature.meaning:
        row["meaning"] = signature.meaning
        row.note("meaning", f"待核对：“{signature.role}”一栏签名的含义，导入按角色推测为{signature.meaning}")
    found = roster.named(signature.name) if roster is not None and signature.name else []
    if len(found) > 1:
        shown = "、".join(f"{p.key}（{p.department} {p.title}）" for p in found)
        report.review(signature.place, f"名册里有 {len(found)} 位“{signature.name}”：{shown}。导入不知道“{signature.role}”"
                      "这一栏是哪一位，按姓名导入。",
                      f"在 signatories 里把 name: {signature.name} 换成 person: 名册里那一位的键（同名的人在名册里都要填写 staff_id）。")
    elif not found and signature.name and roster is not None and not roster.closed:
        person = roster.propose(signature.name, signature.department, signature.title, signature.place, signature.role)
        report.review(signature.place, f"名册里没有“{signature.role}”的签署人{person.name}：导入按姓名写入 signatories，"
                      "没有改动名册（source/people.yaml）。",
                      "核对后由管理名册的人在 source/people.yaml 的 people 下登记（姓名须与本人证书上的完全一致，部门、职务按实际填写），"
                      "然后用 --force 重新导入（签署人和纸质签批随之写入），或把这一栏的 name 改成 person: 键。"
                      f"建议写法：\n{person.snippet()}")
    elif not found and signature.name and roster is not None:
        roster.unlisted.append(signature)
    if len(found) == 1:
        person = found[0]
        row["person"] = person.key
        department = signature.department or ""
        if department != person.department:
            row["department"] = department
            if not department:
                row.note("department", "原件上这一格是空的")
        if signature.title and signature.title != person.title:
            row["title"] = signature.title
        differs = [f"{label}是“{mine}”，名册里是“{listed}”" for mine, listed, label in
                   ((signature.department, person.department, "部门"), (signature.title, person.title, "职务"))
                   if mine and mine != listed]
        if differs:
            report.note(signature.place, f"原文“{signature.role}”{person.name}（名册的 {person.key}）的{'，'.join(differs)}："
                        "文件的 signatories 里写了原文的，审核批准表照原文印。")
        return row
    if signature.department:
        row["department"] = signature.department
    if signature.name:
        row["title"] = signature.title or UNKNOWN
        if not signature.title:
            row.note("title", "待核对：原文没有写职务，请填写（审核批准表印“职务：姓名”）")
        row["name"] = signature.name
        if len(found) > 1:
            row.note("name", f"待核对：名册里有几位{signature.name}（{'、'.join(p.key for p in found)}），请改成 person: 键")
    else:
        if signature.title:
            row["title"] = signature.title
        row.note("role", "导入：原文这一栏没有签署人姓名，请写 person: 名册里的键")
        report.unplaced(signature.place, f"审核批准“{signature.role}”一栏原文没有签署人姓名"
                        f"{('（只写了“' + signature.title + '”）') if signature.title else ''}，导入不编造签署人。",
                        "请在 signatories 的这一栏写上签署人：person: 名册（source/people.yaml）里的键；没写之前 planpress check 会报错。")
    return row


def signatures(entries: list, report: Report) -> list[Signature]:
    """The rows of 10 审核批准 (a table, or lines of a text file)."""
    found: list[Signature] = []
    for cells, place in rows_of(entries):
        unsigned = [c for c in cells if c and UNSIGNED.match(c)]
        if unsigned:
            report.note(place, f"“{unsigned[0]}”不导入：签署状态由 planpress 判断。", texts=unsigned)
        cells = [c for c in cells if c and not UNSIGNED.match(c)]  # a draft planpress PDF prints 未签署
        if not cells:
            continue
        if not any(values.date(c) for c in cells) and any(re.search(r"签字|签署|签名|审核/批准", c) for c in cells):
            report.note(place, f"审核批准表的表头（{'、'.join(cells)}）不导入：planpress 按格式印出审核批准表的表头。", texts=cells)
            continue  # the header row
        date = next((values.date(c) for c in cells if values.date(c)), None)
        rest = [c for c in cells if not values.date(c) and not values.BLANK_DATE.match(c)]
        if not rest:
            continue
        role, rest = rest[0], rest[1:]
        signature = next((c for c in rest if re.search(r"[：:]", c)), None)
        if not _signature_row(role, rest, date):
            report.unplaced(place, f"审核批准一节里的“{_short(' '.join(cells), 30)}”不是签署栏（角色、部门、职务：姓名、日期），没有导入为签署人。",
                            "如果它是正文（注释、脚注），把它写进合适的条款；如果是签署栏，按 signatories 的写法补上。", texts=cells)
            continue
        department = title = name = None
        if signature is not None:
            position = rest.index(signature)
            title, _, name = re.split(r"([：:])", signature, maxsplit=1)
            title, name = title.strip(), name.strip()
            others = rest[:position] + rest[position + 1:]
            if others:
                department = "".join(others)
        elif len(rest) >= 3:
            department, title, name = rest[0], rest[1], "".join(rest[2:])
        elif len(rest) == 2:
            if DEPARTMENT.search(rest[0]):
                department, name = rest
            else:
                title, name = rest
        elif len(rest) == 1:
            name = rest[0]
        if name and not looks_like_person(name):  # 批准：院领导 names a position, not a person
            title, name = f"{title}：{name}" if title else name, None
        found.append(Signature(role, name or "", department or None, title or None, date, place,
                               ROLE_MEANINGS.get(role_of(role) or "")))
    return found


def looks_like_person(text: str) -> bool:
    """Not a role (批准), a position (院领导), a department or a sentence: what may be a name."""
    text = re.sub(r"\s+", "", text)
    return bool(text) and len(text) <= 20 and role_of(text) is None and not TITLE_WORDS.search(text) \
        and not DEPARTMENT.search(text) and not re.search(r"[\d，。；,;、]", text)


def _signature_row(role: str, rest: list[str], date: str | None) -> bool:
    """A row of 审核批准: a known role (主办, 院领导批准, 编写 …) or a short label, with a name, a
    “职务：姓名” or a date in it (a footnote or a note in that section is not one)."""
    if role_of(role) is not None or re.search(r"批准|审核|主办|会签", role):
        return True
    if len(role) > 10 or re.search(r"[，。；,;]", role):
        return False
    return bool(date or any(re.search(r"[：:]", c) or looks_like_person(c) for c in rest))


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "……"


def attachment_list(paragraphs: list, report: Report) -> list[tuple[str, str, Place]]:
    """8 表单附件: (code, title, place) for each listed attachment ("8.1 H-J-YA-028-A.01 快速联络通信表")."""
    from . import numbers
    found = []
    for paragraph in paragraphs:
        _, text = numbers.split(paragraph.text)
        text = text.strip()
        if not text or text in ("无", "无。"):
            continue
        match = ATTACHMENT.match(text)
        if match:
            code = match.group("code")
            if "." not in code:
                code = f"{code[0]}.{code[1:].zfill(2)}"
            found.append((code, match.group("title").strip(), paragraph.place))
        else:
            found.append(("", re.sub(r"^附件\s*[0-9一二三四五六七八九十]*\s*[：:、.]?\s*", "", text), paragraph.place))
    return found


# -- approval grids and role lines, wherever they stand -------------------------------------------
# The roles an approval block names, and the meaning of a signature in each (21 CFR 11.50): 编写 and
# its kin are the owning department's (主办), 会签 and 复核 review, 签发 and 审定 approve.
ROLE_MEANINGS = {"编写": "主办", "编制": "主办", "起草": "主办", "拟稿": "主办", "拟定": "主办", "撰写": "主办", "制定": "主办",
                 "主办": "主办", "审核": "审核", "审查": "审核", "复核": "审核", "会签": "审核", "审阅": "审核",
                 "批准": "批准", "审批": "批准", "审定": "批准", "签发": "批准", "核准": "批准", "院领导批准": "批准"}
ROLE = re.compile(r"^(?P<role>" + "|".join(sorted(ROLE_MEANINGS, key=len, reverse=True)) + r")(?:人|者)?(?:签字|签名)?$")
TITLE_WORDS = re.compile(r"(领导|院长|主任|科长|处长|部长|负责人|组长|护士长|主管|干事|秘书|书记|委员|专员|职务|部门|科室|日期|签字|签名)")
NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$|^[\u4e00-\u9fff]{1,4}[·•][\u4e00-\u9fff]{1,6}$")
DATE_LABEL = re.compile(r"^(日期|时间|签署日期|签字日期|日\s*期)[：:]?$")


def role_of(text: str) -> str | None:
    """编写 for “编写”, “编写人”, “编写：”; None for anything else."""
    match = ROLE.match(re.sub(r"[\s：:]+", "", text))
    return match.group("role") if match else None


def is_name(text: str) -> bool:
    """A person's name as a signature block writes it (孙晓琳, 欧阳娜娜, 阿依古丽·买买提), not a role
    (批准), a position (院领导, 科主任), a department or a date."""
    text = re.sub(r"\s+", "", text)
    return bool(NAME.match(text)) and role_of(text) is None and not TITLE_WORDS.search(text) \
        and not DEPARTMENT.search(text) and not text.endswith(("院", "科", "组"))


def _person(cell: str) -> tuple[str | None, str | None, str | None]:
    """(title, name, date) in a signature cell: “院领导：王五 2023年1月5日”, “王五”, “院领导”."""
    text = tidy(cell)
    date = values.date(text)
    if date:
        text = values.DATE.sub("", text).strip()
    title = name = None
    if re.search(r"[：:]", text):
        title, _, name = (part.strip() for part in re.split(r"([：:])", text, maxsplit=1))
        if not is_name(name):
            title, name = text, None
    elif text:
        words = text.split()
        if len(words) == 2 and is_name(words[1]) and not is_name(words[0]):
            title, name = words
        elif is_name(text):
            name = re.sub(r"\s+", "", text)
        else:
            title = text
    return title or None, name or None, date


def grid(table: Table) -> list[Signature] | None:
    """The signatures of an approval grid, or None when `table` is not one. Three layouts:
    roles down the first column (编写 | 张三 | 2023-01-05), roles across the first row with names
    and dates in the rows below (编写 | 审核 | 批准 / 张三 | 李四 | 王五), and role–name pairs
    along a row (编写 | 张三 | 审核 | 李四 | 批准 | 王五, maybe a row of 日期 | … below)."""
    rows = [[tidy(c.text) for c in row for _ in range(c.span)] for row in table.rows]
    rows = [row for row in rows if any(row)]
    if not rows:
        return None
    width = max(len(r) for r in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    places = {id(row): Place(page=table.place.page, table=table.place.table, row=r, part=table.place.part)
              for r, row in enumerate(rows, 1)}
    across = [role_of(c) for c in rows[0]]
    down = [role_of(row[0]) for row in rows]
    pairs = [role_of(c) for row in rows for c in row[::2]]
    found: list[Signature] = []
    paired = width % 2 == 0 and sum(1 for r in pairs if r) >= 2 and not any(role_of(c) for row in rows for c in row[1::2])
    if sum(1 for r in across if r) >= 2 and all(r or not c for r, c in zip(across, rows[0])) and not paired:
        for column, role in enumerate(across):
            if not role:
                continue
            title = name = date = None
            for row in rows[1:]:
                label = row[0] if column and not across[0] else ""
                t, n, d = _person(row[column])
                if DATE_LABEL.match(label) or (d and not n):
                    date = date or d
                else:
                    title, name, date = title or t, name or n, date or d
            found.append(Signature(role, name or "", None, title, date, places[id(rows[0])], ROLE_MEANINGS[role]))
        return found
    if sum(1 for r in down if r) >= 2 and all(r or not row[0] or row is rows[0] for r, row in zip(down, rows)):
        for role, row in zip(down, rows):
            if not role:
                continue
            title = name = date = department = None
            for cell in row[1:]:
                t, n, d = _person(cell)
                if t and not n and DEPARTMENT.search(t) and department is None and title is None:
                    department, t = t, None
                title, name, date = title or t, name or n, date or d
            found.append(Signature(role, name or "", department, title, date, places[id(row)], ROLE_MEANINGS[role]))
        return found
    if paired:
        dates = next((row for row in rows[1:] if DATE_LABEL.match(row[0])), None)
        for row in rows:
            if row is dates:
                continue
            for column in range(0, width, 2):
                role = role_of(row[column])
                if not role:
                    continue
                title, name, date = _person(row[column + 1])
                if dates is not None and not date:
                    date = values.date(dates[column + 1])
                found.append(Signature(role, name or "", None, title, date, places[id(row)], ROLE_MEANINGS[role]))
        return found or None
    return None


ROLE_LINE = re.compile(r"(?P<role>" + "|".join(sorted(ROLE_MEANINGS, key=len, reverse=True)) + r")(?:人|者)?\s*[：:]\s*"
                       r"(?P<value>.*?)\s*(?=(?:" + "|".join(sorted(ROLE_MEANINGS, key=len, reverse=True))
                       + r")(?:人|者)?\s*[：:]|$)")


def role_line(text: str, place: Place) -> list[Signature] | None:
    """“编写：张三　审核：李四　批准：王五” (each may add 日期：…): the signatures of a line that is
    nothing but an approval block, or None."""
    flat = tidy(text)
    found = list(ROLE_LINE.finditer(flat))
    if not found or found[0].start() != 0:
        return None
    out = []
    for match in found:
        value = re.sub(r"(?:日期|时间)\s*[：:]?", " ", match.group("value")).strip()
        title, name, date = _person(value) if value else (None, None, None)
        if value and not (name or date) and not (title and len(found) >= 2):
            return None  # “审核：由医务科负责” is a sentence, not a signature
        out.append(Signature(match.group("role"), name or "", None, title, date, place, ROLE_MEANINGS[match.group("role")]))
    return out if len(out) >= 2 or (out and (out[0].name or out[0].date)) else None


REVISION_HEAD = re.compile(r"修订日期|修改日期|变更日期|日期")
REVISION_BODY = re.compile(r"版本|版次|修订内容|修改内容|更改|变更|修订说明|内容")


def is_revision_table(table: Table) -> bool:
    """A revision record (修订日期 | 修订后版本 | 更改的内容描述): its first row names a date column
    and a version or content column and holds no values; the rows below hold dates or nothing."""
    if not table.rows:
        return False
    head = [tidy(c.text) for c in table.rows[0]]
    if any(values.date(c) or values.version(c) for c in head):
        return False
    if not (any(REVISION_HEAD.search(c) for c in head) and any(REVISION_BODY.search(c) for c in head)):
        return False
    if sum(1 for c in head if re.search(r"文件编号|制定部门|发布部门|生效日期|文件类别", c)):
        return False
    body = [[tidy(c.text) for c in row] for row in table.rows[1:]]
    return all(not any(row) or any(values.date(c) for c in row) for row in body)
