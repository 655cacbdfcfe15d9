"""The roster (source/people.yaml): who may sign, with which certificates, under which trust anchor.

    trust_anchors:                      # the hospital's CA certificate(s), files under source/
      - certificates/hospital-ca.pem
    release_signers: [zhou-min]         # who may sign releases (质量管理科 document controller)
    people:
      liu-yingen:                       # the key documents name in `signatories`
        name: 刘迎恩                    # exactly as on the certificate (its CN)
        department: 院办
        title: 分管副院长
        staff_id: "000123"              # optional: the certificate's subject serialNumber (工号)
        certificates:                   # public certificates only, oldest first; renewals are added,
          - certificates/liu-yingen-2023.pem       # never replaced, so old approvals stay verifiable
          - {file: certificates/liu-yingen-2026.pem, revoked: 2027-03-01}   # stopped (key lost, left)

`parse_roster` takes the data as the YAML loader gives it (dates may still be strings) and the
source folder; every problem carries the data path of the offending entry, for the loader to turn
into a file location. Only public certificates: a file holding a private key is an error.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from cryptography import x509

from . import certs
from .chain import check_chain, check_signing_usage
from .reasons import Reason, TrustError, failure

ROSTER_FILE = "people.yaml"
FieldPath = tuple[str | int, ...]
PERSON_KEY = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
TOP_FIELDS = {"trust_anchors", "release_signers", "people"}
OPTIONAL_FIELDS = {"transcription_witnesses", "timestamp_anchors"}
PERSON_FIELDS = {"name", "department", "title", "staff_id", "certificates"}
MAX_CERT_BYTES = 64 * 1024


@dataclasses.dataclass(frozen=True)
class DataProblem:
    """A problem in source data, at a data path the loader turns into a file location."""

    path: FieldPath  # e.g. ("people", "liu-yingen", "certificates", 0)
    code: str
    message: str
    hint: str = ""


class RosterError(Exception):
    def __init__(self, problems: list[DataProblem]):
        self.problems = tuple(problems)
        super().__init__("\n".join(p.message for p in self.problems))


@dataclasses.dataclass(frozen=True)
class TrustAnchor:
    certificate: x509.Certificate
    sha256: str
    file: Path
    path: FieldPath


@dataclasses.dataclass(frozen=True)
class PersonCertificate:
    certificate: x509.Certificate
    sha256: str
    file: Path
    revoked: dt.date | None  # signatures made on or after this day are refused
    path: FieldPath


@dataclasses.dataclass(frozen=True)
class Person:
    key: str
    name: str
    department: str
    title: str
    staff_id: str | None
    certificates: tuple[PersonCertificate, ...]
    path: FieldPath

    def certificate(self, sha256: str) -> PersonCertificate | None:
        return next((c for c in self.certificates if c.sha256 == sha256), None)


@dataclasses.dataclass(frozen=True)
class Roster:
    anchors: tuple[TrustAnchor, ...]
    people: Mapping[str, Person]
    release_signers: tuple[str, ...]
    witnesses: tuple[str, ...] = ()  # transcription_witnesses: the second person of a transcription
    timestamp_anchors: tuple[TrustAnchor, ...] = ()  # CAs trusted for timestamps only (an outside TSA)
    # What this machine holds outside the repository (sources.people reads its pin file):
    pinned: bool = False  # the anchors were confirmed by this machine's pins
    timestamps_required: bool = False  # every signature must carry a trusted timestamp
    electronic_since: dt.date | None = None  # the cut-over to electronic approvals, when pinned here

    def may_witness(self, key: str) -> bool:
        return key in self.witnesses

    @property
    def timestamp_trust(self) -> list[x509.Certificate]:
        """The anchors a TSA's certificate may chain to."""
        return [a.certificate for a in (*self.anchors, *self.timestamp_anchors)]

    @property
    def person_certificates(self) -> frozenset[str]:
        """The SHA-256 of every person's certificate (never a TSA's)."""
        return frozenset(c.sha256 for p in self.people.values() for c in p.certificates)

    def person(self, key: str) -> Person | None:
        return self.people.get(key)

    def holder_of(self, sha256: str) -> Person | None:
        """The person under whose name this exact certificate is listed."""
        return next((p for p in self.people.values() if p.certificate(sha256)), None)

    def may_release(self, key: str) -> bool:
        return key in self.release_signers

    @property
    def anchor_certificates(self) -> list[x509.Certificate]:
        return [a.certificate for a in self.anchors]


