"""No private key in the sources: find every file under source/ that holds one, wherever in it.

Each regular file is read whole (links and special files are never followed: `limits.scan_tree`
reports them) and searched for a private key in any of the forms it can take:

- PEM: any `-----BEGIN … PRIVATE KEY-----` block (PKCS#8, encrypted PKCS#8, RSA, EC, OpenSSH);
- DER at any offset: a PKCS#8 / RSA / SEC1 EC private key, an encrypted PKCS#8 key, or a PKCS#12
  (.p12/.pfx) file, found by the first bytes of its structure and confirmed by parsing it;
- base64 of any of those DER forms, in any run of base64 text (a YAML value, a line of a file);
- a file named like a key (.p12, .pfx, .key, .p8, .pk8), whatever it holds.

A file too big to be searched is reported too (a key could hide in it): source/ holds documents
of some tens of kilobytes.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import stat
from pathlib import Path

from .p12 import looks_like_pkcs12

KEY_SUFFIXES = {".p12", ".pfx", ".key", ".p8", ".pk8"}
MAX_BYTES = 256 * 1024 * 1024  # beyond this a file is reported as unsearchable, not skipped
MAX_CANDIDATES = 20_000  # DER starts tried per file (each is confirmed by parsing)

_LENGTH = rb"(?:[\x20-\x7f]|\x81[\x80-\xff]|\x82[\x01-\xff][\x00-\xff]|\x83[\x00-\xff]{3})"
_DER = re.compile(
    rb"\x30" + _LENGTH + rb"\x02\x01[\x00\x01\x03]"  # PKCS#8 (v0/v1), RSA (v0), SEC1 EC (v1), PKCS#12 (v3)
    rb"|\x30" + _LENGTH + rb"\x30" + _LENGTH + rb"\x06(?:\x09\x2a\x86\x48\x86\xf7\x0d\x01\x05|\x0a\x2a\x86\x48\x86\xf7\x0d\x01\x0c\x01)",
    re.S)  # encrypted PKCS#8: PBES2 / PBES1 (…1.5.x) or a PKCS#12 PBE algorithm (…1.12.1.x)
# a run of base64: one long word, or lines of base64 (wrapped, indented as in YAML or PEM)
_BASE64 = re.compile(rb"[A-Za-z0-9+/]{16,}={0,2}(?:[ \t]*\r?\n[ \t]*[A-Za-z0-9+/]{16,}={0,2})*")


def private_key_files(folder: Path) -> list[Path]:
    """Files under `folder` that are or contain a private key (or are too big to search), sorted."""
    return [path for path, _ in scan(folder)]


def scan(folder: Path) -> list[tuple[Path, str]]:
    """(file, why) for every file under `folder` that holds a private key, sorted by path."""
    found = []
    for top, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != ".git")
        for name in sorted(names):
            path = Path(top, name)
            why = _judge(path)
            if why:
                found.append((path, why))
    return sorted(found)


def _judge(path: Path) -> str:
    if path.suffix.lower() in KEY_SUFFIXES:
        return "文件名是私钥或证书包（.p12/.pfx/.key）"
    data = _read(path)
    if data is None:
        return ""
    if len(data) > MAX_BYTES:
        return f"文件太大（超过 {MAX_BYTES // 1024 // 1024} MB），无法检查里面有没有私钥"
    return holds_private_key(data)


def _read(path: Path) -> bytes | None:
    """A regular file's bytes, all of them (to MAX_BYTES + 1); None for anything else."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        handle = os.open(path, flags)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            return None
        chunks, size = [], 0
        while size <= MAX_BYTES:
            chunk = os.read(handle, 1 << 22)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(handle)


def holds_private_key(data: bytes) -> str:
    """Why `data` holds a private key (in Chinese), or ""."""
    if b"PRIVATE KEY-----" in data:
        return "PEM 格式的私钥"
    if _der_key(data):
        return "DER 格式的私钥或 PKCS#12 证书包"
    for match in _BASE64.finditer(data):
        if match.end() - match.start() < 64:  # shorter than the smallest key
            continue
        run = re.sub(rb"\s+", b"", match.group())
        for start in range(4):  # the run may begin inside the base64 text of a longer line
            chunk = run[start:]
            chunk = chunk[:len(chunk) - len(chunk) % 4] if not chunk.endswith(b"=") else chunk
            try:
                decoded = base64.b64decode(chunk, validate=True)
            except (binascii.Error, ValueError):
                continue
            if b"PRIVATE KEY-----" in decoded or _der_key(decoded):
                return "base64 编码的私钥或 PKCS#12 证书包"
    return ""


def _der_key(data: bytes) -> bool:
    for count, match in enumerate(_DER.finditer(data)):
        if count >= MAX_CANDIDATES:
            return False
        blob = _element(data, match.start())
        if blob is not None and _is_key(blob):
            return True
    return False


def _element(data: bytes, start: int) -> bytes | None:
    """The whole DER element (tag, length, contents) that starts at `start`, if it fits."""
    first = data[start + 1] if start + 1 < len(data) else 0
    if first < 0x80:
        size, header = first, 2
    else:
        count = first & 0x7F
        if count == 0 or count > 3 or start + 2 + count > len(data):
            return None
        size, header = int.from_bytes(data[start + 2:start + 2 + count], "big"), 2 + count
    end = start + header + size
    return data[start:end] if end <= len(data) else None


def _is_key(blob: bytes) -> bool:
    from cryptography.hazmat.primitives.serialization import load_der_private_key

    try:
        load_der_private_key(blob, password=None)
        return True
    except TypeError:  # encrypted: a password is needed, so it is a key
        return True
    except (ValueError, Exception):  # noqa: BLE001 - cryptography raises several kinds for not-a-key
        pass
    if looks_like_pkcs12(blob):
        return True
    from asn1crypto import keys

    try:
        encrypted = keys.EncryptedPrivateKeyInfo.load(blob, strict=True)
        encrypted["encryption_algorithm"]["algorithm"].native
        return len(encrypted["encrypted_data"].native) >= 16
    except (ValueError, TypeError, KeyError, IndexError, OverflowError):
        return False
