"""planpress doctor: which fonts and typesetting libraries this machine will use for the PDF."""

from __future__ import annotations

import ctypes
import platform
from pathlib import Path

from ..sources.loader import CONFIG_FILE, SOURCE_DIR
from ..model import Config
from ..problems import SourceError
from ..render.fonts import FontNotFound, find_font


ROLES = (("body", "正文"), ("heading", "标题"), ("title", "文件名称"))


def add_arguments(parser) -> None:
    pass


def run(args) -> int:
    problems: list[str] = []
    config_path = Path(args.root) / SOURCE_DIR / CONFIG_FILE
    print("planpress doctor：本机生成 PDF 所用的字体和排版组件\n")

    print(f"字体（{config_path}）")
    config = _read_config(config_path, problems)
    if config:
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
    versions, has_subset = _versions()
    for name, version in versions:
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


def _read_config(path: Path, problems: list[str]) -> Config | None:
    """Only the settings file: the doctor must work even when a plan has errors."""
    from ..model import assemble
    from ..sources import schema
    from ..sources.yamlsource import read_source

    try:
        source = read_source(path)
    except SourceError as exc:
        problems += [str(p) for p in exc.problems]
        print("  ✗ 读不了设置文件")
        return None
    found = schema.validate(source, "config")
    if found:
        problems += [str(p) for p in found]
        print("  ✗ 设置文件有错误")
        return None
    return assemble.config_from(source)


def _versions() -> tuple[list[tuple[str, str]], bool]:
    from ..render.weasy import has_hb_subset

    versions = [("Python", platform.python_version())]
    try:
        subset = has_hb_subset()
    except Exception as exc:  # WeasyPrint itself cannot load: say so, keep reporting
        versions.append(("WeasyPrint", f"无法加载（{exc}）"))
        return versions, False
    import weasyprint
    from weasyprint.text.ffi import pango

    versions.append(("WeasyPrint", weasyprint.__version__))
    versions.append(("Pango", _dotted(pango.pango_version())))
    versions.append(("HarfBuzz", _c_string("libharfbuzz.so.0", "hb_version_string")))
    versions.append(("fontconfig", _dotted(_c_int("libfontconfig.so.1", "FcGetVersion"))))
    return versions, subset


def _dotted(number: int | None) -> str:
    """15012 → 1.50.12 (Pango), 21400 → 2.14.0 (fontconfig)."""
    if number is None:
        return "未知"
    return f"{number // 10000}.{number // 100 % 100}.{number % 100}"


def _c_string(library: str, function: str) -> str:
    try:
        call = getattr(ctypes.CDLL(library), function)
    except (OSError, AttributeError):
        return "未知"
    call.restype = ctypes.c_char_p
    return call().decode()


def _c_int(library: str, function: str) -> int | None:
    try:
        return int(getattr(ctypes.CDLL(library), function)())
    except (OSError, AttributeError):
        return None
