"""Every way a signature, a statement or a signing attempt can fail, with its Chinese message.

A `Reason` is the kind (what tests and callers branch on); a `Failure` is one occurrence with the
message filled in. Functions that must stop raise `TrustError`, which carries a `Failure`.
"""

from __future__ import annotations

import dataclasses
import enum

_RESIGN = "请签署人本人确认内容后重新签署（planpress approve）。"
_GIT = "签名和声明只由 planpress 写入，不能手改：用 git 恢复原来的记录，或请签署人重新签署。"


class Reason(enum.Enum):
    # the signature blob
    SIGNATURE_DAMAGED = "signature-damaged"
    SIGNATURE_FORMAT = "signature-format"
    # integrity
    CONTENT_MISMATCH = "content-mismatch"
    SIGNATURE_INVALID = "signature-invalid"
    # trust and time
    UNTRUSTED = "untrusted"
    CERT_EXPIRED = "cert-expired"
    CERT_NOT_YET_VALID = "cert-not-yet-valid"
    CERT_REVOKED = "cert-revoked"
    KEY_USAGE = "key-usage"
    SIGNED_IN_FUTURE = "signed-in-future"
    TIME_MISMATCH = "time-mismatch"
    ANCHOR_NOT_PINNED = "anchor-not-pinned"
    # trusted timestamps (RFC 3161)
    TIMESTAMP_MISSING = "timestamp-missing"
    TIMESTAMP_INVALID = "timestamp-invalid"
    TIMESTAMP_UNTRUSTED = "timestamp-untrusted"
    TIMESTAMP_TIME = "timestamp-time"
    TSA_UNAVAILABLE = "tsa-unavailable"
    TSA_NOT_CONFIGURED = "tsa-not-configured"
    # who signed
    UNKNOWN_PERSON = "unknown-person"
    NOT_THE_PERSON = "not-the-person"
    CERT_NAME_MISMATCH = "cert-name-mismatch"
    NAME_MISMATCH = "name-mismatch"
    NOT_RELEASE_SIGNER = "not-release-signer"
    NOT_WITNESS = "not-witness"
    # what the statement says
    STATEMENT_DAMAGED = "statement-damaged"
    WRONG_KIND = "wrong-kind"
    WRONG_DOCUMENT = "wrong-document"
    WRONG_ROLE = "wrong-role"
    WRONG_PERSON = "wrong-person"
    STALE = "stale"
    # paper approvals
    PAPER_NOT_ALLOWED = "paper-not-allowed"
    # the person's PKCS#12 file
    P12_UNREADABLE = "p12-unreadable"
    P12_NOT_PKCS12 = "p12-not-pkcs12"
    P12_WRONG_PASSWORD = "p12-wrong-password"
    P12_NO_PASSWORD = "p12-no-password"
    P12_NO_KEY = "p12-no-key"
    P12_KEY_MISMATCH = "p12-key-mismatch"


