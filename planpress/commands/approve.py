"""planpress approve DOC --role ROLE --p12 FILE: the signatory signs the approval of the current content."""

from __future__ import annotations

from pathlib import Path

from ..lifecycle.approve import approve
from .password import asker


def add_arguments(parser) -> None:
    parser.add_argument("document", metavar="DOC", help="文件编号，例如 H-J-YA-028")
    parser.add_argument("--role", required=True, help="审批角色，例如 主办、院领导批准（见文件的 signatories）")
    parser.add_argument("--p12", required=True, metavar="FILE",
                        help="签署人本人的证书文件（.p12/.pfx，含私钥）；密码会在终端询问，不写在命令行上")


def run(args) -> int:
    result = approve(args.root, args.document, args.role, Path(args.p12), asker())
    doc, stated = result.doc, result.statement
    print(f"已签署：{result.name}以“{result.role}”的身份{stated.meaning.value} {doc.number} {doc.version}"
          f"（{stated.signed_at.isoformat()}，内容指纹 {doc.short_fingerprint}）。")
    waiting = doc.waiting_roles
    if waiting:
        print(f"还缺少：{'、'.join(waiting)}。")
    else:
        print(f"审批已齐全，状态：{doc.state.value}。下一步：planpress release {doc.number} --p12 发布人证书.p12")
    return 0
