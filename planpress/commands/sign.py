"""planpress sign DOC --p12 FILE [--role ROLE] [--pdf FILE]: the signatory digitally signs the released PDF."""

from __future__ import annotations

from pathlib import Path

from ..lifecycle.sign import SUBFILTER_NOTE, sign
from .password import asker


def add_arguments(parser) -> None:
    parser.add_argument("document", metavar="DOC", help="文件编号，例如 H-J-YA-028")
    parser.add_argument("--p12", required=True, metavar="FILE",
                        help="签署人本人的证书文件（.p12/.pfx，含私钥）；密码会在终端询问，不写在命令行上")
    parser.add_argument("--role", help="在哪一栏签名（默认：按证书在名册里对应的人找到他在 signatories 里的一栏）")
    parser.add_argument("--pdf", metavar="FILE", help="要签名的 PDF（默认：build/ 里这一版本的 PDF）")


def run(args) -> int:
    result = sign(args.root, args.document, Path(args.p12), asker(), role=args.role,
                  pdf=Path(args.pdf) if args.pdf else None)
    print(f"已签名：{result.signatory.role} {result.signatory.name}，{result.doc.number} {result.doc.version}，"
          f"{SUBFILTER_NOTE}，印章在第 {result.page + 1} 页审核批准表。")
    print(f"签名后的文件：{result.path}")
    return 0
