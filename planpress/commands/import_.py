"""planpress import FILE [--number N] [--out PATH] [--force]: a Word file, a PDF or extracted text
into source/<number>.yaml, with a report of the original's defects and of what needs review."""

from __future__ import annotations

import sys
from pathlib import Path


def add_arguments(parser) -> None:
    parser.add_argument("file", metavar="FILE", help="要导入的 Word（.docx）、PDF（.pdf）或文本（.txt）文件")
    parser.add_argument("--number", metavar="编号", help="文件编号（原文没有或要改用别的编号时），例如 H-J-ZD-001")
    parser.add_argument("--title", metavar="标题", help="文件名称（原文没有标题或要改用别的标题时）")
    parser.add_argument("--out", metavar="PATH", help="写到这个文件（默认 source/<编号>.yaml）")
    parser.add_argument("--force", action="store_true", help="目标文件已存在时覆盖它（默认不覆盖）")


def run(args) -> int:
    from ..importer import run as import_file
    root = Path(args.root)
    result = import_file(Path(args.file), root, number=args.number, out=Path(args.out) if args.out else None,
                         force=args.force, title=args.title)
    lines = result.report.lines()
    if lines:
        print("导入报告（原文的位置：第几页第几行，或 Word 的第几段、第几个表格）：")
        for line in lines:
            print(line)
        print()
    print(f"已导入：{_shown(result.path)}（{result.number} {result.data['title']}）。{result.report.summary()}")
    if result.new_contacts:
        print(f"通讯录 {_shown(result.contacts_path)} 新增 {len(result.new_contacts)} 个条目（{'、'.join(result.new_contacts)}），"
              "标为“待核对”；已有的条目和号码没有改动。")
    if result.new_styles:
        print(f"卡片样式 {_shown(result.config_path)} 新增 {len(result.new_styles)} 个（{'、'.join(result.new_styles)}），"
              "标为“待核对”；其他设置没有改动。")
    if result.new_frames:
        print(f"框架 {_shown(result.config_path)} 新增 {len(result.new_frames)} 个（{'、'.join(result.new_frames)}），供“章—条”体例的制度使用，"
              "标为“待核对”；其他设置没有改动。")
    if result.proposed_people:
        print(f"签署人名册没有改动；报告里建议登记 {len(result.proposed_people)} 人（{'、'.join(result.proposed_people)}），"
              "请核对后由管理名册的人写进 source/people.yaml。")
    print("下一步：逐条核对标“待核对”的内容，然后运行 planpress check。")
    if result.paper:
        print(f"审核批准导入为纸质签批（{'、'.join(result.paper)}）：核对签署人在名册里的姓名、部门、职务，在 approvals 里写明"
              f"每份签字原件的存放处（original），再由质量管理科的文件控制员核对原件、签署转录："
              f"planpress release {result.number} --transcription --p12 本人证书.p12。转录之前这一版算草稿，PDF 不印签批日期。")
    return 0


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run(None))
