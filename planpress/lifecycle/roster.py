"""The roster as `check` trusts it: certificates chained to the trust anchor, anchors pinned on this
machine, no private key anywhere in source/.

`load` parses the roster with `trust.roster.parse_roster` and turns its data problems into
problems at their line and column. It also reports, for the whole of source/:

- every file that holds a private key (never in the repository: `trust.keyscan`);
- the trust anchor against the pins this machine keeps outside the repository (`planpress.machine`:
  `PLANPRESS_TRUST_PINS`, else /etc/planpress/trust-pins, else the demonstration pins `make` writes).
  With pins, an anchor that is not pinned is an error and is not trusted, and the roster carries
  what the pins say (pinned, timestamps required, a pinned cut-over); without pins, a warning
  every time, the outputs print 未核验 and `release` refuses: an insider who can write the
  repository could otherwise replace the hospital's CA and the roster with their own and sign anything;
- a warning when the anchor is planpress's demonstration CA (its subject says "planpress 演示");
- a warning for a person's department or title that `planpress import` left to review (待核对).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from ..problems import Location, Problem, error, warning
from ..sources.marks import UNKNOWN
from ..sources.people import People
from ..sources.yamlsource import SourceFile, format_field

DEMO_MARKER = "planpress 演示"  # in the subject of the demonstration CA shipped with planpress


@dataclasses.dataclass(frozen=True)
class Trusted:
    """The roster as the rest of planpress uses it."""

    roster: object  # trust.roster.Roster (empty when people.yaml is missing or broken)
    people: People  # its entries (empty when the roster is broken)
    pinned: bool  # the anchors were checked against this machine's pins


def empty_roster():
    from ..trust.roster import Roster

    return Roster((), {}, ())


def key_files(source_dir: Path) -> list[Problem]:
    from ..trust.keyscan import scan

    return [error(Location(path, 1, 1), "", f"这个文件里有私钥（或是 .p12 证书文件）！私钥绝不能放进仓库。（{why}）",
                  "立即删除这个文件（并从 git 历史中清除），请证书管理员吊销这张证书并重新签发；"
                  "仓库里只放公开证书（.pem）。")
            for path, why in scan(source_dir)]


def load(source_dir: Path, people: People) -> tuple[Trusted, list[Problem]]:
    """The roster of `people` (people.yaml, already read and validated) with its certificates."""
    source = people.source
    if source is None or not people.ok:
        return Trusted(empty_roster(), People({}, source, people.ok), False), []
    roster, problems = _parse(source, source_dir)
    if roster is None:
        return Trusted(empty_roster(), People({}, source, False), False), problems
    roster, pin_problems, pinned = _pinned(roster, source)
    problems += pin_problems
    problems += _demonstration(roster, source)
    problems += _unreviewed(roster, source)
    entries = {key: {"name": p.name, "department": p.department, "title": p.title} for key, p in roster.people.items()}
    return Trusted(roster, People(entries, source, True), pinned), problems


def _parse(source: SourceFile, source_dir: Path):
    from ..trust.roster import RosterError, parse_roster

    try:
        return parse_roster(source.data, source_dir), []
    except RosterError as exc:
        return None, [error(_at(source, p.path, p.code), format_field(p.path), p.message, p.hint) for p in exc.problems]


def _at(source: SourceFile, path: tuple, code: str) -> Location:
    if code == "shape" and path and path[-1] not in source.value_marks:
        return source.key_at(path)
    return source.at(path)


def _pinned(roster, source: SourceFile):
    """(the roster as this machine trusts it, problems, whether pins were found): only pinned
    anchors kept, and what the pin file says about timestamps and the cut-over."""
    from .. import machine
    from ..trust.roster import check_pins

    pins = machine.read()
    where = pins.path if pins is not None else machine.location()[0]
    anchors = "、".join(f"{a.file.name}（SHA-256 {a.sha256}）" for a in (*roster.anchors, *roster.timestamp_anchors))
    if pins is None:
        found = [warning(source.at(("trust_anchors",)), "trust_anchors",
                         f"信任根证书没有在本机固定（没有 {where}）：名册里的根证书 {anchors} 是否真是医院的根证书，"
                         "本机无法确认。有仓库写权限的人可以把它连同名册一起换成自己的证书。所以本机生成的 PDF 和站点里，"
                         "电子签名一律标为“未核验”，本机也不能发布（release）。",
                         f"由医院证书管理员把根证书的 SHA-256 写入本机的 {where}（每行一个；也可用环境变量 "
                         f"{machine.PINS_VARIABLE} 指定文件），见使用手册 docs/manual/04-approvals.md“固定信任根证书”；"
                         "只看演示时运行 make（它把演示根证书固定在本机的用户设置里）。")] if roster.anchors else []
        return roster, found, False
    problems = [error(Location(pins.path), "", f"本机的固定信任文件 {pins.path} {line}。",
                      "请证书管理员改正这个文件（每行一个根证书的 SHA-256）。") for line in pins.problems]
    if not pins.anchors:
        return dataclasses.replace(roster, anchors=(), timestamp_anchors=()), problems + [error(
            source.at(("trust_anchors",)), "trust_anchors",
            f"本机固定信任根证书的文件 {where} 是空的或无法读取：没有可信任的根证书。",
            "由医院证书管理员把根证书的 SHA-256 写入这个文件（每行一个）。")], True
    problems += [error(source.at(p.path), format_field(p.path), p.message,
                       f"{p.hint}（本机的登记：{where}）") for p in check_pins(roster, pins.anchors)]
    if pins.demo:
        problems.append(warning(source.at(("trust_anchors",)), "trust_anchors",
                                f"本机用的是演示用的固定信任文件 {where}（make 在没有固定信任文件的电脑上写入）：只信任 planpress "
                                "自带的演示根证书，不要求可信时间戳。",
                                "医院使用时由证书管理员建立 /etc/planpress/trust-pins（见使用手册 docs/manual/04-approvals.md"
                                "“固定信任根证书”）。"))
    elif not pins.timestamps_required:
        problems.append(warning(source.at(("trust_anchors",)), "trust_anchors",
                                f"本机的固定信任文件 {where} 写着 timestamps: optional：没有可信时间戳的电子签名仍被承认，"
                                "它们的签名时间只来自签署人电脑的时钟（可以被改成任何时间）。",
                                "医院的时间戳服务运行后删去这一行（默认要求每个签名都有可信时间戳）。"))
    kept = tuple(a for a in roster.anchors if a.sha256 in pins.anchors)  # an anchor not pinned is not trusted
    stamps = tuple(a for a in roster.timestamp_anchors if a.sha256 in pins.anchors)
    return dataclasses.replace(roster, anchors=kept, timestamp_anchors=stamps, pinned=bool(kept),
                               timestamps_required=pins.timestamps_required,
                               electronic_since=pins.electronic_since), problems, True


def _demonstration(roster, source: SourceFile) -> list[Problem]:
    problems = []
    for anchor in roster.anchors:
        if is_demonstration(anchor.certificate):
            problems.append(warning(source.at(anchor.path), format_field(anchor.path),
                                    f"信任根证书 {anchor.file.name} 是 planpress 自带的演示证书，不是医院的根证书："
                                    "用它做的签名（例如 H-J-YA-028 A/0 的转录发布）只是演示，不能作为审批依据。",
                                    "按使用手册 docs/manual/04-approvals.md“换成医院自己的根证书”建立医院的根证书、文件控制员和"
                                    "转录核对人的证书，然后由两人先后重新签署转录（planpress release --transcription）。"))
    return problems


def _unreviewed(roster, source: SourceFile) -> list[Problem]:
    """A department or title that `planpress import` could not read from the original (待核对)."""
    problems = []
    for key, person in roster.people.items():
        for field, label in (("department", "部门"), ("title", "职务")):
            if UNKNOWN in getattr(person, field):
                path = ("people", key, field)
                problems.append(warning(source.at(path), format_field(path),
                                        f"{person.name}（{key}）的{label}还没有核对：导入时原文这一格是空的。",
                                        f"填写本人的{label}（审核批准表里印的就是它），然后删掉“待核对”的注释。"))
    return problems


def is_demonstration(certificate) -> bool:
    return DEMO_MARKER in certificate.subject.rfc4514_string()
