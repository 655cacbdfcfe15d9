"""planpress verify PDF [--trust CA.pem]: check the digital signatures of a PDF against the roster."""

from __future__ import annotations

from pathlib import Path

from ..lifecycle.verify import report, verify


def add_arguments(parser) -> None:
    parser.add_argument("pdf", metavar="PDF", help="要验证的 PDF 文件")
    parser.add_argument("--trust", metavar="CA.pem",
                        help="受信任的根证书（PEM 或 DER）；默认用名册（source/people.yaml）里的根证书")


def run(args) -> int:
    pdf = Path(args.pdf)
    trust = Path(args.trust) if args.trust else None
    checks = verify(pdf, Path(args.root), trust)
    print(report(pdf, trust.name if trust else "名册的根证书", checks), end="")
    return 0 if all(c.ok for c in checks) else 1
