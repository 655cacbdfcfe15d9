"""The staff list, from the CSV or Excel export of the hospital's HR system.

Columns by their Chinese headers, in any order: 工号, 姓名, 部门, 院区 (the campus' name or key in
contacts.yaml) are required; 岗位 and 邮箱 may be there. Every bad row is refused with its row
number and column, and nothing is imported until the whole file is right. Importing again keeps the
list current: new people are added, changed ones updated, people missing from the export marked
离职 (their acknowledgements stay). Each person gets an account named by their 工号 unless one
exists; its password comes from the administrator (or the hospital's directory, with LDAP).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import zipfile

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from ..accounts.models import Account
from .models import StaffMember

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
COLUMNS = {"工号": "employee_id", "姓名": "name", "部门": "department", "院区": "campus", "岗位": "role", "邮箱": "email"}
REQUIRED = ("工号", "姓名", "部门", "院区")
ALIASES = {"员工编号": "工号", "职工号": "工号", "科室": "部门", "职务": "岗位", "岗位/职务": "岗位", "电子邮箱": "邮箱",
           "邮件": "邮箱", "email": "邮箱", "Email": "邮箱", "E-mail": "邮箱"}
LIMITS = {"employee_id": 50, "name": 50, "department": 100, "role": 100, "email": 254}


class Refused(Exception):
    """The file is not imported; `problems` say where and why, in Chinese."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclasses.dataclass(frozen=True)
class Row:
    employee_id: str
    name: str
    department: str
    role: str
    campus: str
    email: str


@dataclasses.dataclass(frozen=True)
class Imported:
    added: int
    updated: int
    left: int  # marked 离职
    accounts_created: int


def read_table(name: str, data: bytes) -> list[list[str]]:
    """The file's rows as text cells (.csv in UTF-8 or GB18030, or .xlsx: its first sheet)."""
    if len(data) > MAX_BYTES:
        raise Refused([f"文件有 {len(data) / 1048576:.1f} MB，超过 {MAX_BYTES // 1048576} MB 的上限。请只导出员工名单这一张表。"])
    lower = name.lower()
    if lower.endswith(".xlsx"):
        return _xlsx(data)
    if lower.endswith(".csv") or lower.endswith(".txt"):
        return _csv(data)
    if lower.endswith(".xls"):
        raise Refused(["这是旧的 Excel 97–2003 格式（.xls）。请在 Excel 里“另存为”Excel 工作簿（.xlsx）或 CSV 后再导入。"])
    raise Refused([f"不认识“{name}”这种文件：请导入人事系统导出的 .csv 或 .xlsx 文件。"])


