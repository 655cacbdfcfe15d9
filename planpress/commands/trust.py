"""planpress trust show / planpress trust demo-pin: what this machine trusts, outside the repository."""

from __future__ import annotations

import sys
from pathlib import Path


def add_arguments(parser) -> None:
    sub = parser.add_subparsers(dest="trust_command", metavar="操作", required=True)
    sub.add_parser("show", help="显示本机的固定信任文件（根证书的 SHA-256、是否要求可信时间戳、电子签批启用日期）和名册里根证书的 SHA-256")
    demo = sub.add_parser("demo-pin", help="只为演示：把 planpress 自带的演示根证书固定在本机的用户设置里（仓库以外）")
    demo.add_argument("--if-no-pins", action="store_true", help="本机已有固定信任文件时什么也不做（make 这样调用）")


def run(args) -> int:
    from .. import machine

    if args.trust_command == "demo-pin":
        path, demo = machine.location()
        if args.if_no_pins and (path.exists() or demo):
            return 0
        written = machine.write_demo()
        print(f"本机没有固定信任根证书：只为演示，已把 planpress 自带的演示根证书固定在 {written}（仓库以外，只对本机的这个用户有效）。",
              file=sys.stderr)
        print("    这个文件只能固定演示根证书，不要求可信时间戳；医院使用时由证书管理员建立 /etc/planpress/trust-pins"
              "（见使用手册 docs/manual/04-approvals.md“固定信任根证书”），演示的固定就不再起作用。", file=sys.stderr)
        return 0
    return _show(Path(args.root), machine)


def _show(root: Path, machine) -> int:
    from ..sources import people

    pins = machine.read()
    path, demo = machine.location()
    if pins is None:
        print(f"本机没有固定信任文件（{path}）：本机不能发布，生成的输出里签名标为“未核验”。")
    else:
        kind = "演示用的固定信任文件（只信任 planpress 演示根证书）" if demo else "固定信任文件"
        print(f"本机的{kind}：{pins.path}")
        for pin in sorted(pins.anchors):
            print(f"  根证书 SHA-256 {pin}")
        print(f"  可信时间戳：{'必须有' if pins.timestamps_required else '可以没有（timestamps: optional）'}")
        print(f"  电子签批启用日期：{pins.electronic_since or '没有在本机登记（以 planpress.yaml 为准）'}")
        for problem in pins.problems:
            print(f"  看不懂的一行：{problem}")
    loaded, _ = people.load(root / "source")
    if loaded.source is not None and loaded.ok:
        from ..trust.roster import RosterError, parse_roster

        try:
            written = parse_roster(loaded.source.data, root / "source")
        except RosterError:
            return 0
        for anchor in (*written.anchors, *written.timestamp_anchors):
            pinned = pins is not None and anchor.sha256 in pins.anchors
            print(f"名册里的根证书 {anchor.file.name}：SHA-256 {anchor.sha256}（{'已固定' if pinned else '没有固定'}）")
    return 0
