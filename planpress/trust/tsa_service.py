"""The hospital's time-stamping authority: `planpress tsa serve` (and, later, the intranet application).

Built on OpenSSL's TSA (`openssl ts -reply`), never on hand-written ASN.1: each request is read by
asn1crypto only to refuse what is not a well-formed RFC 3161 request before openssl sees it,
answered by `openssl ts -reply` with the TSA's own key and certificate, and the serial numbers
are kept by openssl in the service folder (one request at a time: a lock around the serial file,
so the CLI's server and the intranet application may share a folder). The time is the server's
clock (keep it synchronised, e.g. with chrony); no signer can set it.

The service folder (made by `planpress tsa init`; only the service's account may read it):

    tsa.key     the TSA's private key (PEM), mode 600: no signer ever holds it
    tsa.csr     the certificate request the certificate administrator signs with the hospital CA
    tsa.pem     the TSA's certificate: extended key usage timeStamping only, critical
    chain.pem   the issuing CA's certificate(s), sent along in each token (optional)
    tsa.cnf     openssl's TSA settings (policy OID, accepted digests, accuracy)
    serial      the serial number of the last token
"""

from __future__ import annotations

import dataclasses
import http.server
import os
import shutil
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from . import certs
from .reasons import TrustError

MAX_QUERY = 4096
DIGESTS = ("sha256", "sha384", "sha512")
CONFIG = """\
# planpress 时间戳服务（openssl ts -reply 的设置）。policy 可改成医院自己的时间戳策略 OID。
[ tsa ]
default_tsa = tsa_config

[ tsa_config ]
serial = {folder}/serial
crypto_device = builtin
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512
accuracy = secs:1
clock_precision_digits = 0
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


class ServiceError(Exception):
    """The service folder cannot serve: a Chinese message and hint."""

    def __init__(self, message: str, hint: str = ""):
        self.message, self.hint = message, hint
        super().__init__(message)


@dataclasses.dataclass
class TimestampService:
    folder: Path
    certificate: x509.Certificate
    _lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)

    @classmethod
    def open(cls, folder: Path | str) -> "TimestampService":
        """The service of `folder`, after checking its key and certificate can make tokens."""
        folder = Path(folder).resolve()
        missing = [name for name in ("tsa.key", "tsa.pem", "tsa.cnf") if not (folder / name).is_file()]
        if missing:
            raise ServiceError(f"时间戳服务的文件夹 {folder} 里缺少 {'、'.join(missing)}。",
                               "先运行 planpress tsa init 文件夹，再由证书管理员签发 tsa.pem（见使用手册 docs/manual/04-approvals.md“可信时间戳”）。")
        if shutil.which("openssl") is None:
            raise ServiceError("找不到 openssl 命令，时间戳服务需要它。", "安装 Debian 软件包 openssl。")
        try:
            certificate = certs.load_certificates((folder / "tsa.pem").read_bytes())[0]
            key = serialization.load_pem_private_key((folder / "tsa.key").read_bytes(), None)
        except (OSError, ValueError, TypeError, IndexError):
            raise ServiceError("tsa.pem 或 tsa.key 无法读取（或私钥有口令）。",
                               "tsa.pem 是证书管理员签发的时间戳证书，tsa.key 是 planpress tsa init 生成的私钥。") from None
        _public = serialization.PublicFormat.SubjectPublicKeyInfo
        if key.public_key().public_bytes(serialization.Encoding.DER, _public) != \
                certificate.public_key().public_bytes(serialization.Encoding.DER, _public):
            raise ServiceError("tsa.pem 不是 tsa.key 的证书。", "请证书管理员用这个文件夹里的 tsa.csr 签发证书。")
        from .timestamp import _check_usage

        try:
            _check_usage(certificate, certs.common_name(certificate.subject))
        except TrustError as exc:
            raise ServiceError(exc.failure.message, exc.failure.hint) from None
        if not (folder / "serial").exists():
            (folder / "serial").write_text("00\n", "ascii")
        return cls(folder, certificate)

    def respond(self, query: bytes) -> bytes:
        """The DER TimeStampResp to the DER TimeStampReq `query`; ValueError for a malformed one."""
        check_query(query)
        command = ["openssl", "ts", "-reply", "-config", str(self.folder / "tsa.cnf"),
                   "-queryfile", "/dev/stdin", "-inkey", str(self.folder / "tsa.key"),
                   "-signer", str(self.folder / "tsa.pem"), "-out", "/dev/stdout"]
        if (self.folder / "chain.pem").is_file():
            command += ["-chain", str(self.folder / "chain.pem")]
        from ..locks import _locked

        with self._lock, _locked(self.folder / "serial.lock", "planpress tsa", False, 10.0, "时间戳服务的序号"):
            result = subprocess.run(command, input=query, capture_output=True, timeout=30,
                                    env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C"})
        if result.returncode != 0 or not result.stdout:
            raise RuntimeError("openssl ts -reply failed: " + result.stderr.decode("utf-8", "replace")[-400:])
        return result.stdout


    def timestamper(self):
        """A `tsa.Timestamper` that asks this service in-process (the intranet application, the
        tools): pyHanko's RFC 3161 client logic (nonce, status), without HTTP."""
        from .cms import import_pyhanko_sign

        import_pyhanko_sign()
        from asn1crypto import tsp
        from pyhanko.sign.timestamps.api import TimeStamper

        service = self

        class _InProcess(TimeStamper):
            async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
                return tsp.TimeStampResp.load(service.respond(req.dump()))

        client = _InProcess()

        def stamp(digest: bytes, algorithm: str):
            from .chain import _run

            return _run(client.async_timestamp(digest, algorithm))

        return stamp


