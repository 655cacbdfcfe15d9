"""Ask a time-stamping authority for a timestamp over a signature, and attach it.

The client is pyHanko's RFC 3161 client (`pyhanko.sign.timestamps`: it builds the request with a
nonce, checks the status and the nonce of the reply); only the HTTP exchange is ours, so that the
hospital's intranet TSA is reached directly (no proxy from the environment) and a reply is read
to a bounded size. A `Timestamper` is any callable (digest, algorithm) → token: the intranet
application passes its own (the TSA it runs in-process, `tsa_service`), the commands an HTTP one.
The token is checked (`timestamp.check_token`) before it is attached: a TSA whose certificate the
roster does not trust gives an error now, not a signature that never verifies.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence

from cryptography import x509

from ..machine import TSA_URL_VARIABLE as URL_VARIABLE
from . import timestamp
from .chain import _run
from .reasons import Reason, TrustError

URL = re.compile(r"https?://[A-Za-z0-9.\-\[\]:]+(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~%/\-]*)?")
TIMEOUT = 10  # seconds
MAX_REPLY = timestamp.MAX_TOKEN_BYTES + 4096
Timestamper = Callable[[bytes, str], object]  # (imprint, hash algorithm) → token (asn1crypto ContentInfo)


def configured_url(setting: str | None) -> str | None:
    """The TSA this machine asks: PLANPRESS_TSA_URL, else planpress.yaml's signatures.timestamp_service."""
    return os.environ.get(URL_VARIABLE) or setting or None


def http_timestamper(url: str) -> Timestamper:
    if not URL.fullmatch(url):
        raise TrustError(Reason.TSA_UNAVAILABLE, url=url, detail="地址不是 http:// 或 https:// 开头的网址")
    from .cms import import_pyhanko_sign

    import_pyhanko_sign()
    from asn1crypto import tsp
    from pyhanko.sign.timestamps.api import TimeStamper
    from pyhanko.sign.timestamps.common_utils import TimestampRequestError

    class _Client(TimeStamper):
        async def async_request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
            import asyncio

            return await asyncio.to_thread(_post, url, req.dump())

    client = _Client()

    def stamp(digest: bytes, algorithm: str):
        try:
            return _run(client.async_timestamp(digest, algorithm))
        except TimestampRequestError as exc:
            raise TrustError(Reason.TSA_UNAVAILABLE, url=url, detail=_why(exc)) from None
        except OSError as exc:
            raise TrustError(Reason.TSA_UNAVAILABLE, url=url, detail=_why(exc)) from None
        except (ValueError, TypeError, KeyError) as exc:
            raise TrustError(Reason.TSA_UNAVAILABLE, url=url, detail=f"回复无法读取（{type(exc).__name__}）") from None

    return stamp


def _post(url: str, body: bytes):
    import requests
    from asn1crypto import tsp
    from pyhanko.sign.timestamps.common_utils import TimestampRequestError

    with requests.Session() as session:
        session.trust_env = False  # the intranet TSA directly, never through a proxy set for the internet
        try:
            reply = session.post(url, data=body, headers={"Content-Type": "application/timestamp-query"},
                                 timeout=TIMEOUT, stream=True, allow_redirects=False)
            data = reply.raw.read(MAX_REPLY + 1, decode_content=True)
        except requests.RequestException as exc:
            raise TimestampRequestError(f"连接失败（{type(exc).__name__}）") from None
    if reply.status_code != 200:
        raise TimestampRequestError(f"服务回答 HTTP {reply.status_code}")
    if reply.headers.get("Content-Type") != "application/timestamp-reply" or len(data) > MAX_REPLY:
        raise TimestampRequestError("回复不是时间戳回复（application/timestamp-reply）")
    return tsp.TimeStampResp.load(data)


def _why(exc: BaseException) -> str:
    text = str(exc.args[0]) if exc.args else type(exc).__name__
    if "refused our request" in text:
        return "服务拒绝了请求"
    if "bad nonce" in text:
        return "回复与请求不符（nonce 不同）"
    return text if any("\u4e00" <= ch <= "\u9fff" for ch in text) else f"通信失败（{type(exc).__name__}）"


def stamp_signature(signature_pem: str, timestamper: Timestamper, anchors: Sequence[x509.Certificate],
                    not_from: Sequence[str] = ()) -> tuple[str, timestamp.Timestamp]:
    """`signature_pem` with a timestamp over its signature value attached, and that timestamp
    (verified against `anchors`)."""
    from .cms import load_signature

    signed = load_signature(signature_pem)
    value = timestamp.signature_value(signed.signer_info)
    raw = timestamper(timestamp.imprint(value), "sha256").dump()  # its bytes, before anything parses it further
    stamp = timestamp.check_token(timestamp.load_token(raw), value, anchors, not_from)
    return timestamp.with_token(signature_pem, timestamp.load_token(raw)), stamp
