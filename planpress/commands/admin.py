"""planpress admin …: accounts of the intranet application (the first administrator, editors, roles)."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

ROLES = "编辑、签署人、文件控制员、管理员、员工"


def add_arguments(parser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="操作")
    create = sub.add_parser("create-user", help="新建账户（打印临时密码，首次登录须修改）")
    create.add_argument("username", help="用户名（登录用），例如 sunxl")
    create.add_argument("--name", default="", help="姓名，例如 孙晓琳（印在修改记录上）")
    create.add_argument("--department", default="", help="部门，例如 医务科；编辑角色可以编辑这个制定部门的文件")
    create.add_argument("--email", default="", help="电子邮箱（git 提交的作者邮箱）")
    create.add_argument("--person", default="", help="签署人名册 people.yaml 中的键，例如 sun-xiaolin（签署人须填）")
    create.add_argument("--role", action="append", default=[], help=f"角色，可重复：{ROLES}")
    create.add_argument("--password", action="store_true", help="自己输入初始密码（默认生成临时密码）")
    role = sub.add_parser("set-role", help="授予（或 --remove 撤销）角色")
    role.add_argument("username")
    role.add_argument("role", help=ROLES)
    role.add_argument("--department", default="", help="编辑角色：哪个制定部门的文件")
    role.add_argument("--remove", action="store_true", help="撤销这个角色")
    grant = sub.add_parser("grant", help="允许账户编辑某一份文件（不论制定部门）")
    grant.add_argument("username")
    grant.add_argument("document", help="文件编号")
    grant.add_argument("--remove", action="store_true")
    reset = sub.add_parser("reset-password", help="重设密码（打印临时密码，并解除锁定）")
    reset.add_argument("username")
    unlock = sub.add_parser("unlock", help="解除因密码错误造成的锁定")
    unlock.add_argument("username")
    sub.add_parser("list", help="列出所有账户和角色")
    sub.add_parser("sync-staff", help="从医院的 LDAP / AD 同步员工名单（planpress.yaml 的 staff_directory）")


def run(args) -> int:
    if not getattr(args, "action", None):
        print(f"planpress admin：请给出操作，例如 planpress admin create-user admin --name 系统管理员 --role 管理员。"
              "运行 planpress admin --help 查看全部操作。", file=sys.stderr)
        return 2
    from ..web import bootstrap

    bootstrap.setup(Path(args.root))
    bootstrap.migrate()
    from ..web.accounts import manage

    try:
        return _ACTIONS[args.action](args, manage)
    except manage.AccountError as exc:
        print(f"planpress admin：{exc}", file=sys.stderr)
        return 1


def _create(args, manage) -> int:
    roles = [(role, args.department) for role in args.role]
    password = None
    if args.password:
        password = getpass.getpass("初始密码：")
        if password != getpass.getpass("再输入一次："):
            print("planpress admin：两次输入的密码不一致，没有新建账户。", file=sys.stderr)
            return 1
    superuser = any(manage.role_value(r) == "admin" for r, _ in roles)
    account, first = manage.create_account(args.username, name=args.name, department=args.department,
                                           email=args.email, person=args.person, roles=roles, password=password,
                                           superuser=superuser)
    print(f"已新建账户 {account.username}（{account.shown_name}）：{'、'.join(account.roles)}。")
    if not password:
        print(f"临时密码：{first}")
    print("首次登录后须设置自己的新密码。")
    return 0


def _set_role(args, manage) -> int:
    account = manage.set_role(args.username, args.role, args.department, remove=args.remove)
    print(f"{account.username} 现在的角色：{'、'.join(account.roles)}。")
    return 0


def _grant(args, manage) -> int:
    manage.grant_document(args.username, args.document, remove=args.remove)
    print(f"已{'撤销' if args.remove else '允许'} {args.username} 编辑 {args.document}。")
    return 0


def _reset(args, manage) -> int:
    first = manage.reset_password(args.username)
    print(f"{args.username} 的临时密码：{first}（已解除锁定；登录后须设置新密码）")
    return 0


def _unlock(args, manage) -> int:
    manage.unlock(args.username)
    print(f"已解除 {args.username} 的锁定。")
    return 0


def _list(args, manage) -> int:
    from ..web.accounts.models import Account

    accounts = Account.objects.order_by("username")
    if not accounts:
        print("还没有账户。")
    for account in accounts:
        state = "已停用" if not account.is_active else ("已锁定" if account.is_locked() else "")
        columns = [account.username, account.shown_name, account.department or "—", "、".join(account.roles),
                   account.person, state]
        print("\t".join(c for c in columns if c))
    return 0


def _sync_staff(args, manage) -> int:
    from ..web.acknowledge import directorysync
    from ..web.acknowledge.models import StaffSync
    from ..web.documents import project

    loaded = project.load()
    if loaded.project is None:
        print("planpress admin：source/ 里的设置或通讯录有错误，先运行 planpress check 改正。", file=sys.stderr)
        return 1
    if loaded.project.config.staff_directory is None:
        print("planpress admin：planpress.yaml 里没有 staff_directory，不从目录同步（使用手册 11：从 LDAP / AD 同步员工名单）。",
              file=sys.stderr)
        return 1
    done = directorysync.run_and_record(loaded.project, "planpress admin sync-staff")
    if done.state != StaffSync.State.DONE:
        print(f"planpress admin：{done.report}", file=sys.stderr)
        return 1
    print(f"已从目录同步员工名单：新增 {done.added} 人，更新 {done.updated} 人，离职 {done.left} 人。")
    if done.report:
        print("以下目录条目没有读入（这些人保持原样）：\n" + done.report, file=sys.stderr)
    return 0


_ACTIONS = {"create-user": _create, "set-role": _set_role, "grant": _grant, "reset-password": _reset,
            "unlock": _unlock, "list": _list, "sync-staff": _sync_staff}
