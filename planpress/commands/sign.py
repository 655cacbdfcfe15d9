"""planpress sign DOC --p12 FILE [--password …] [--role ROLE] [--pdf FILE]: digitally sign the released PDF."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from ..lifecycle.sign import SUBFILTER_NOTE, sign

PASSWORD_VARIABLE = "PLANPRESS_P12_PASSWORD"


def add_arguments(parser) -> None:
    parser.add_argument("document", metavar="DOC", help="文件编号，例如 H-J-YA-028")
    parser.add_argument("--p12", required=True, metavar="FILE", help="签署人的个人证书（.p12/.pfx，含私钥）")
    parser.add_argument("--password", help=f"证书密码（也可用环境变量 {PASSWORD_VARIABLE}；都没有时在终端询问）")
    parser.add_argument("--role", help="以哪个审批角色签名（默认：按证书姓名对应 signatories）")
    parser.add_argument("--pdf", metavar="FILE", help="要签名的 PDF（默认：build/ 里这一版本的 PDF）")


def run(args) -> int:
    password = args.password if args.password is not None else os.environ.get(PASSWORD_VARIABLE)
    if password is None and sys.stdin.isatty():
        password = getpass.getpass("证书密码：")
    result = sign(args.root, args.document, Path(args.p12), password, role=args.role,
                  pdf=Path(args.pdf) if args.pdf else None)
    print(f"已签名：{result.signatory.role} {result.signatory.name}，{result.doc.number} {result.doc.version}，"
          f"{SUBFILTER_NOTE}，印章在第 {result.page + 1} 页审核批准表。")
    print(f"签名后的文件：{result.path}")
    return 0
