"""The `planpress` command: one sub-command per module in planpress/commands/."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback

from . import __version__, builders, dates, terminal
from .problems import SourceError

# name → (module, one-line help). A module defines add_arguments(parser) and run(args) -> exit
# status; only the module of the command being run is imported, so `check` starts fast.
COMMANDS = {
    "check": ("planpress.commands.check", "检查源文件：格式、编号、通讯录引用、日期、版本、审批和评审期限"),
    "build": ("planpress.commands.build", "生成输出：签批 PDF、应急处置卡、内网站点（先自动检查源文件）"),
    "status": ("planpress.commands.status", "显示文件状态：版本、草稿/已批准/已生效/已作废、审批是否齐全且与内容一致、下次评审日期"),
    "revise": ("planpress.commands.revise", "开始修订已发布的文件：版本 A/0 → A/1（--major：→ B/0），追加修订记录，状态回到草稿"),
    "diff": ("planpress.commands.diff", "比较两个版本（默认：最近发布的版本 → 工作副本）：新增、删除、修改、移动的条款，并建议修订记录"),
    "approve": ("planpress.commands.approve", "审批：签署人用本人证书签署对当前内容的审批（内容再改动，审批即失效）"),
    "release": ("planpress.commands.release", "发布：发布人用本人证书签署发布，冻结存档，到生效日期起生效，上一版随之作废"),
    "sign": ("planpress.commands.sign", "对发布版本的 PDF 做数字签名（PAdES），签名印章显示在审核批准表签署人一栏"),
    "verify": ("planpress.commands.verify", "验证 PDF 的数字签名：签名人、时间、完整性、是否可信、是否本文件的签署人"),
    "export-signatures": ("planpress.commands.export_signatures", "导出一个版本的审批和发布签名（声明 + CMS 签名），供审计人员用 openssl 验证"),
    "migrate": ("planpress.commands.migrate", "把旧格式（v1）的文件转换成现在的格式：内容、编号和指纹不变"),
    "import": ("planpress.commands.import_", "导入现有的 Word（.docx）、PDF 或文本文件，生成 source/<编号>.yaml，并报告原文的缺陷和待核对的内容"),
    "trust": ("planpress.commands.trust", "本机信任什么（仓库以外的固定信任文件）：show 显示，demo-pin 只为演示固定演示根证书"),
    "tsa": ("planpress.commands.tsa", "可信时间戳服务（RFC 3161）：init 生成私钥和证书申请，serve 在本机运行服务"),
    "doctor": ("planpress.commands.doctor", "检查本机生成 PDF 所用的字体、Pango、HarfBuzz（hb-subset）和各组件版本"),
    "serve": ("planpress.commands.serve", "启动内网应用（浏览器里编辑、预览、修订文件）：http://127.0.0.1:8000/"),
    "admin": ("planpress.commands.admin", "内网应用的账户：新建第一个管理员和各科室的账户，授予角色"),
    "audit": ("planpress.commands.audit", "内网应用的审计记录：检查审计链是否完整（verify），列出最近的记录（list）"),
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


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The full parser; with `argv`, only the command it names gets its arguments (and import)."""
    chosen = _command_in(argv) if argv is not None else None
    parser = _Parser(prog="planpress", description="受控文件（应急预案）：检查源文件，生成 PDF、应急处置卡和内网站点。")
    parser.add_argument("--version", action="version", version=f"planpress {__version__}")
    parser.add_argument("--root", default=".", help="项目根目录（含 source/ 的文件夹），默认当前目录")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    for name, (module_name, help_text) in COMMANDS.items():
        command = sub.add_parser(name, help=help_text, description=help_text)
        if argv is None or name == chosen:
            module = importlib.import_module(module_name)
            module.add_arguments(command)
            command.set_defaults(run=module.run)
    return parser


def _command_in(argv: list[str]) -> str | None:
    """The sub-command named on the command line (after options such as --root DIR)."""
    words = iter(argv)
    for word in words:
        if word == "--root":
            next(words, None)
        elif word in COMMANDS:
            return word
        elif not word.startswith("-"):
            return None
    return None


def run() -> None:
    """The `planpress` command: `main`, then an exit that skips freeing every object one by one.

    A build holds a few million objects (200 documents' models, MkDocs' pages); Python's own exit
    frees them one at a time, about half a second after the work is done. The output is flushed
    and the exit handlers run (helper processes, temporary folders) before the process ends.
    With other threads still running (none should be), the normal exit waits for them."""
    import atexit
    import threading

    status = main()
    if threading.active_count() > 1:
        raise SystemExit(status)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe or stream: nothing more can be said on it
            pass
    atexit._run_exitfuncs()
    os._exit(status if isinstance(status, int) else 1)


def main(argv: list[str] | None = None) -> int:
    import warnings

    with terminal.guarded(), warnings.catch_warnings():  # nothing printed can command the terminal
        if not os.environ.get("PLANPRESS_DEBUG"):
            warnings.simplefilter("ignore")  # libraries' English warnings (deprecations …) are not for a user
        return _main(argv)


def _main(argv: list[str] | None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if "build" in arguments:
        from .incremental import fastpath

        status = fastpath.replay(arguments)  # nothing changed since the last build: its report, and done
        if status is not None:
            return status
    builders.warm_up_for(arguments)  # before the imports of build_parser()
    parser = build_parser(arguments)
    args = parser.parse_args(arguments)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    args.argv = arguments
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
    except OSError as exc:
        from .render.atomic import disk_problem

        problem = disk_problem(exc)  # a full or read-only disk: the user's to fix, not a bug
        if problem is None:
            return _internal_error(exc)
        print(problem, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("planpress：已中断。", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug of ours, not the user's: say so without a wall of Python
        return _internal_error(exc)


def _internal_error(exc: BaseException) -> int:
    print(f"planpress 内部错误：{type(exc).__name__}: {exc}\n"
          f"    这是程序的问题，不是您的输入的问题。请把这条信息发给维护者"
          f"（设置 PLANPRESS_DEBUG=1 可看到详细信息）。", file=sys.stderr)
    if os.environ.get("PLANPRESS_DEBUG"):
        traceback.print_exc()
    return 70
