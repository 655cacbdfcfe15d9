"""What this machine holds outside the repository: its trust pins. Standard library only (the
incremental build's fast path reads where they are before anything else is imported).

Someone who can write the repository can replace the roster's trust anchor, the cut-over date in
planpress.yaml and every file of source/; what decides whether an approval is believed must
therefore come from elsewhere. The certificate administrator keeps, on each machine that
publishes (builds what staff read, or releases) and on the auditor's, a pin file only the
administrator can change:

    # 某某医院：本机信任的根证书（SHA-256，每行一个）
    3f0c5e…(64 hex digits; colons allowed)
    electronic-since: 2026-12-01      # optional: the cut-over to electronic approvals, pinned here
    timestamps: required              # the default; "optional" accepts signatures without a trusted
                                      # timestamp (only until the hospital's TSA runs; loudly warned)

It is `PLANPRESS_TRUST_PINS` when set (only that file), else /etc/planpress/trust-pins, else the
demonstration pin file `make` writes on a fresh machine (~/.config/planpress/demo-trust-pins):
that one can pin nothing but planpress's own demonstration CA (its SHA-256 is written here, in
the code, not taken from the file), requires no timestamps, and says so on every check.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from pathlib import Path

PINS_VARIABLE = "PLANPRESS_TRUST_PINS"
TSA_URL_VARIABLE = "PLANPRESS_TSA_URL"  # the TSA this machine asks (overrides planpress.yaml's timestamp_service)
DEFAULT_PINS = Path("/etc/planpress/trust-pins")
DEMO_PINS = Path("~/.config/planpress/demo-trust-pins")
# source/certificates/planpress-demo-ca.pem: the demonstration CA (its key was destroyed when made)
DEMO_CA_SHA256 = "09399d518cb88bbb7a27d1238bff841132bfab299db1d5e22e7e10e630f2d35c"
MAX_BYTES = 64 * 1024
_PIN = re.compile(r"[0-9a-f]{64}")


@dataclasses.dataclass(frozen=True)
class Pins:
    path: Path
    anchors: frozenset[str]  # SHA-256 of the pinned CA certificates
    timestamps_required: bool
    electronic_since: dt.date | None
    demo: bool  # the demonstration pin file: only planpress's demonstration CA
    problems: tuple[str, ...] = ()  # lines that could not be read (Chinese)


def location() -> tuple[Path, bool]:
    """(the pin file this machine uses, whether it is the demonstration pin file)."""
    given = os.environ.get(PINS_VARIABLE)
    if given:
        return Path(given), False
    if os.path.lexists(DEFAULT_PINS):
        return DEFAULT_PINS, False
    demo = DEMO_PINS.expanduser()
    if demo.is_file():
        return demo, True
    return DEFAULT_PINS, False


def read() -> Pins | None:
    """This machine's pins, or None when it has no pin file."""
    path, demo = location()
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_BYTES)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return Pins(path, frozenset(), True, None, False, (f"无法读取（{exc.strerror}）",))
    if demo:
        return Pins(path, frozenset({DEMO_CA_SHA256}), False, None, True)
    return parse(path, data.decode("utf-8", errors="replace"))


def parse(path: Path, text: str) -> Pins:
    anchors, problems = set(), []
    required, cutover = True, None
    for number, line in enumerate(text.splitlines(), start=1):
        value = line.split("#", 1)[0].strip()
        if not value:
            continue
        key, colon, rest = value.partition(":")
        key, rest = key.strip().lower(), rest.strip().lower()
        if colon and key == "timestamps" and rest in ("required", "optional"):
            required = rest == "required"
        elif colon and key == "electronic-since":
            try:
                cutover = dt.date.fromisoformat(rest)
            except ValueError:
                problems.append(f"第 {number} 行的电子签批启用日期“{rest}”不是 YYYY-MM-DD")
        elif _PIN.fullmatch(value.lower().replace(":", "")):
            anchors.add(value.lower().replace(":", ""))
        else:
            problems.append(f"第 {number} 行“{value[:40]}”看不懂（应为根证书的 SHA-256、"
                            "timestamps: required/optional 或 electronic-since: 日期）")
    return Pins(path, frozenset(anchors), required, cutover, False, tuple(problems))


def write_demo() -> Path:
    """The demonstration pin file (for `make` on a fresh machine): outside the repository, in the
    user's configuration folder; it can only ever pin planpress's demonstration CA."""
    path = DEMO_PINS.expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# planpress 演示：本机只信任 planpress 自带的演示根证书（不是医院的根证书）。\n"
                    "# 由 make 在没有固定信任文件的电脑上写入；医院使用时由证书管理员建立 /etc/planpress/trust-pins，\n"
                    "# 之后这个文件不再起作用，可以删除。\n"
                    f"{DEMO_CA_SHA256}\n", "utf-8")
    return path
