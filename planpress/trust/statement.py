"""The statement a person signs: an approval of a version's content, or a release of its archive.

Its canonical bytes are UTF-8 text, one `key: value` line per field in a fixed order, after a
first line naming the format and its version, and a last line saying the same in a Chinese
sentence (what the signer read and meant, 21 CFR 11.50). A person reads it with
`openssl cms -verify … -out -`; `parse_statement` accepts only bytes that are exactly the
canonical form of the fields they hold, so two different byte strings never mean the same thing.

    planpress-statement/1
    kind: approval
    document: H-J-YA-028
    version: A/1
    role: 院领导批准
    meaning: 批准
    person: liu-yingen
    name: 刘迎恩
    signed-at: 2026-11-26T10:15:00+08:00
    digest-format: 2
    digest: sha256:3f0c…(64 hex)
    declaration: 刘迎恩以“院领导批准”的身份批准 H-J-YA-028 A/1（内容指纹 3f0c…前 16 位）。
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import re
import unicodedata

from .reasons import Reason, TrustError

FORMAT_LINE = "planpress-statement/1"
FIELDS = ("kind", "document", "version", "role", "meaning", "person", "name", "signed-at",
          "digest-format", "digest", "declaration")
PERSON_KEY = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
DIGEST = re.compile(r"[0-9a-f]{64}")
MAX_BYTES = 4096


class Kind(enum.Enum):
    APPROVAL = "approval"  # digest: the content fingerprint of the version
    RELEASE = "release"  # digest: the canonical digest of the frozen archive


class Meaning(enum.Enum):
    REVIEW = "审核"
    APPROVE = "批准"
    OWNER = "主办"
    RELEASE = "发布"
    TRANSCRIBE = "转录"  # the first release of a version approved on paper: a faithful transcription
    WITNESS = "核对"  # the second person of a transcription: checked the archive against the paper original


MEANINGS = {Kind.APPROVAL: (Meaning.REVIEW, Meaning.APPROVE, Meaning.OWNER),
            Kind.RELEASE: (Meaning.RELEASE, Meaning.TRANSCRIBE, Meaning.WITNESS)}
KIND_NAMES = {Kind.APPROVAL: "审批", Kind.RELEASE: "发布"}
DIGEST_NAMES = {Kind.APPROVAL: "内容指纹", Kind.RELEASE: "存档摘要"}
_VERBS = {Meaning.REVIEW: "审核通过", Meaning.APPROVE: "批准", Meaning.OWNER: "作为主办部门确认",
          Meaning.RELEASE: "发布", Meaning.TRANSCRIBE: "确认与纸质签批原件一致并转录发布",
          Meaning.WITNESS: "核对纸质签批原件，确认转录无误"}


def signed_now() -> dt.datetime:
    """Now, in this computer's time zone, to the second: the `signed_at` of a new statement."""
    return dt.datetime.now().astimezone().replace(microsecond=0)