# message template, hint; templates use str.format fields given by the raiser
_TEXTS: dict[Reason, tuple[str, str]] = {
    Reason.SIGNATURE_DAMAGED: ("签名数据已损坏，无法读取（{detail}）。", _GIT),
    Reason.SIGNATURE_FORMAT: ("签名不是 planpress 使用的格式：{detail}。", _GIT),
    Reason.CONTENT_MISMATCH: ("签名与审批声明不一致：声明在签名之后被改动过，或者这个签名属于另一份声明。", _GIT),
    Reason.SIGNATURE_INVALID: ("签名值无效：签名数据被篡改过，或者签名不是用证书对应的私钥做出的。", _GIT),
    Reason.UNTRUSTED: ("签名证书不能追溯到医院的根证书（{detail}）：不是医院签发的证书。",
                       "只接受医院根证书签发的个人证书；根证书见名册（source/people.yaml）的 trust_anchors。"),
    Reason.CERT_EXPIRED: ("签名时（{at}）{whose}已过期（有效期到 {until}）。",
                          "过期的证书不能签名：向医院证书管理员申请新证书，把新证书加入名册后重新签署。"),
    Reason.CERT_NOT_YET_VALID: ("签名时（{at}）{whose}还没有生效（{since} 起才有效）。",
                                "检查签名电脑的时钟；证书生效后重新签署。"),
    Reason.CERT_REVOKED: ("这张证书已于 {day} 停用（见名册的 revoked），之后（{at}）做出的签名无效。",
                          "用签署人当前有效的证书重新签署。"),
    Reason.KEY_USAGE: ("这张证书不能用于签名：{detail}。",
                       "向医院证书管理员申请用于数字签名（digitalSignature、nonRepudiation）的个人证书。"),
    Reason.SIGNED_IN_FUTURE: ("签名时间 {at} 晚于现在（{now}）：签名电脑的时钟不对，或者时间是伪造的。",
                              "校正签名电脑的时钟后重新签署。"),
    Reason.TIME_MISMATCH: ("声明里的签署时间 {stated} 与签名记录的时间 {recorded} 不一致。", _GIT),
    Reason.ANCHOR_NOT_PINNED: ("名册里的根证书 {file}（SHA-256 {sha256}）不是本机登记的医院根证书。",
                               "根证书被替换时所有签名都不可信：向医院证书管理员核实；确实更换了根证书时，"
                               "由管理员更新本机的登记。"),
    Reason.TIMESTAMP_MISSING: ("这个签名没有可信时间戳：签名时间只来自签署人电脑的时钟，本机要求每个签名都有时间戳服务盖的时间。",
                               "请签署人在配置了时间戳服务的电脑上重新签署（见使用手册 docs/manual/04-approvals.md“可信时间戳”）。"),
    Reason.TIMESTAMP_INVALID: ("签名的可信时间戳无效（{detail}）。", _GIT),
    Reason.TIMESTAMP_UNTRUSTED: ("签名的时间戳不可信：{detail}。",
                                 "时间戳服务的证书须由名册里的根证书（或 timestamp_anchors）签发，扩展密钥用途只有 timeStamping；"
                                 "请签署人重新签署，或请证书管理员核对时间戳服务的证书。"),
    Reason.TIMESTAMP_TIME: ("声明里的签署时间 {stated} 与可信时间戳的时间 {stamped} 相差超过 {minutes} 分钟：签名电脑的时钟不对，"
                            "或者签署时间是伪造的。", "校正签名电脑的时钟（与时间戳服务一致）后重新签署。"),
    Reason.TSA_UNAVAILABLE: ("没有拿到可信时间戳（{url}：{detail}），什么也没有写入。",
                             "确认时间戳服务在运行（planpress tsa serve）、地址正确（planpress.yaml 的 signatures.timestamp_service，"
                             "或环境变量 PLANPRESS_TSA_URL），然后重新运行。"),
    Reason.TSA_NOT_CONFIGURED: ("本机要求可信时间戳，但没有配置时间戳服务，没有签名。",
                                "在 planpress.yaml 的 signatures.timestamp_service 写上医院时间戳服务的地址"
                                "（或设置环境变量 PLANPRESS_TSA_URL），见使用手册 docs/manual/04-approvals.md“可信时间戳”。"),
    Reason.UNKNOWN_PERSON: ("名册里没有“{person}”这个人。",
                            "签署人须在名册（source/people.yaml 的 people）里，并登记本人的证书。"),
    Reason.NOT_THE_PERSON: ("签名证书不是名册里 {name}（{person}）的证书：证书持有人是“{holder}”{owner}。",
                            "只有签署人本人的证书才能代表本人签名；证书须登记在名册里本人名下。"),
    Reason.CERT_NAME_MISMATCH: ("名册里 {name}（{person}）名下的证书上写的是“{holder}”，不是本人：{detail}。",
                                "从名册里本人名下删去不属于本人的证书；名册的改动须经质量管理科审核。"),
    Reason.NAME_MISMATCH: ("声明里的签署人姓名“{stated}”与名册里的“{name}”（{person}）不一致。", _GIT),
    Reason.NOT_RELEASE_SIGNER: ("{name}（{person}）不是名册里的发布人（release_signers），不能签署发布。",
                                "发布由质量管理科的文件控制员签署；发布人见名册的 release_signers。"),
    Reason.NOT_WITNESS: ("{name}（{person}）不是名册里的转录核对人（transcription_witnesses），不能做转录的第二人。",
                         "转录由文件控制员和一位核对人（名册的 transcription_witnesses）各用本人证书签署。"),
    Reason.STATEMENT_DAMAGED: ("审批声明的格式不对：{detail}。", _GIT),
    Reason.WRONG_KIND: ("这是一份{got}声明，这里需要的是{expected}声明。", _GIT),
    Reason.WRONG_DOCUMENT: ("这个签名签的是 {got}，不是 {expected}：签名不能从别的文件或版本复制过来。", _RESIGN),
    Reason.WRONG_ROLE: ("这个签名是以“{got}”的身份签的，这里需要“{expected}”。", _RESIGN),
    Reason.WRONG_PERSON: ("这个签名是{got}签的，但这一栏的签署人是{expected}。",
                          "由这一栏的签署人本人签署；签署人变了时先改 signatories（改后须全部重新审批）。"),
    Reason.STALE: ("签署后内容已修改：签名确认的{what}是 {got}，现在是 {expected}。", _RESIGN),
    Reason.PAPER_NOT_ALLOWED: ("纸质签批只适用于 {cutover} 之前发布的版本，{detail}。",
                               "电子签批启用后，每个新版本都须由签署人用本人证书签署（planpress approve）。"),
    Reason.P12_UNREADABLE: ("无法读取证书文件 {file}（{detail}）。", "检查 --p12 后面的路径。"),
    Reason.P12_NOT_PKCS12: ("{file} 不是 PKCS#12（.p12/.pfx）证书文件。", "使用医院证书管理员发给本人的 .p12 文件。"),
    Reason.P12_WRONG_PASSWORD: ("证书文件 {file} 打不开：密码不对。", "重新运行并输入本人证书的密码（注意大小写和输入法）。"),
    Reason.P12_NO_PASSWORD: ("没有输入证书密码，没有签名。", "在提示“证书密码”时输入本人证书的密码。"),
    Reason.P12_NO_KEY: ("证书文件 {file} 里{detail}，不能用来签名。", "向医院证书管理员索取包含本人私钥和证书的 .p12 文件。"),
    Reason.P12_KEY_MISMATCH: ("证书文件 {file} 里的私钥与证书不配对。", "向医院证书管理员重新索取本人的 .p12 文件。"),
}


@dataclasses.dataclass(frozen=True)
class Failure:
    reason: Reason
    message: str
    hint: str

    def __str__(self) -> str:
        return f"{self.message}\n    怎么改：{self.hint}" if self.hint else self.message


def failure(reason: Reason, **fields: object) -> Failure:
    from .certs import shown

    message, hint = _TEXTS[reason]
    return Failure(reason, message.format(**{k: shown(v) if isinstance(v, str) else v for k, v in fields.items()}), hint)


class TrustError(Exception):
    """A check that cannot go on: carries the one `Failure` that says why."""

    def __init__(self, reason: Reason | Failure, **fields: object):
        self.failure = reason if isinstance(reason, Failure) else failure(reason, **fields)
        super().__init__(self.failure.message)

    @property
    def reason(self) -> Reason:
        return self.failure.reason