def parse_roster(data: Any, base: Path) -> Roster:
    """The roster of `data` (people.yaml as plain data) with files under `base`; RosterError otherwise."""
    reader = _Reader(Path(base))
    roster = reader.roster(data)
    if reader.problems:
        raise RosterError(reader.problems)
    return roster


def check_pins(roster: Roster, pins: Collection[str]) -> list[DataProblem]:
    """Every trust anchor is one the verifying machine knows (SHA-256 pins kept outside the repository)."""
    pinned = {p.strip().lower().replace(":", "") for p in pins}
    problems = []
    for anchor in (*roster.anchors, *roster.timestamp_anchors):
        if anchor.sha256 not in pinned:
            found = failure(Reason.ANCHOR_NOT_PINNED, file=anchor.file.name, sha256=anchor.sha256)
            problems.append(DataProblem(anchor.path, "anchor-not-pinned", found.message, found.hint))
    return problems


class _Reader:
    def __init__(self, base: Path):
        self.base = base
        self.problems: list[DataProblem] = []

    def problem(self, path: FieldPath, code: str, message: str, hint: str = "") -> None:
        self.problems.append(DataProblem(path, code, message, hint))

    def roster(self, data: Any) -> Roster:
        if not isinstance(data, Mapping):
            self.problem((), "shape", "名册应为映射：trust_anchors、release_signers、people 三项。", "参照使用手册 docs/manual/04-approvals.md 的名册示例。")
            return Roster((), {}, ())
        for key in data:
            if key not in TOP_FIELDS | OPTIONAL_FIELDS:
                self.problem((key,), "shape", f"名册里没有“{key}”这一项。",
                             "只能有 trust_anchors、release_signers、transcription_witnesses、timestamp_anchors、people。")
        for key in sorted(TOP_FIELDS - set(data)):
            self.problem((), "shape", f"名册缺少“{key}”。", "参照使用手册 docs/manual/04-approvals.md 的名册示例补上。")
        anchors = tuple(self.anchors(data.get("trust_anchors")))
        people = self.people(data.get("people"), anchors)
        signers = self.release_signers(data.get("release_signers"), people)
        witnesses = self.release_signers(data.get("transcription_witnesses"), people, "transcription_witnesses")
        timestamp_anchors = tuple(self.anchors(data.get("timestamp_anchors"), "timestamp_anchors"))
        return Roster(anchors, people, signers, witnesses, timestamp_anchors)

    def anchors(self, data: Any, field: str = "trust_anchors"):
        if not isinstance(data, list) or not data:
            if data is not None and (field == "trust_anchors" or data != []):
                self.problem((field,), "shape", f"{field} 应为至少一个根证书文件的列表。",
                             f"例如 {field}: [certificates/hospital-ca.pem]")
            return
        for index, item in enumerate(data):
            path = (field, index)
            loaded = self.certificate_file(item, path)
            if loaded is None:
                continue
            certificate, file = loaded
            if not certs.is_ca(certificate):
                self.problem(path, "anchor-not-ca", f"{item} 不是 CA 证书，不能作为根证书。",
                             "trust_anchors 放医院证书颁发机构（CA）的证书，个人证书放在 people 下。")
                continue
            yield TrustAnchor(certificate, certs.sha256(certificate), file, path)

    def people(self, data: Any, anchors: tuple[TrustAnchor, ...]) -> dict[str, Person]:
        if not isinstance(data, Mapping):
            if data is not None:
                self.problem(("people",), "shape", "people 应为映射：人员的键 → 姓名、部门、职务、证书。", "参照使用手册 docs/manual/04-approvals.md 的名册示例。")
            return {}
        people = {}
        owners: dict[str, str] = {}  # certificate sha256 → person key
        for key, entry in data.items():
            person = self.person(key, entry, anchors)
            if person is None:
                continue
            for item in person.certificates:
                if item.sha256 in owners:
                    self.problem(item.path, "duplicate-certificate",
                                 f"这张证书已经登记在 {owners[item.sha256]} 名下，一张证书只能属于一个人。",
                                 "删去重复的登记。")
                owners.setdefault(item.sha256, key)
            people[key] = person
        self.same_names(people)
        return people

    def person(self, key: Any, entry: Any, anchors: tuple[TrustAnchor, ...]) -> Person | None:
        path = ("people", key)
        if not isinstance(key, str) or not PERSON_KEY.fullmatch(key):
            self.problem(path, "bad-key", f"人员的键“{key}”只能用小写字母、数字和连字符，例如 liu-yingen。",
                         "键用于文件里的 signatories，一旦使用不要再改。")
            return None
        if not isinstance(entry, Mapping):
            self.problem(path, "shape", f"{key} 应为映射：name、department、title、certificates。", "参照使用手册 docs/manual/04-approvals.md 的名册示例。")
            return None
        for field in entry:
            if field not in PERSON_FIELDS:
                self.problem((*path, field), "shape", f"{key} 里没有“{field}”这一项。",
                             "只能有 name、department、title、staff_id、certificates。")
        name = self.text(entry, "name", path)
        department = self.text(entry, "department", path)
        title = self.text(entry, "title", path)
        staff_id = self.text(entry, "staff_id", path, required=False)
        if None in (name, department, title):
            return None
        items = entry.get("certificates", [])
        if not isinstance(items, list):
            self.problem((*path, "certificates"), "shape", "certificates 应为证书文件的列表（可以为空：只在纸上签过字的人）。",
                         "例如 certificates: [certificates/liu-yingen-2026.pem]")
            items = []
        found = [self.person_certificate(item, (*path, "certificates", i), name, staff_id, anchors)
                 for i, item in enumerate(items)]
        return Person(key, name, department, title, staff_id, tuple(c for c in found if c), path)

    def person_certificate(self, item: Any, path: FieldPath, name: str, staff_id: str | None,
                           anchors: tuple[TrustAnchor, ...]) -> PersonCertificate | None:
        revoked = None
        if isinstance(item, Mapping):
            unknown = set(item) - {"file", "revoked"}
            if unknown or "file" not in item:
                self.problem(path, "shape", "证书写成文件名，或写成 {file: 文件名, revoked: 停用日期}。",
                             "例如 {file: certificates/liu-yingen-2026.pem, revoked: 2027-03-01}")
                return None
            revoked = self.day(item["revoked"], (*path, "revoked")) if "revoked" in item else None
            item = item["file"]
            path = (*path, "file")
        loaded = self.certificate_file(item, path)
        if loaded is None:
            return None
        certificate, file = loaded
        holder = certs.common_name(certificate.subject)
        if not certs.same_name(holder, name):
            self.problem(path, "certificate-name", f"{item} 是“{certs.shown(holder)}”的证书，不是“{name}”的。",
                         "名册里本人名下只能登记本人的证书：姓名须与证书上的（CN）完全一致。")
            return None
        if staff_id is not None and certs.serial_number_attribute(certificate.subject) != staff_id:
            self.problem(path, "staff-id", f"{item} 上的工号（serialNumber）不是 {staff_id}。",
                         "核对 staff_id，或换成本人的证书。")
            return None
        try:
            check_signing_usage(certificate)
            if anchors:
                check_chain(certificate, [a.certificate for a in anchors], certs.valid_from(certificate))
        except TrustError as exc:
            self.problem(path, "not-usable", f"{item}：{exc.failure.message}", exc.failure.hint)
            return None
        return PersonCertificate(certificate, certs.sha256(certificate), file, revoked, path)

    def release_signers(self, data: Any, people: Mapping[str, Person], field: str = "release_signers") -> tuple[str, ...]:
        if data is None:
            return ()
        if not isinstance(data, list) or not all(isinstance(k, str) for k in data):
            self.problem((field,), "shape", f"{field} 应为人员键的列表。", f"例如 {field}: [zhou-min]")
            return ()
        for index, key in enumerate(data):
            if key not in people:
                self.problem((field, index), "unknown-person", f"名册的 people 里没有“{key}”。",
                             "发布人和转录核对人须先登记在 people 里。")
            elif data.index(key) != index:
                self.problem((field, index), "shape", f"“{key}”写了两次。", "删去重复的一项。")
        return tuple(dict.fromkeys(k for k in data if k in people))

    def same_names(self, people: Mapping[str, Person]) -> None:
        seen: dict[str, Person] = {}
        for person in people.values():
            other = seen.setdefault(person.name, person)
            if other is not person and (other.staff_id is None or person.staff_id is None):
                self.problem(person.path, "same-name", f"{other.key} 和 {person.key} 同名（{person.name}）。",
                             "给两人都填写 staff_id（证书上的工号），签名才能区分是谁。")

    def certificate_file(self, item: Any, path: FieldPath) -> tuple[x509.Certificate, Path] | None:
        if not isinstance(item, str) or not item.strip():
            self.problem(path, "shape", "应写证书文件的路径（相对 source/），例如 certificates/liu-yingen-2026.pem。")
            return None
        file = (self.base / item).resolve()
        if not file.is_relative_to(self.base.resolve()):
            self.problem(path, "file", f"{item} 不在 source/ 里。", "证书文件放在 source/certificates/。")
            return None
        try:
            with file.open("rb") as stream:
                data = stream.read(MAX_CERT_BYTES + 1)
        except OSError as exc:
            self.problem(path, "file", f"无法读取证书文件 {item}（{exc.strerror or type(exc).__name__}）。",
                         "检查文件名；证书文件放在 source/certificates/。")
            return None
        if certs.holds_private_key(data):
            self.problem(path, "private-key", f"{item} 里有私钥！私钥绝不能放进仓库。",
                         "立即删除这个文件（并从 git 历史中清除），请证书管理员吊销这张证书并重新签发；"
                         "名册里只放公开证书（openssl pkcs12 -in 本人.p12 -nokeys -clcerts 导出）。")
            return None
        try:
            found = certs.load_certificates(data) if len(data) <= MAX_CERT_BYTES else []
        except ValueError:
            found = []
        if len(found) != 1:
            self.problem(path, "not-a-certificate", f"{item} 应正好包含一张 PEM 或 DER 格式的证书。",
                         "一个文件放一张证书；用 openssl x509 -in 文件 -noout -subject 检查。")
            return None
        return found[0], file

    def text(self, entry: Mapping, field: str, path: FieldPath, required: bool = True) -> str | None:
        value = entry.get(field)
        if value is None:
            if required:
                self.problem(path, "shape", f"{path[-1]} 缺少 {field}。", "参照使用手册 docs/manual/04-approvals.md 的名册示例补上。")
            return None
        if (not isinstance(value, str) or not value or value != value.strip() or certs.odd(value)
                or any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in value)):
            shown = certs.shown(value) if isinstance(value, str) else value
            self.problem((*path, field), "bad-text", f"{field}“{shown}”含有首尾空白或不可见字符（如变体选择符），或不是规范的文字。",
                         "照证书上的写法重新输入（不要从网页或聊天记录里复制）。")
            return None
        return value

    def day(self, value: Any, path: FieldPath) -> dt.date | None:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        try:
            return dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            self.problem(path, "bad-date", f"停用日期“{value}”不对。", "写成 YYYY-MM-DD，例如 2027-03-01。")
            return None
