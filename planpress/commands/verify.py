"""planpress verify PDF --trust CA.pem: check the digital signatures of a PDF."""

from __future__ import annotations

from pathlib import Path

from ..lifecycle.verify import report, verify


def add_arguments(parser) -> None:
    parser.add_argument("pdf", metavar="PDF", help="要验证的 PDF 文件")
    parser.add_argument("--trust", required=True, metavar="CA.pem", help="医院信任的根证书（PEM 或 DER）")


def run(args) -> int:
    pdf, trust = Path(args.pdf), Path(args.trust)
    checks = verify(pdf, trust)
    print(report(pdf, trust, checks), end="")
    return 0 if all(c.ok for c in checks) else 1
