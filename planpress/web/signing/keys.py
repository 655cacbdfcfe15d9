"""A person's kept key: enrol, have it issued, open it to sign (counting wrong passwords), export, revoke.

Every step that changes the roster (a certificate issued, a certificate revoked) writes
source/people.yaml (and the certificate under source/certificates/) through gitstore: one commit,
which quality management reviews like any change of a controlled file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from django.conf import settings
from django.db import transaction
from django.db.models import F
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ... import dates
from ...locks import repository_lock
from ...trust import certs
from ...trust.p12 import KeySource, SigningIdentity, checked_identity
from ..audit.chain import record
from ..audit.models import Action
from ..gitstore.store import blob_id
from . import keystore
from .models import KeyState, SigningKey

ROSTER = "people.yaml"


class Refused(Exception):
    """Why not, in Chinese, for the person on the page."""


class Locked(Refused):
    pass


@dataclasses.dataclass(frozen=True)
class Unlocked(KeySource):
    """A kept key just opened with its owner's signing password: what lifecycle.approve and
    lifecycle.release sign with instead of a .p12 file."""

    identity: SigningIdentity

    def open(self) -> SigningIdentity:
        return self.identity


def tries_allowed() -> int:
    return int(settings.PLANPRESS_SIGNING_TRIES)


def current_key(account) -> SigningKey | None:
    """The account's key that is not revoked (at most one)."""
    return account.signing_keys.exclude(state=KeyState.REVOKED).order_by("-created").first()


def check_password_strength(account, password: str) -> list[str]:
    """What is wrong with `password` as a signing password (empty: fine)."""
    from django.contrib.auth import password_validation
    from django.core.exceptions import ValidationError

    problems = []
    if len(password) < 12:
        problems.append("签名密码至少 12 个字符。")
    try:
        password_validation.validate_password(password, account)
    except ValidationError as exc:
        problems.extend(exc.messages)
    if account.check_password(password):
        problems.append("签名密码不能和登录密码相同：两者分开，别人知道您的登录密码也不能用您的名义签名。")
    return problems


def enrol(account, password: str) -> SigningKey:
    """Make the person's key (in memory), keep it sealed under `password`, and file the request."""
    if not account.person:
        raise Refused("您的账户还没有关联签署人名册中的人，不能创建签名密钥。请管理员在账户管理里填写“签署人名册中的人”。")
    if current_key(account) is not None:
        raise Refused("您已经有签名密钥了。要换新的，先停用现在的密钥。")
    other = (SigningKey.objects.filter(person=account.person).exclude(state=KeyState.REVOKED)
             .exclude(account=account).select_related("account").first())
    if other is not None:  # one person, one key: a second account linked to the same person gets none
        record(Action.SIGNING_REFUSED, account=account,
               details={"why": "another account holds this person's key", "person": account.person,
                        "holder": other.account.username})
        raise Refused(f"名册中的 {account.person} 已经有一把签名密钥（账户 {other.account.username}）：一个人只能有一把。"
                      "如果那不是您的账户，请立即告诉质量管理科；要换密钥，先在原账户停用。")
    private = keystore.new_key()
    name = account.display_name or account.username
    row = SigningKey(account=account, person=account.person, name=name, sealed_key=b"", salt=b"", kdf_n=0, kdf_r=0,
                     kdf_p=0, kdf_format="", request_pem=keystore.request_for(private, name).decode("ascii"))
    with transaction.atomic():
        row.save()  # the primary key is part of what the sealing is bound to
        sealed = keystore.seal(private, password, row.bound_to)
        row.sealed_key, row.salt, row.kdf_n, row.kdf_r, row.kdf_p, row.kdf_format = (
            sealed.blob, sealed.salt, sealed.n, sealed.r, sealed.p, sealed.format)
        row.save()
    record(Action.KEY_ENROLLED, account=account, details={"person": account.person, "key": row.pk,
                                                          "kdf": f"scrypt N={sealed.n} r={sealed.r} p={sealed.p}"})
    return row


def _sealed(row: SigningKey) -> keystore.Sealed:
    return keystore.Sealed(bytes(row.sealed_key), bytes(row.salt), row.kdf_n, row.kdf_r, row.kdf_p, row.kdf_format)


def open_key(row: SigningKey, password: str, *, document: str = "", version: str = "", purpose: str = "签名"):
    """The private key, if `password` is right. The try is counted before the KDF runs, so parallel
    guesses cannot exceed the limit; a right password sets the count back to 0."""
    limit = tries_allowed()
    with transaction.atomic():
        current = SigningKey.objects.select_for_update().get(pk=row.pk)
        if current.locked:
            raise Locked(f"您的签名已锁定（连续输错签名密码 {limit} 次）。请联系管理员解锁。")
        SigningKey.objects.filter(pk=row.pk).update(failed_tries=F("failed_tries") + 1)
    try:
        private = keystore.unseal(_sealed(row), password, row.bound_to)
    except keystore.WrongPassword:
        with transaction.atomic():
            current = SigningKey.objects.select_for_update().get(pk=row.pk)
            lock = current.failed_tries >= limit
            if lock:
                SigningKey.objects.filter(pk=row.pk).update(locked=True)
        record(Action.SIGNING_PASSWORD_FAILED, account=row.account, document=document, version=version,
               details={"tries": current.failed_tries, "limit": limit, "purpose": purpose})
        if lock:
            record(Action.SIGNING_LOCKED, account=row.account, document=document, version=version,
                   details={"tries": current.failed_tries})
            raise Locked(f"签名密码不对。连续输错 {limit} 次，您的签名已锁定，请联系管理员解锁。") from None
        left = limit - current.failed_tries
        raise Refused(f"签名密码不对，没有{purpose}。还可以再试 {left} 次，之后签名会被锁定。") from None
    SigningKey.objects.filter(pk=row.pk).update(failed_tries=0)
    return private


