"""planpress release DOC: release the approved version, freeze it in the archive, supersede the last."""

from __future__ import annotations

from ..lifecycle.release import release


def add_arguments(parser) -> None:
    parser.add_argument("document", metavar="DOC", help="文件编号，例如 H-J-YA-028")


def run(args) -> int:
    result = release(args.root, args.document)
    doc = result.doc
    when = "已生效" if doc.in_force else f"将于 {doc.effective} 生效"
    print(f"已发布 {doc.number} {doc.version}：生效日期 {doc.effective}，{when}。")
    print(f"冻结的版本：{result.snapshot}")
    if result.previous is not None:
        timing = "已作废" if doc.in_force else f"自 {doc.effective} 起作废"
        print(f"上一版 {result.previous.version} {timing}（保留在存档里）。")
    print("请提交到 git（例如 git add source && git commit），并运行 make 重新生成输出。")
    return 0
