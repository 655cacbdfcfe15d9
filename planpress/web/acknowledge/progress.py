"""Who has read what: each member of staff × each version in force that concerns them, with its
state (已确认 / 未到期 / 已逾期), and the sums quality management reads by department and campus."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict

from django.db import models

from ...model import Project
from .duties import InForce, Person, _done, in_force
from .models import Acknowledgement, StaffMember

DONE, WAITING, OVERDUE = "已确认", "待确认", "已逾期"


@dataclasses.dataclass(slots=True)
class Line:
    staff: StaffMember
    item: InForce
    deadline: dt.date
    state: str  # DONE, WAITING, OVERDUE
    at: dt.datetime | None  # when acknowledged (this version)


@dataclasses.dataclass
class Sum:
    name: str
    due: int = 0
    done: int = 0
    overdue: int = 0

    @property
    def rate(self) -> str:
        return f"{self.done * 100 // self.due}%" if self.due else "—"


def person(staff: StaffMember) -> Person:
    return Person(staff.pk, staff.department, staff.role, staff.campus, staff.since)


def _chosen(project: Project, number, department, campus):
    items = [i for i in in_force(project) if number is None or i.number == number]
    staff = StaffMember.objects.filter(active=True)
    if department:
        staff = staff.filter(department=department)
    if campus:
        staff = staff.filter(campus=campus)
    return items, staff


def count(project: Project, *, number: str | None = None, department: str | None = None,
          campus: str | None = None) -> int:
    """How many lines `lines` would give, without reading the acknowledgements (an export's size)."""
    items, staff = _chosen(project, number, department, campus)
    kinds = staff.values_list("department", "role", "campus").annotate(n=models.Count("pk")).order_by()
    return sum(n for d, r, c, n in kinds for item in items if item.readers.concerns(d, r, c))


def lines(project: Project, today: dt.date, *, number: str | None = None, department: str | None = None,
          campus: str | None = None) -> list[Line]:
    items, staff = _chosen(project, number, department, campus)
    staff = list(staff.order_by("department", "employee_id"))
    acks: dict[tuple[int, str], dict[str, tuple[str, dt.datetime]]] = defaultdict(dict)
    rows = Acknowledgement.objects.filter(number__in=[i.number for i in items], staff__in=[s.pk for s in staff]
                                          ) if len(staff) < 900 else Acknowledgement.objects.filter(
                                              number__in=[i.number for i in items])
    for staff_id, num, version, fingerprint, at in rows.values_list("staff_id", "number", "version", "fingerprint", "at"):
        acks[(staff_id, num)][version] = (fingerprint, at)
    days = dt.timedelta(days=project.config.acknowledgement_days)
    minor_counts = not project.config.minor_asks_again
    found = []
    for member in staff:
        for item in items:
            if not item.readers.concerns(member.department, member.role, member.campus):
                continue
            mine = acks.get((member.pk, item.number), {})
            deadline = max(item.doc.effective, member.since) + days
            if _done(item, {v: f for v, (f, _) in mine.items()}, minor_counts):
                at = mine.get(item.version, (None, None))[1]
                found.append(Line(member, item, deadline, DONE, at))
            else:
                found.append(Line(member, item, deadline, OVERDUE if today > deadline else WAITING, None))
    return found


def sums(found: list[Line], key) -> list[Sum]:
    by: dict[str, Sum] = {}
    for line in found:
        name = key(line)
        entry = by.setdefault(name, Sum(name))
        entry.due += 1
        entry.done += line.state == DONE
        entry.overdue += line.state == OVERDUE
    return sorted(by.values(), key=lambda s: s.name)


def rates(project: Project, today: dt.date) -> dict[str, Sum]:
    """Each document's acknowledgement rate (the register's column)."""
    return {s.name: s for s in sums(lines(project, today), lambda line: line.item.number)}


def stamp() -> tuple:
    """Changes whenever an acknowledgement is made or the staff list changes (the register's cache key)."""
    from django.db.models import Count, Max

    staff = StaffMember.objects.aggregate(n=Count("pk"), last=Max("updated"))
    return (Acknowledgement.objects.count(), StaffMember.objects.filter(active=True).count(), staff["n"],
            staff["last"])


def register_rates(loaded, rows: list) -> list:
    """The register's rows with each document's acknowledgement rate, made once per state."""
    import dataclasses

    from ... import dates

    if loaded.project is None:
        return rows
    today = dates.today()
    found = loaded.memo(("acknowledgement-rates", stamp(), today), lambda: rates(loaded.project, today))
    return [dataclasses.replace(r, acknowledged=f"{s.rate}（{s.done}/{s.due}）") if (s := found.get(r.number)) else r
            for r in rows]
