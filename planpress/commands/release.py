"""planpress release DOC --p12 FILE [--transcription [--version V]]: the release signer signs the
release of the approved version; a transcription takes the document controller and a witness."""

from __future__ import annotations

from pathlib import Path

from ..lifecycle.release import release
from .password import asker


def add_arguments(parser) -> None:
    parser.add_argument("document", metavar="DOC", help="文件编号，例如 H-J-YA-028")
    parser.add_argument("--p12", required=True, metavar="FILE",
                        help="发布人（名册的 release_signers，质量管理科）或转录核对人本人的证书文件（.p12/.pfx）；密码会在终端询问")
    parser.add_argument("--transcription", action="store_true",
                        help="转录：电子签批启用前在纸上签批的版本，由文件控制员核对纸质原件后签署，再由核对人签署核对"
                             "（或重新签署已存档版本的转录）")
    parser.add_argument("--version", metavar="V", help="与 --transcription 一起用：重新签署这个已存档版本（例如 A/0）的转录，"
                                                       "不管工作副本现在是哪一版")


def run(args) -> int:
    result = release(args.root, args.document, Path(args.p12), asker(), transcription=args.transcription,
                     version=args.version)
    doc, stated = result.doc, result.statement
    when = _shown_time(stated)
    if result.witnessed:
        print(f"已核对签署 {doc.number} {stated.version} 的转录：{stated.name}，{when}。")
        print(f"转录的两个签名都已完成，{doc.number} {stated.version} 的状态：{_state(result)}。")
        print("请提交到 git（例如 git add source && git commit），并运行 make 重新生成输出。")
        return 0
    if result.resigned:
        print(f"已重新签署 {doc.number} {stated.version} 的转录发布：{stated.name}，{when}。")
        print(f"存档：{result.snapshot}（只换了发布签名，内容没有改动）")
        _witness_next(result, args)
        print("请提交到 git（例如 git add source && git commit）。")
        return 0
    if args.transcription:
        print(f"已签署 {doc.number} {doc.version} 的转录：生效日期 {doc.effective}（{stated.name} 签署，{when}）。")
        print(f"冻结的版本：{result.snapshot}")
        _witness_next(result, args)
        print("请提交到 git（例如 git add source && git commit）。")
        return 0
    state = "已生效" if doc.in_force else f"将于 {doc.effective} 生效"
    print(f"已发布 {doc.number} {doc.version}：生效日期 {doc.effective}，{state}（{stated.name} 签署，{when}）。")
    print(f"冻结的版本：{result.snapshot}")
    if result.previous is not None:
        timing = "已作废" if doc.in_force else f"自 {doc.effective} 起作废"
        print(f"上一版 {result.previous.version} {timing}（保留在存档里）。")
    print("请提交到 git（例如 git add source && git commit），并运行 make 重新生成输出。")
    return 0


def _witness_next(result, args) -> None:
    if result.waiting_for_witness:
        version = f" --version {args.version}" if args.version else ""
        print(f"还须第二人核对：转录核对人（名册的 transcription_witnesses）对照纸质原件核对存档后运行 "
              f"planpress release {result.doc.number} --transcription{version} --p12 本人证书.p12；在此之前这一版算草稿。")


def _state(result) -> str:
    return result.doc.state.value if str(result.doc.version) == result.statement.version else "已发布"


def _shown_time(statement) -> str:
    return statement.signed_at.isoformat()
