"""The `planpress` command: one sub-command per module in planpress/commands/."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback

from . import __version__, builders, dates
from .problems import SourceError

# Each module defines HELP, add_arguments(parser) and run(args) -> exit status.
COMMANDS = {
    "check": "planpress.commands.check",
    "build": "planpress.commands.build",
    "status": "planpress.commands.status",
    "revise": "planpress.commands.revise",
    "diff": "planpress.commands.diff",
    "approve": "planpress.commands.approve",
    "release": "planpress.commands.release",
    "sign": "planpress.commands.sign",
    "verify": "planpress.commands.verify",
    "doctor": "planpress.commands.doctor",
}

_ARGPARSE_CHINESE = (
    ("the following arguments are required", "缺少必需的参数"),
    ("unrecognized arguments", "不认识的参数"),
    ("invalid choice", "无效的选项"),
    ("expected one argument", "需要一个值"),
    ("argument ", "参数 "),
    ("choose from", "可选"),
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own messages are English; editors read Chinese
        for english, chinese in _ARGPARSE_CHINESE:
            message = message.replace(english, chinese)
        self.print_usage(sys.stderr)
        self.exit(2, f"planpress：用法错误：{message}\n    运行 planpress --help 查看用法。\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="planpress", description="受控文件（应急预案）：检查源文件，生成 PDF、应急处置卡和内网站点。")
    parser.add_argument("--version", action="version", version=f"planpress {__version__}")
    parser.add_argument("--root", default=".", help="项目根目录（含 source/ 的文件夹），默认当前目录")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(module_name)
        command = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    builders.warm_up_for(sys.argv[1:] if argv is None else argv)  # before the imports of build_parser()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    try:
        dates.today()
    except ValueError:
        print(f"planpress：环境变量 {dates.TODAY_VARIABLE} 不是 YYYY-MM-DD 格式的日期。", file=sys.stderr)
        return 2
    try:
        return args.run(args)
    except SourceError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("planpress：已中断。", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug of ours, not the user's: say so without a wall of Python
        print(f"planpress 内部错误：{type(exc).__name__}: {exc}\n"
              f"    这是程序的问题，不是您的输入的问题。请把这条信息发给维护者"
              f"（设置 PLANPRESS_DEBUG=1 可看到详细信息）。", file=sys.stderr)
        if os.environ.get("PLANPRESS_DEBUG"):
            traceback.print_exc()
        return 70
