"""planpress revise DOC [--major] --reason "…": start the next version of a released document."""

from __future__ import annotations

from ..lifecycle.revise import revise


def add_arguments(parser) -> None:
    parser.add_argument("document", metavar="DOC", help="文件编号，例如 H-J-YA-028")
    parser.add_argument("--reason", required=True, help="修订原因，写入文件修订记录，例如 \"更新保卫科电话\"")
    parser.add_argument("--major", action="store_true", help="大改版：新版次 B/0（默认小改：A/0 → A/1）")
    parser.add_argument("--by", help="修订人或部门（默认：制定部门）")


def run(args) -> int:
    result = revise(args.root, args.document, args.reason, major=args.major, by=args.by)
    print(f"已开始修订 {args.document}：{result.old} → {result.new}（草稿），已写入 {result.path.name}。")
    if result.carried_edits:
        print(f"注意：{result.old} 发布后已有的改动会包括在 {result.new} 里；planpress diff {args.document} 可查看。")
    print("下一步：修改内容，填写生效日期（effective），运行 planpress check；"
          f"改完后用 planpress diff {args.document} 核对，再请审批人审批。")
    return 0
