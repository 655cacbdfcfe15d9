"""The staff list from the hospital's LDAP / Active Directory (planpress.yaml staff_directory), with
ldap3: every entry under `base` matching `filter` is a member of staff, read through the attribute
mapping and checked by the same rules as a row of the HR export (staffimport.rows_of). People no
longer in the directory are marked 离职, never deleted; an entry that cannot be read is reported and
its person kept as they were. Run by `planpress admin sync-staff`, by quality management on the staff
page, and by the application itself every `every_hours` (the middleware below, like the daily build).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import ssl
import threading

from django.db import IntegrityError, close_old_connections
from django.utils import timezone

from ... import dates
from ...model import StaffDirectory
from . import staffimport
from .models import StaffSync

PASSWORD_VARIABLE = "PLANPRESS_STAFF_DIRECTORY_PASSWORD"
TIMEOUT = 30  # seconds to connect and for each answer
PAGE = 500
# Refused rather than applied: a directory answer that would mark most of the staff 离职 is a
# wrong base or filter, or a directory in trouble, far more often than a hospital emptied overnight.
MOST = 0.5
HEADER = ["工号", "姓名", "部门", "院区", "岗位", "邮箱"]
FIELDS = ["employee_id", "name", "department", "campus", "role", "email"]


class SyncFailed(Exception):
    """Nothing changed; the message says why, in Chinese."""


def entries(settings: StaffDirectory, password: str | None = None) -> list[tuple[str, list[str]]]:
    """(dn, cells in HEADER order) of every entry the directory returns."""
    import ldap3
    from ldap3.core.exceptions import LDAPException

    password = os.environ.get(PASSWORD_VARIABLE, "") if password is None else password
    wanted = [settings.attributes[f] for f in FIELDS]
    # ldaps:// and StartTLS check the server's certificate against this machine's trusted CAs
    # (ldap3 checks none by default); the password is sent only after StartTLS.
    tls = ldap3.Tls(validate=ssl.CERT_REQUIRED)
    connection = None
    try:
        server = ldap3.Server(settings.uri, connect_timeout=TIMEOUT, get_info=ldap3.NONE, tls=tls)
        connection = ldap3.Connection(server, user=settings.bind_dn or None, password=password or None,
                                      receive_timeout=TIMEOUT, raise_exceptions=True, read_only=True,
                                      auto_bind=ldap3.AUTO_BIND_NONE)
        connection.open()
        if settings.start_tls:
            connection.start_tls()
        connection.bind()
        found = connection.extend.standard.paged_search(settings.base, settings.filter, ldap3.SUBTREE,
                                                        attributes=wanted, paged_size=PAGE, generator=False)
    except LDAPException as exc:
        raise SyncFailed(_explain(exc, settings)) from None
    finally:
        if connection is not None and not connection.closed:
            with contextlib.suppress(LDAPException):
                connection.unbind()
    rows = []
    for entry in found:
        if entry.get("type") != "searchResEntry":
            continue
        attributes = entry.get("attributes", {})
        rows.append((entry["dn"], [_first(attributes.get(name)) for name in wanted]))
    return rows


def _first(value) -> str:
    if isinstance(value, (list, tuple)):
        value = value[0] if value else ""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return "" if value is None else str(value)


def _explain(exc, settings: StaffDirectory) -> str:
    from ldap3.core import exceptions as e

    if isinstance(exc, e.LDAPInvalidCredentialsResult):
        return (f"目录服务器拒绝了服务账号 {settings.bind_dn or '（匿名）'} 的登录：请核对 planpress.yaml 的 "
                f"staff_directory.bind_dn 和环境变量 {PASSWORD_VARIABLE} 里的密码。")
    if isinstance(exc, e.LDAPNoSuchObjectResult):
        return f"目录里没有 {settings.base}：请核对 planpress.yaml 的 staff_directory.base。"
    if isinstance(exc, (e.LDAPSocketOpenError, e.LDAPSocketReceiveError, e.LDAPSessionTerminatedByServerError,
                        e.LDAPStartTLSError)):
        return (f"连不上目录服务器 {settings.uri}（{exc}）：请确认地址、端口和网络（防火墙）；"
                "用 ldaps:// 或 StartTLS 时，服务器证书须由本机信任的 CA 签发。")
    if isinstance(exc, e.LDAPInvalidFilterError):
        return f"staff_directory.filter 的写法不对（{settings.filter}）。"
    return f"从目录服务器 {settings.uri} 读取员工时出错：{type(exc).__name__}：{exc}"


def sync(settings: StaffDirectory, campuses: dict[str, str], today: dt.date,
         password: str | None = None) -> tuple[staffimport.Imported, list[str]]:
    """Make the staff list what the directory says: (counts, problems of the entries left out)."""
    found = entries(settings, password)
    if not found:
        raise SyncFailed(f"目录的 {settings.base} 下没有符合 {settings.filter} 的员工条目，名单没有改动："
                         "请核对 staff_directory 的 base 和 filter。")
    names = [dn for dn, _ in found]
    table = [HEADER, *(cells for _, cells in found)]
    try:
        rows = staffimport.rows_of(table, campuses, where=lambda index: f"目录条目 {names[index - 2]} 的", skip_bad=True)
    except staffimport.Refused as refused:
        raise SyncFailed("目录里的员工条目都读不出来，名单没有改动：" + "；".join(refused.problems[:5])) from None
    from .models import StaffMember

    active = set(StaffMember.objects.filter(active=True).values_list("employee_id", flat=True))
    leaving = active - {r.employee_id for r in rows} - set(rows.employee_ids)
    if len(active) >= 10 and len(leaving) > MOST * len(active):
        raise SyncFailed(f"目录只返回了 {len(rows)} 位员工，同步会把现有 {len(active)} 人中的 {len(leaving)} 人记为离职，"
                         "名单没有改动：请核对 staff_directory 的 base 和 filter，或目录服务器是否正常。")
    return staffimport.apply(list(rows), today, keep=frozenset(rows.employee_ids)), rows.problems


def run_and_record(project, by: str, sync_row: StaffSync | None = None) -> StaffSync:
    """One synchronisation, its outcome kept (StaffSync) and put in the audit trail."""
    from ..audit.chain import record
    from ..audit.models import Action

    row = sync_row or StaffSync.objects.create(by=by[:100])
    campuses = {c.key: c.name for c in project.directory.campuses}
    try:
        result, problems = sync(project.config.staff_directory, campuses, dates.today())
    except SyncFailed as exc:
        row.state, row.report = StaffSync.State.FAILED, str(exc)
    else:
        row.state = StaffSync.State.DONE
        row.added, row.updated, row.left = result.added, result.updated, result.left
        row.report = "\n".join(problems[:200])
        record(Action.STAFF_IMPORTED, actor=by, details={"source": "directory", "added": result.added,
                                                "updated": result.updated, "left": result.left,
                                                "accounts_created": result.accounts_created,
                                                "entries_left_out": len(problems)})
    row.finished = timezone.now()
    row.save()
    return row


def due(every_hours: int, now: dt.datetime | None = None) -> bool:
    """Whether the last synchronisation (done or failed) is `every_hours` old."""
    now = now or timezone.now()
    last = StaffSync.objects.order_by("-started").values_list("started", flat=True).first()
    return last is None or now - last >= dt.timedelta(hours=every_hours)


_checked: list[dt.datetime] = []
_lock = threading.Lock()


def scheduled() -> None:
    """Start the synchronisation in a thread when it is due (cheap: one check a minute per process)."""
    from ..documents import project as projects

    now = timezone.now()
    with _lock:
        if _checked and now - _checked[0] < dt.timedelta(minutes=1):
            return
        _checked[:] = [now]
    loaded = projects.load()
    if loaded.project is None or loaded.project.config.staff_directory is None:
        return
    if not due(loaded.project.config.staff_directory.every_hours, now):
        return
    slot = now.replace(minute=0, second=0, microsecond=0)
    try:  # one per hour slot across every worker process (unique)
        row = StaffSync.objects.create(by="定时同步", slot=slot)
    except IntegrityError:
        return
    threading.Thread(target=_in_thread, args=(loaded.project, row), name="staff sync", daemon=True).start()


def _in_thread(project, row: StaffSync) -> None:
    try:
        run_and_record(project, "定时同步", row)
    except Exception as exc:  # noqa: BLE001 - a thread's failure goes on the staff page, not into the void
        StaffSync.objects.filter(pk=row.pk).update(state=StaffSync.State.FAILED, finished=timezone.now(),
                                                   report=f"同步没有完成：{type(exc).__name__}")
    finally:
        close_old_connections()


class ScheduledSync:
    """Middleware: keeps the staff list in step with the directory when staff_directory is set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            scheduled()
        except Exception:  # noqa: BLE001 - never a page lost to the scheduler
            pass
        return self.get_response(request)