def check_query(query: bytes) -> None:
    from asn1crypto import tsp

    if len(query) > MAX_QUERY:
        raise ValueError("request too large")
    try:
        request = tsp.TimeStampReq.load(query, strict=True)
        request.native
        algorithm = request["message_imprint"]["hash_algorithm"]["algorithm"].native
        digest = request["message_imprint"]["hashed_message"].native
    except (ValueError, TypeError, KeyError, IndexError, OverflowError):
        raise ValueError("not an RFC 3161 request") from None
    if algorithm not in DIGESTS or len(digest) != {"sha256": 32, "sha384": 48, "sha512": 64}[algorithm]:
        raise ValueError("unsupported digest")


# -- the folder ----------------------------------------------------------------------------------

def init(folder: Path | str, name: str) -> Path:
    """Make the service folder: a new key (mode 600), its certificate request, openssl's settings."""
    folder = Path(folder)
    if (folder / "tsa.key").exists():
        raise ServiceError(f"{folder / 'tsa.key'} 已经存在，没有覆盖。", "时间戳服务的私钥只生成一次；换新时用一个新的文件夹。")
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    key = ec.generate_private_key(ec.SECP256R1())
    fd = os.open(folder / "tsa.key", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as stream:
        stream.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()))
    request = (x509.CertificateSigningRequestBuilder()
               .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
               .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
               .sign(key, hashes.SHA256()))
    (folder / "tsa.csr").write_bytes(request.public_bytes(serialization.Encoding.PEM))
    (folder / "tsa.cnf").write_text(CONFIG.format(folder=folder.resolve()), "utf-8")
    (folder / "serial").write_text("00\n", "ascii")
    return folder / "tsa.csr"


# -- HTTP ------------------------------------------------------------------------------------------

def make_server(service: TimestampService, host: str, port: int,
                log: Callable[[str], None] = lambda line: None) -> http.server.ThreadingHTTPServer:
    class Handler(http.server.BaseHTTPRequestHandler):
        server_version = "planpress-tsa"
        sys_version = ""

        def do_POST(self):  # noqa: N802 - the http.server naming
            length = self.headers.get("Content-Length", "")
            if not length.isdigit() or int(length) > MAX_QUERY:
                return self._plain(413, "request too large or without Content-Length")
            if self.headers.get("Content-Type", "").split(";")[0].strip() != "application/timestamp-query":
                return self._plain(415, "expected application/timestamp-query")
            query = self.rfile.read(int(length))
            try:
                reply = service.respond(query)
            except ValueError:
                return self._plain(400, "not an RFC 3161 time-stamp request")
            except (RuntimeError, OSError, subprocess.SubprocessError, TrustError) as exc:
                log(f"时间戳服务出错：{exc}")
                return self._plain(500, "time-stamping failed")
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)
            log(f"已盖时间戳：{self.client_address[0]}")

        def do_GET(self):  # noqa: N802
            self._plain(405, "POST an RFC 3161 request")

        def _plain(self, status: int, text: str):
            body = (text + "\n").encode("ascii")
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):  # http.server's English access log: not for a user's terminal
            pass

    server = http.server.ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    return server


def serve_url(server: http.server.ThreadingHTTPServer) -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}/"


__all__ = ["TimestampService", "ServiceError", "init", "make_server", "serve_url", "check_query"]
