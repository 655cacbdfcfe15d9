"""`planpress export-signatures`: the signed statements of a version as files, for openssl.

An auditor verifies an approval or a release without planpress and without reading YAML: for each
signed approval `<role>.stmt` (exactly the signed bytes) and `<role>.p7s.pem` (the detached CMS
signature), for the release `发布.stmt` / `发布.p7s.pem` and `archive-canonical.json` (the bytes
whose SHA-256 is the release statement's digest), a transcription's second signature
`核对.stmt` / `核对.p7s.pem`, the trust anchors, and `README.txt` with the openssl command for each.
Each signature carries its trusted timestamp inside (`openssl cms -cmsout -print` shows it).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from ..model import Document
from ..render import atomic
from ..sources.yamlsource import read_source
from . import archive, history
from .workspace import open_document, refuse


@dataclasses.dataclass(frozen=True)
class Exported:
    folder: Path
    doc: Document
    files: tuple[Path, ...]


def export(root: Path | str, number: str, out: Path, version: str | None = None) -> Exported:
    ws = open_document(root, number, "导出签名", lifecycle=False)
    doc = history.resolve(ws.project, number, version) if version else (
        history.last_release(ws.project, number) or ws.doc)
    if doc is None:
        raise refuse(ws.path, f"没有版本“{version}”。", f"可用的版本：{'、'.join(history.labels(ws.project, number))}。")
    out = Path(out)
    source = ws.source_dir.resolve()
    target = out.resolve()
    if target == source or target.is_relative_to(source):
        raise refuse(out, f"导出的文件夹 {out} 在 source/ 里面：source/ 只放受控文件的源文件，导出的签名不能写进去。",
                     f"换一个 source/ 以外的文件夹，例如 --out 签名-{number}。")
    files: dict[str, bytes] = {}
    commands = []
    anchors = []
    for index, anchor in enumerate(ws.project.roster.anchors, start=1):
        name = f"trust-anchor-{index}.pem" if len(ws.project.roster.anchors) > 1 else "trust-anchor.pem"
        files[name] = anchor.file.read_bytes()
        anchors.append(name)
    ca = anchors[0] if anchors else "hospital-ca.pem"
    for approval in doc.approvals:
        if approval.kind != "signed" or not approval.statement or not approval.signature:
            continue
        files[f"{approval.role}.stmt"] = approval.statement.encode("utf-8")
        files[f"{approval.role}.p7s.pem"] = approval.signature.encode("ascii", errors="replace")
        commands.append(_command(approval.role, ca))
    release = doc.release if doc.release is not None and doc.release.version == doc.version else None
    if release is not None and release.statement and release.signature:
        files["发布.stmt"] = release.statement.encode("utf-8")
        files["发布.p7s.pem"] = release.signature.encode("ascii", errors="replace")
        data = read_source(release.path).data
        data = {**data, "release": {k: v for k, v in data["release"].items() if k not in archive.SIGNED_FIELDS}}
        files["archive-canonical.json"] = json.dumps(data, ensure_ascii=False, sort_keys=True,
                                                     separators=(",", ":")).encode("utf-8")
        commands.append(_command("发布", ca))
        if release.witness_statement and release.witness_signature:  # the second person of a transcription
            files["核对.stmt"] = release.witness_statement.encode("utf-8")
            files["核对.p7s.pem"] = release.witness_signature.encode("ascii", errors="replace")
            commands.append(_command("核对", ca))
        commands.append("sha256sum archive-canonical.json   # 应与 发布.stmt（和 核对.stmt）里 digest 一行的值相同")
    if not commands:
        raise refuse(ws.path, f"{number} {doc.version} 没有数字签名可以导出（纸质签批的签字在纸质原件上）。",
                     "审批用 planpress approve 签署后再导出。")
    files["README.txt"] = (
        f"{number} {doc.version} 的签名（由 planpress export-signatures 导出）。在这个文件夹里运行：\n\n"
        + "\n".join(commands) + "\n\n每条命令打印签署的声明，并以 “CMS Verification successful” 结束。\n"
        "声明里 digest 一行：审批是内容指纹，发布是 archive-canonical.json 的 SHA-256。\n").encode("utf-8")
    for name, data in files.items():
        atomic.write_bytes(out / name, data)
    return Exported(out, doc, tuple(out / name for name in files))


def _command(role: str, ca: str) -> str:
    return (f"openssl cms -verify -binary -content {role}.stmt -inform PEM -in {role}.p7s.pem "
            f"-CAfile {ca} -purpose any -out -")