def identity_of(row: SigningKey, private) -> SigningIdentity:
    certificate = certs.load_certificates(row.certificate_pem.encode("ascii"))[0]
    return checked_identity(private, certificate, _chain())


def _chain() -> tuple:
    path = settings.PLANPRESS_CA_CERT
    if not path:
        return ()
    try:
        from pathlib import Path

        return tuple(certs.load_certificates(Path(path).read_bytes()))
    except (OSError, ValueError):
        return ()


def usable_key(account) -> SigningKey:
    row = current_key(account)
    if row is None:
        raise Refused("您还没有签名密钥：先在“我的签名密钥”页面创建，由证书管理员签发证书后才能签名。")
    if row.state != KeyState.ACTIVE:
        raise Refused("您的证书还没有签发：证书管理员签发后才能签名。")
    if row.locked:
        raise Locked(f"您的签名已锁定（连续输错签名密码 {tries_allowed()} 次）。请联系管理员解锁。")
    return row


def unlock(account, password: str, *, document: str = "", version: str = "") -> Unlocked:
    row = usable_key(account)
    return Unlocked(identity_of(row, open_key(row, password, document=document, version=version)))


def export_p12(account, password: str) -> bytes:
    """The person's key and certificate as a .p12 for the command line, under the signing password."""
    row = usable_key(account)
    private = open_key(row, password, purpose="导出")
    certificate = certs.load_certificates(row.certificate_pem.encode("ascii"))[0]
    data = pkcs12.serialize_key_and_certificates(row.person.encode("utf-8"), private, certificate, list(_chain()) or None,
                                                 serialization.BestAvailableEncryption(password.encode("utf-8")))
    record(Action.KEY_EXPORTED, account=account, details={"person": row.person, "key": row.pk,
                                                          "certificate": certs.sha256(certificate)})
    return data


# -- the roster -------------------------------------------------------------------------------------

def _roster_edit(change, author, message: str) -> str:
    """Apply `change(data, source_dir) -> [(relative path, bytes)]` to people.yaml and commit it all."""
    from ...lifecycle.yamledit import Edit
    from ..documents import project

    store = project.store()
    source = project.source_dir()
    path = source / ROSTER
    with repository_lock(project.root(), "planpress serve（名册）"):
        edit = Edit(path)
        extra = change(edit.data, source)
        files = [(path, blob_id(edit.original), edit.text())]
        for relative, data in extra:
            target = source / relative
            files.append((target, blob_id(target.read_bytes()) if target.exists() else blob_id(b""), data.decode("ascii")))
        saved = store.save_files(files, author, message)
    return saved[0].commit


def _certificate_list(data, person: str, name: str, department: str):
    people = data.get("people")
    if people is None:
        people = data["people"] = CommentedMap()
    entry = people.get(person)
    if entry is None:
        entry = people[person] = CommentedMap([("name", name), ("department", department or "待核对"),
                                               ("title", "待核对"), ("certificates", CommentedSeq())])
    listed = entry.get("certificates")
    if not listed:
        listed = entry["certificates"] = CommentedSeq()
    return listed


def install_certificate(row: SigningKey, certificate, administrator) -> str:
    """The issued certificate into the roster (a commit) and the key ready to sign."""
    pem = certificate.public_bytes(serialization.Encoding.PEM)
    relative = f"certificates/{row.person}-{dates.today():%Y%m%d}-{certs.sha256(certificate)[:8]}.pem"

    def change(data, source):
        _certificate_list(data, row.person, row.name, row.account.department).append(relative)
        return [(relative, pem)]

    author = (administrator.shown_name, administrator.commit_email)
    commit = _roster_edit(change, author, f"名册：为 {row.name}（{row.person}）登记证书\n\n"
                                          f"证书 SHA-256 {certs.sha256(certificate)}，由 {administrator.shown_name}"
                                          f"（{administrator.username}）在 planpress 内网应用中签发登记；须经质量管理科审核。\n")
    SigningKey.objects.filter(pk=row.pk).update(state=KeyState.ACTIVE, certificate_pem=pem.decode("ascii"),
                                                certificate_file=relative, issued=dt.datetime.now(dt.timezone.utc),
                                                issued_by=administrator.username)
    record(Action.CERTIFICATE_ISSUED, account=administrator, details={"person": row.person, "key": row.pk,
                                                                     "certificate": certs.sha256(certificate),
                                                                     "file": relative, "commit": commit})
    return commit


def revoke(row: SigningKey, by, reason: str) -> str | None:
    """Stop the key: the roster records the revocation date of its certificate (a commit)."""
    commit = None
    today = dates.today()
    if row.certificate_file:
        def change(data, source):
            listed = _certificate_list(data, row.person, row.name, row.account.department)
            for index, item in enumerate(listed):
                file = item if isinstance(item, str) else item.get("file")
                if file == row.certificate_file:
                    listed[index] = CommentedMap([("file", file), ("revoked", today)])
            return []

        commit = _roster_edit(change, (by.shown_name, by.commit_email),
                              f"名册：停用 {row.name}（{row.person}）的证书\n\n停用日期 {today:%Y-%m-%d}；原因：{reason}\n"
                              f"由 {by.shown_name}（{by.username}）在 planpress 内网应用中停用。\n")
    SigningKey.objects.filter(pk=row.pk).update(state=KeyState.REVOKED, revoked=dt.datetime.now(dt.timezone.utc),
                                                sealed_key=secrets.token_bytes(32))  # the sealed key is destroyed too
    record(Action.KEY_REVOKED, account=by, reason=reason, details={"person": row.person, "key": row.pk, "commit": commit})
    return commit
