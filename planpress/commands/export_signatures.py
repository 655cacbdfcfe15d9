"""planpress export-signatures DOC --out DIR [--version V]: the signed statements as files for openssl."""

from __future__ import annotations

from pathlib import Path

from ..lifecycle.export import export


def add_arguments(parser) -> None:
    parser.add_argument("document", metavar="DOC", help="文件编号，例如 H-J-YA-028")
    parser.add_argument("--out", required=True, metavar="DIR", help="写到哪个文件夹")
    parser.add_argument("--version", help="哪个版本，例如 A/1（默认：最近发布的版本）")


def run(args) -> int:
    result = export(args.root, args.document, Path(args.out), args.version)
    print(f"已导出 {result.doc.number} {result.doc.version} 的签名到 {result.folder}/：")
    for path in result.files:
        print(f"  {path.name}")
    print("用 openssl 验证的命令见 README.txt。")
    return 0
