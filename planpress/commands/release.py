"""planpress release DOC --p12 FILE [--transcription]: the release signer signs the release of the approved version."""

from __future__ import annotations

from pathlib import Path

from ..lifecycle.release import release
from .password import asker


def add_arguments(parser) -> None:
    parser.add_argument("document", metavar="DOC", help="文件编号，例如 H-J-YA-028")
    parser.add_argument("--p12", required=True, metavar="FILE",
                        help="发布人（名册的 release_signers，质量管理科）本人的证书文件（.p12/.pfx）；密码会在终端询问")
    parser.add_argument("--transcription", action="store_true",
                        help="转录：电子签批启用前在纸上签批的版本，由文件控制员核对纸质原件后发布（或重新签署转录）")


def run(args) -> int:
    result = release(args.root, args.document, Path(args.p12), asker(), transcription=args.transcription)
    doc, stated = result.doc, result.statement
    if result.resigned:
        print(f"已重新签署 {doc.number} {stated.version} 的转录发布：{stated.name}，{stated.signed_at.isoformat()}。")
        print(f"存档：{result.snapshot}（只换了发布签名，内容没有改动）")
        print("请提交到 git（例如 git add source && git commit）。")
        return 0
    what = "转录发布" if args.transcription else "发布"
    when = "已生效" if doc.in_force else f"将于 {doc.effective} 生效"
    print(f"已{what} {doc.number} {doc.version}：生效日期 {doc.effective}，{when}（{stated.name} 签署，"
          f"{stated.signed_at.isoformat()}）。")
    print(f"冻结的版本：{result.snapshot}")
    if result.previous is not None:
        timing = "已作废" if doc.in_force else f"自 {doc.effective} 起作废"
        print(f"上一版 {result.previous.version} {timing}（保留在存档里）。")
    print("请提交到 git（例如 git add source && git commit），并运行 make 重新生成输出。")
    return 0