def _csv(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise Refused(["CSV 文件的编码既不是 UTF-8 也不是 GBK，读不出中文。请在 Excel 里另存为“CSV UTF-8（逗号分隔）”。"])
    if "\0" in text:
        raise Refused(["这不是文本格式的 CSV 文件（含有二进制内容）。请导入人事系统导出的 .csv 或 .xlsx 文件。"])
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return [row for row in csv.reader(io.StringIO(text), dialect)]
    except csv.Error as exc:
        raise Refused([f"CSV 文件格式不对（{exc}）：请在 Excel 里重新另存为 CSV。"]) from None


def _xlsx(data: bytes) -> list[list[str]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        raise Refused(["这个文件不是有效的 Excel 工作簿（.xlsx），可能已损坏或只是改了扩展名。请重新从人事系统导出。"]) from None
    try:
        sheet = book.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append([_cell(v) for v in values])
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    finally:
        book.close()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():  # 工号 typed as a number: 1024.0 → 1024
        return str(int(value))
    return str(value)


def parse(name: str, data: bytes, campuses: dict[str, str]) -> list[Row]:
    """`campuses`: key → name of contacts.yaml. Every problem of the file, or the rows."""
    return rows_of(read_table(name, data), campuses)


def rows_of(table: list[list[str]], campuses: dict[str, str], where=None, skip_bad: bool = False) -> list[Row]:
    """The staff of a table whose first row is the header (a file's, or the directory's entries
    laid out so). `where(index)` names a row in messages (default 第 N 行). With `skip_bad`, rows
    with problems are left out rather than refusing the whole table: `Skipped` lists them."""
    where = where or (lambda index: f"第 {index} 行")
    table = list(table)
    while table and not any(c.strip() for c in table[0]):
        table.pop(0)
    if not table:
        raise Refused(["文件是空的：第一行应是表头（工号、姓名、部门、院区，可加岗位、邮箱），下面每行一位员工。"])
    header = [ALIASES.get(c.strip(), c.strip()) for c in table[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise Refused([f"第 1 行（表头）缺少“{'”“'.join(missing)}”列。表头现在是：{'、'.join(h for h in header if h) or '空'}。"
                       "请导出带有工号、姓名、部门、院区这几列的员工名单（可加岗位、邮箱）。"])
    columns = {COLUMNS[h]: i for i, h in enumerate(header) if h in COLUMNS}
    body = table[1:]
    if len(body) > MAX_ROWS:
        raise Refused([f"名单超过 {MAX_ROWS} 行。请只导出在职员工。"])
    by_name = {name: key for key, name in campuses.items()}
    problems: list[str] = []
    skipped: list[str] = []
    seen: dict[str, int] = {}
    rows: list[Row] = []
    for index, cells in enumerate(body, start=2):
        if not any(c.strip() for c in cells):
            continue
        value = {field: (cells[i].strip() if i < len(cells) else "") for field, i in columns.items()}
        here = []
        for title in REQUIRED:
            if not value[COLUMNS[title]]:
                here.append(f"{where(index)}“{title}”列是空的：每位员工都要有{title}。")
        for field, limit in LIMITS.items():
            if len(value.get(field, "")) > limit:
                title = next(t for t, f in COLUMNS.items() if f == field)
                here.append(f"{where(index)}“{title}”列超过 {limit} 个字符。")
        if any(ch in "".join(value.values()) for ch in "\n\r\0"):
            here.append(f"{where(index)}有换行或不可见字符：请在表格里删掉单元格中的换行。")
        campus = value["campus"]
        key = campus if campus in campuses else by_name.get(campus)
        if campus and key is None:
            here.append(f"{where(index)}“院区”列的“{campus}”不是通讯录里的院区。可写：{'、'.join(campuses.values())}"
                        f"（或键 {'、'.join(campuses)}）。")
        email = value.get("email", "")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                here.append(f"{where(index)}“邮箱”列的“{email}”不是有效的邮箱地址。")
        employee = value["employee_id"]
        if employee in seen:
            here.append(f"{where(index)}的工号 {employee} 和{where(seen[employee])}重复：每个工号只能出现一次。")
        elif employee:
            seen[employee] = index
        problems += here
        if not here:
            rows.append(Row(employee, value["name"], value["department"], value.get("role", ""), key, email))
        elif skip_bad:
            skipped.append(employee)
            continue
        if len(problems) >= 50:
            problems.append("……问题太多，只列出前 50 条。请检查导出的是不是员工名单。")
            break
    if problems and not skip_bad:
        raise Refused(problems)
    if not rows:
        raise Refused(problems or ["文件只有表头，没有员工。"])
    if skip_bad:
        return Skipped(rows, problems, tuple(e for e in skipped if e))
    return rows


class Skipped(list):
    """Rows read, with the problems of those left out and their 工号 (when they had one)."""

    def __init__(self, rows: list[Row], problems: list[str], employee_ids: tuple[str, ...]):
        super().__init__(rows)
        self.problems = problems
        self.employee_ids = employee_ids


def apply(rows: list[Row], today: dt.date, keep: frozenset[str] = frozenset()) -> Imported:
    """The staff list becomes `rows`, in one transaction; people not in `rows` are marked 离职,
    except the 工号 in `keep` (a directory entry that could not be read is not someone who left)."""
    added = updated = created = 0
    with transaction.atomic():
        existing = {s.employee_id: s for s in StaffMember.objects.select_for_update()}
        accounts = {a.username: a for a in Account.objects.filter(username__in=[r.employee_id for r in rows])}
        linked = set(StaffMember.objects.exclude(account=None).values_list("account_id", flat=True))
        for row in rows:
            member = existing.get(row.employee_id)
            fields = {"name": row.name, "department": row.department, "role": row.role, "campus": row.campus,
                      "email": row.email, "active": True}
            if member is None:
                member = StaffMember(employee_id=row.employee_id, since=today, **fields)
                added += 1
            elif any(getattr(member, k) != v for k, v in fields.items()):
                for k, v in fields.items():
                    setattr(member, k, v)
                updated += 1
            else:
                continue
            if member.account_id is None:
                account = accounts.get(row.employee_id)
                if account is None:
                    account = Account(username=row.employee_id, display_name=row.name, department=row.department,
                                      email=row.email)
                    account.set_unusable_password()
                    account.save()
                    created += 1
                if account.pk not in linked:
                    member.account = account
                    linked.add(account.pk)
            member.save()
        listed = {r.employee_id for r in rows} | keep
        gone = [s.pk for s in existing.values() if s.active and s.employee_id not in listed]
        StaffMember.objects.filter(pk__in=gone).update(active=False)
    return Imported(added, updated, len(gone), created)