@dataclasses.dataclass(frozen=True)
class Statement:
    kind: Kind
    document: str  # H-J-YA-028
    version: str  # A/1
    role: str  # the signatory's role as the document names it (院领导批准), or 发布
    meaning: Meaning
    person: str  # the roster key of the signer
    name: str  # the signer's name, as the roster has it
    signed_at: dt.datetime  # with its time zone, to the second
    digest: str  # 64 lower-case hex digits
    digest_format: int  # the FORMAT of the fingerprint (approval) or of the archive form (release)

    def __post_init__(self) -> None:
        if not isinstance(self.kind, Kind) or self.meaning not in MEANINGS.get(self.kind, ()):
            _bad(f"{KIND_NAMES.get(self.kind, self.kind)}声明的签署含义不能是“{_value(self.meaning)}”")
        for field in ("document", "version", "role", "name"):
            _check_text(field, getattr(self, field))
        if not isinstance(self.person, str) or not PERSON_KEY.fullmatch(self.person):
            _bad(f"person “{self.person}”不是名册的键（小写字母、数字和连字符）")
        moment = self.signed_at
        if not isinstance(moment, dt.datetime) or moment.utcoffset() is None:
            _bad("signed-at 必须是带时区的日期时间")
        if moment.microsecond:
            object.__setattr__(self, "signed_at", moment.replace(microsecond=0))
        if not isinstance(self.digest, str) or not DIGEST.fullmatch(self.digest):
            _bad("digest 必须是 64 位小写十六进制的 SHA-256")
        if type(self.digest_format) is not int or self.digest_format < 1:
            _bad("digest-format 必须是正整数")

    @property
    def declaration(self) -> str:
        return (f"{self.name}以“{self.role}”的身份{_VERBS[self.meaning]} {self.document} {self.version}"
                f"（{DIGEST_NAMES[self.kind]} {self.digest[:16]}）。")

    def to_bytes(self) -> bytes:
        values = (self.kind.value, self.document, self.version, self.role, self.meaning.value, self.person,
                  self.name, self.signed_at.isoformat(), str(self.digest_format), f"sha256:{self.digest}",
                  self.declaration)
        lines = [FORMAT_LINE, *(f"{key}: {value}" for key, value in zip(FIELDS, values))]
        return ("\n".join(lines) + "\n").encode("utf-8")


def parse_statement(data: bytes) -> Statement:
    """The statement whose canonical bytes are exactly `data`; TrustError(STATEMENT_DAMAGED) otherwise."""
    if not isinstance(data, bytes) or len(data) > MAX_BYTES:
        _bad("不是 planpress 的审批声明")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        _bad("不是 UTF-8 文本")
    if "\r" in text:
        _bad("行尾应为换行符（LF），这里有回车符（CR）：声明被编辑器改写过")
    lines = text.split("\n")
    if lines[0] != FORMAT_LINE:
        if re.fullmatch(r"planpress-statement/[0-9]+", lines[0]):
            _bad(f"这是新版本 planpress 写的声明（{lines[0]}），请升级 planpress")
        _bad(f"第一行应为“{FORMAT_LINE}”")
    if lines[-1] != "" or len(lines) != len(FIELDS) + 2:
        _bad(f"应有 {len(FIELDS) + 1} 行，每行以换行结束")
    values = {}
    for number, (key, line) in enumerate(zip(FIELDS, lines[1:-1]), start=2):
        if not line.startswith(f"{key}: "):
            _bad(f"第 {number} 行应以“{key}: ”开头")
        values[key] = line[len(key) + 2:]
    statement = Statement(
        kind=_enum(Kind, values["kind"], "kind"),
        document=values["document"],
        version=values["version"],
        role=values["role"],
        meaning=_enum(Meaning, values["meaning"], "meaning"),
        person=values["person"],
        name=values["name"],
        signed_at=_moment(values["signed-at"]),
        digest_format=_integer(values["digest-format"]),
        digest=values["digest"].removeprefix("sha256:") if values["digest"].startswith("sha256:") else "",
    )
    if statement.to_bytes() != data:
        _bad("不是规范形式（某一行被改写过，例如 declaration 与各字段不符）")
    return statement


def _check_text(field: str, value: object) -> None:
    if not isinstance(value, str) or not value:
        _bad(f"{field} 不能为空")
    if value != value.strip() or unicodedata.normalize("NFC", value) != value or any(
            unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in value):
        _bad(f"{field} “{value}”含有首尾空白、不可见字符或非规范的 Unicode")


def _enum(kind, text: str, field: str):
    try:
        return kind(text)
    except ValueError:
        _bad(f"{field} “{text}”不是可用的值")


def _moment(text: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        _bad(f"signed-at “{text}”不是日期时间")
    return moment


def _integer(text: str) -> int:
    if not text.isascii() or not text.isdigit():
        _bad(f"digest-format “{text}”不是整数")
    return int(text)


def _value(meaning: object) -> str:
    return meaning.value if isinstance(meaning, Meaning) else str(meaning)


def _bad(detail: str):
    raise TrustError(Reason.STATEMENT_DAMAGED, detail=detail)
