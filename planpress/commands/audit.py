"""planpress audit verify | list: the intranet application's audit trail."""

from __future__ import annotations

import sys
from pathlib import Path


def add_arguments(parser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="操作")
    sub.add_parser("verify", help="检查审计链：记录是否被改动、删除或插入")
    show = sub.add_parser("list", help="列出最近的审计记录")
    show.add_argument("--last", type=int, default=30, help="条数（默认 30）")


def run(args) -> int:
    if getattr(args, "action", None) not in ("verify", "list"):
        print("planpress audit：请给出操作：verify 或 list。", file=sys.stderr)
        return 2
    from ..web import bootstrap

    bootstrap.setup(Path(args.root))
    bootstrap.migrate()
    from ..web.audit.chain import verify
    from ..web.audit.models import AuditRecord

    if args.action == "list":
        for record in reversed(AuditRecord.objects.order_by("-seq")[: max(1, args.last)]):
            print(f"{record.seq}\t{record.at.astimezone():%Y-%m-%d %H:%M:%S}\t{record.actor}\t"
                  f"{record.get_action_display()}\t{record.document}\t{record.version}\t{record.reason}")
        return 0
    count, breaks = verify()
    if breaks:
        for item in breaks:
            print(f"审计链被破坏：{item.message}", file=sys.stderr)
        print(f"检查了 {count} 条记录：审计链不完整（{len(breaks)} 处问题）。", file=sys.stderr)
        return 1
    print(f"审计链完好：{count} 条记录首尾相接，没有被改动、删除或插入。")
    return 0
