"""7 标准/依据: “《医疗机构管理条例》（国务院令第149号），自1994年9月1日起施行。” into
`type: references` items (title, code, effective date or year)."""

from __future__ import annotations

import re

from . import values
from .data import Map, Seq
from .report import Report
from .tree import Node

BOOK = re.compile(r"《([^》]+)》")
CODE_AFTER = re.compile(r"^\s*[（(]([^）)]+)[）)]")
STANDARD = re.compile(r"^\s*((?:GB|WS|YY|DB|T/)[A-Z/]*\s*[\d.]+-\d{4})\s*")
EFFECTIVE = re.compile(r"[，,.．。;；\s]*自?\s*(\d{4}\s*年(?:\s*\d{1,2}\s*月\s*\d{1,2}\s*日)?)\s*起?\s*(施行|实施|执行|生效)[。；;.]?\s*$")


def reference(text: str) -> Map | None:
    """The reference a line names, or None when the line has more than title, code and date, or
    says something the model's rendering of it would not (every piece of the line must print)."""
    found = _reference(text)
    if found is None:
        return None
    from ..model.blocks.references import Reference, _date_or_year, reference_text
    from .completeness import DATE, PIECE, normal
    printed = normal(reference_text(Reference(found["title"], _date_or_year(found.get("effective")), found.get("code"),
                                              found.get("verb", "施行"))))
    dated = DATE.sub(lambda m: f"{int(m[1])}年{int(m[2])}月{int(m[3])}日", text)  # 1994年 09月 01日 is one date
    if any(normal(piece) not in printed for piece in PIECE.split(dated)):
        return None
    return found


def _reference(text: str) -> Map | None:
    rest = text.strip()
    item = Map()
    effective = EFFECTIVE.search(rest)
    verb = None
    if effective:
        when = effective.group(1)
        iso = values.date(when)
        year = re.match(r"\s*(\d{4})", when).group(1)
        item_effective = iso or year
        verb = effective.group(2)
        rest = rest[:effective.start()]
    else:
        item_effective = None
    book = BOOK.search(rest)
    if book:
        if rest[:book.start()].strip():
            return None
        item["title"] = book.group(1).strip()
        after = rest[book.end():]
        code = CODE_AFTER.match(after)
        if code:
            item["code"] = code.group(1).strip()
            after = after[code.end():]
        if after.strip(" ，,。.;；"):
            return None
    else:
        standard = STANDARD.match(rest)
        if not standard:
            return None
        title = rest[standard.end():].strip(" ，,。.;；")
        if not title:
            return None
        item["title"] = title
        item["code"] = re.sub(r"\s+", " ", standard.group(1)).strip()
    if item_effective:
        item["effective"] = item_effective
        if verb and verb != "施行":
            item["verb"] = verb  # as the original says it: 实施, 执行, 生效
    return item


def reference_nodes(root: Node, report: Report, convert) -> Seq:
    """Section 7: a heading with dated entries becomes one `type: references` with that title;
    entries straight under the section one without. A line that is not a reference stays a clause."""
    out = Seq()
    loose = Seq()

    def flush():
        if loose:
            out.append(Map(type="references", items=Seq(loose)))
            loose.clear()

    for child in root.children:
        if not isinstance(child, Node):
            flush()
            out.append(convert(child))
            continue
        own = child.text[0] if child.text else ""
        if child.children and not child.items and len(child.text) <= 1 and all(
                isinstance(c, Node) and not c.children and not c.items and len(c.text) == 1 and reference(c.text[0])
                for c in child.children):
            flush()
            out.append(Map(type="references", title=own.rstrip("：:"), items=Seq(reference(c.text[0]) for c in child.children)))
            continue
        ref = reference(own) if not child.children and not child.items and len(child.text) == 1 else None
        if ref is not None:
            loose.append(ref)
            continue
        flush()
        out.append(convert(child))
        report.unplaced(child.place, f"“{own[:30]}”不是“《名称》（文号），自某年某月某日起施行”的写法，导入为普通条款。",
                        "如果它是一部法规或标准，改写成 type: references 的一项（title、code、effective）。")
    flush()
    return out
