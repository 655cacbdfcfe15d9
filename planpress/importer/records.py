"""The generated sections: 8 表单附件 (the list of attachments), 9 文件修订记录 (revisions) and
10 审核批准 (signatories and their paper approvals), from table rows or, in a text file, from lines
split at their spaces."""

from __future__ import annotations

import dataclasses
import re

from ..sources.marks import UNKNOWN_ORIGINAL
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
    for cells, place in rows_of(entries):
        if not any(cells):
            continue
        if columns is None and not any(values.date(c) for c in cells) and any(re.search(r"日期|版本|内容", c) for c in cells):
            columns = {}
            for index, cell in enumerate(cells):
                for field, pattern in (("date", "日期"), ("version", "版本"), ("description", "内容|描述|说明|原因"), ("by", "部门|修订人|编制")):
                    if re.search(pattern, cell) and field not in columns:
                        columns[field] = index
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
                            "导入没有收录这一行；请在 revisions 里按 {date, version, description, by} 补上。")
            continue
        row = Map(date=date, version=version, description=description or "（原文未写）", by=by or owner or "")
        if not by:
            row.note("by", "待核对：原文没有写修订部门，导入暂填制定部门")
        out.append(row)
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


def write_signing(data: Map, signatures: list[Signature], roster: Roster | None, cutover, report: Report) -> None:
    """The only place that knows how the document keeps its signing: `signatories` in order, each
    the roster person of that name (one added for review when the roster has none; by name only when
    there is no roster to add to, or two people have the name), with the department and title the
    original printed where they differ from the roster's; and a paper approval (纸质签批: the date on
    the original; where the signed original is kept is not in it, so that is marked for review) for
    each row signed on paper, when the version came into force before electronic approval started
    (`cutover`; after it, a signature on paper does not count and is only reported)."""
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
        signatories.append(_signatory(signature, roster, report))
        if not (signature.date and signature.name):
            continue
        who = f"“{signature.role}”{signature.name}"
        if effective and signature.date > effective:
            report.defect(signature.place, f"原件上{who}的签字日期 {signature.date} 晚于生效日期 {effective}。",
                          "文件须先批准后生效：核对纸质原件，改正 approvals 里的日期或 effective（不改的话 planpress check 会报错）。")
        if paper_refused:
            refused.append(signature.role)
            report.review(signature.place, f"原件上{who}的签字（{signature.date}）没有导入为审批：{paper_refused}。",
                          f"请签署人核对内容后用本人证书审批：planpress approve {number} --role {signature.role} --p12 本人证书.p12。")
            continue
        paper = Map(date=signature.date, original=UNKNOWN_ORIGINAL)
        approval = Map(role=signature.role, paper=paper)
        approval.note("paper", "待核对：original 写明签字原件存放在哪里（部门、档案柜或盒号）")
        signed.append(approval)
        signed.note(len(signed) - 1, f"纸质签批：{signature.name}在原件上签字的日期")
        report.review(signature.place, f"原件上{who}的签字（{signature.date}）导入为纸质签批，原件存放处还不知道"
                      f"（original 写的是“{UNKNOWN_ORIGINAL}”）。",
                      "写明签字原件存放在哪里；文件控制员核对原件后签署转录："
                      f"planpress release {number} --transcription --p12 本人证书.p12（见使用手册 docs/manual/04-approvals.md“纸质签批”）。")
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
    """The row of `signatories` for one row of the original's 审核批准 table."""
    row = Map(role=signature.role)
    found = roster.named(signature.name) if roster is not None and signature.name else []
    if len(found) > 1:
        shown = "、".join(f"{p.key}（{p.department} {p.title}）" for p in found)
        report.review(signature.place, f"名册里有 {len(found)} 位“{signature.name}”：{shown}。导入不知道“{signature.role}”"
                      "这一栏是哪一位，按姓名导入。",
                      f"在 signatories 里把 name: {signature.name} 换成 person: 名册里那一位的键（同名的人在名册里都要填写 staff_id）。")
    elif not found and signature.name and roster is not None and not roster.closed:
        person = roster.add(signature.name, signature.department, signature.title, signature.place, signature.role)
        found = [person]
        missing = "、".join(label for value, label in ((signature.department, "部门"), (signature.title, "职务")) if not value)
        report.review(signature.place, f"名册里没有“{signature.role}”的签署人{person.name}：导入在 source/people.yaml 新增签署人 "
                      f"{person.key}（{signature.department or '部门待核对'}，{signature.title or '职务待核对'}），标为待核对。",
                      "核对姓名（须与本人证书上的姓名完全一致）、部门、职务和键，然后删掉“待核对”的注释"
                      + (f"；原文没有写{missing}，请在名册里填写" if missing else "")
                      + "。要签署电子审批时，由证书管理员签发本人证书并登记在 certificates 下。")
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
        if differs and not person.new:
            report.note(signature.place, f"原文“{signature.role}”{person.name}（名册的 {person.key}）的{'，'.join(differs)}："
                        "文件的 signatories 里写了原文的，审核批准表照原文印。")
        return row
    if signature.department:
        row["department"] = signature.department
    if signature.title:
        row["title"] = signature.title
    row["name"] = signature.name
    if not signature.name:
        row.note("name", "导入：原文没有姓名，请补上")
    elif len(found) > 1:
        row.note("name", f"待核对：名册里有几位{signature.name}（{'、'.join(p.key for p in found)}），请改成 person: 键")
    return row


def signatures(entries: list, report: Report) -> list[Signature]:
    """The rows of 10 审核批准 (a table, or lines of a text file)."""
    found: list[Signature] = []
    for cells, place in rows_of(entries):
        cells = [c for c in cells if c and not UNSIGNED.match(c)]  # a draft planpress PDF prints 未签署
        if not cells:
            continue
        if not any(values.date(c) for c in cells) and any(re.search(r"签字|签署|签名|审核/批准", c) for c in cells):
            continue  # the header row
        date = next((values.date(c) for c in cells if values.date(c)), None)
        rest = [c for c in cells if not values.date(c) and not values.BLANK_DATE.match(c)]
        if not rest:
            continue
        role, rest = rest[0], rest[1:]
        signature = next((c for c in rest if re.search(r"[：:]", c)), None)
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
        if not name:
            report.unplaced(place, f"审核批准“{role}”这一行没有签署人姓名。",
                            "导入把这一行收为签署人但没有姓名：请在 signatories 里补上 name。")
        found.append(Signature(role, name or "", department or None, title or None, date, place))
    return found


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
