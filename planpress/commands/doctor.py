"""planpress doctor: which fonts and typesetting libraries this machine will use for the PDF."""

from __future__ import annotations

from pathlib import Path

from ..render.doctor import read_config, versions
from ..render.fonts import FontNotFound, find_font
from ..sources.names import CONFIG_FILE, SOURCE_DIR


ROLES = (("body", "正文"), ("heading", "标题"), ("title", "文件名称"))


def add_arguments(parser) -> None:
    pass


def run(args) -> int:
    problems: list[str] = []
    config_path = Path(args.root) / SOURCE_DIR / CONFIG_FILE
    print("planpress doctor：本机生成 PDF 所用的字体和排版组件\n")

    print(f"字体（{config_path}）")
    config = read_config(config_path, problems)
    if config is None:
        print("  ✗ 读不了设置文件，或设置文件有错误")
    else:
        for role, label in ROLES:
            family = getattr(config.fonts, role)
            try:
                face = find_font(family)
            except FontNotFound as exc:
                instead = f"，fontconfig 只能用“{exc.found}”代替" if exc.found else ""
                print(f"  ✗ {label}（fonts.{role}）：{family} → 找不到{instead}")
                problems.append(f"{config.location(f'fonts.{role}')}：找不到{label}字体“{family}”。"
                                "安装这个字体，或把名称改成 fc-list :lang=zh family 列出的一个。")
                continue
            collection = f"（字体集合中的第 {face.index + 1} 个）" if face.path.suffix.lower() in (".ttc", ".otc") else ""
            print(f"  ✓ {label}（fonts.{role}）：{family} → {face.path}{collection}")

    print("\n排版组件")
    found, has_subset = versions()
    for name, version in found:
        print(f"  {name:<11} {version}")
    if has_subset:
        print("  hb-subset   ✓ 已加载（libharfbuzz-subset0）：字体子集化快")
    else:
        print("  hb-subset   ✗ 没有加载：WeasyPrint 会改用 fontTools 截取字体，生成 PDF 慢几十倍")
        problems.append("安装 HarfBuzz 的字体子集库：apt-get install libharfbuzz-subset0（以 root 身份运行 make 会自动安装）。")

    print()
    if problems:
        print(f"发现 {len(problems)} 个问题：")
        for problem in problems:
            print(f"  - {problem}")
        return 1
    print("一切正常：可以生成 PDF。")
    return 0
