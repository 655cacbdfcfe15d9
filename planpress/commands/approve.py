"""planpress approve DOC --role ROLE --name NAME [--date D]: record an approval of the current content."""

from __future__ import annotations

from ..lifecycle.approve import approve


def add_arguments(parser) -> None:
    parser.add_argument("document", metavar="DOC", help="文件编号，例如 H-J-YA-028")
    parser.add_argument("--role", required=True, help="审批角色，例如 主办、院领导批准（见文件的 signatories）")
    parser.add_argument("--name", required=True, help="审批人姓名，须与 signatories 一致")
    parser.add_argument("--date", help="批准日期 YYYY-MM-DD（默认今天）")


def run(args) -> int:
    result = approve(args.root, args.document, args.role, args.name, args.date)
    doc = result.doc
    print(f"已记录：{result.role} {result.name} 于 {result.date} 批准 {doc.number} {doc.version}"
          f"（内容指纹 {doc.short_fingerprint}）。")
    waiting = [s.role for s in doc.signatories
               if doc.approval(s.role) is None or doc.approval(s.role).fingerprint != doc.fingerprint]
    if waiting:
        print(f"还缺少：{'、'.join(waiting)}。")
    else:
        print(f"审批已齐全，状态：{doc.state.value}。下一步：planpress release {doc.number}")
    return 0
