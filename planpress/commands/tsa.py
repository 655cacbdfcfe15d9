"""planpress tsa init DIR / planpress tsa serve DIR: the hospital's trusted timestamp service."""

from __future__ import annotations

import sys
from pathlib import Path

from ..problems import Location, SourceError, error


def add_arguments(parser) -> None:
    sub = parser.add_subparsers(dest="tsa_command", metavar="操作", required=True)
    init = sub.add_parser("init", help="生成时间戳服务的私钥和证书申请（只做一次，在运行服务的服务器上）")
    init.add_argument("folder", metavar="DIR", help="服务的文件夹（例如 /var/lib/planpress-tsa），只有服务的账户能读")
    init.add_argument("--name", default="医院时间戳服务", help="证书上的名称（CN），例如 某某医院时间戳服务")
    serve = sub.add_parser("serve", help="运行时间戳服务（RFC 3161，HTTP POST）")
    serve.add_argument("folder", metavar="DIR", help="planpress tsa init 生成、放好 tsa.pem 的文件夹")
    serve.add_argument("--host", default="127.0.0.1", help="监听的地址（默认 127.0.0.1；内网服务写服务器的内网地址）")
    serve.add_argument("--port", type=int, default=8900, help="端口（默认 8900；0 = 任选一个空闲端口）")


def run(args) -> int:
    from ..trust import tsa_service

    try:
        if args.tsa_command == "init":
            request = tsa_service.init(Path(args.folder), args.name)
            _print_init(request)
            return 0
        service = tsa_service.TimestampService.open(Path(args.folder))
        server = tsa_service.make_server(service, args.host, args.port, log=lambda line: print(line, file=sys.stderr, flush=True))
    except tsa_service.ServiceError as exc:
        raise SourceError([error(Location(Path(args.folder)), "", exc.message, exc.hint)]) from None
    certificate = service.certificate
    print(f"时间戳服务已启动：{tsa_service.serve_url(server)}", flush=True)
    print(f"证书：{certificate.subject.rfc4514_string()}，有效期到 {certificate.not_valid_after_utc:%Y-%m-%d}。"
          "在 planpress.yaml 的 signatures.timestamp_service 写上这个地址（服务器的内网地址）。按 Ctrl+C 停止。", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    print("时间戳服务已停止。")
    return 0


def _print_init(request: Path) -> None:
    folder = request.parent
    print(f"已生成时间戳服务的私钥 {folder / 'tsa.key'}（只有本账户能读，不要复制到别处）和证书申请 {request}。")
    print("请证书管理员用医院根证书签发时间戳证书（扩展密钥用途只有 timeStamping）：")
    print("  printf '%s\\n' \"basicConstraints=critical,CA:FALSE\" \"keyUsage=critical,digitalSignature,nonRepudiation\" \\")
    print("    \"extendedKeyUsage=critical,timeStamping\" \"subjectKeyIdentifier=hash\" \"authorityKeyIdentifier=keyid\" > tsa.ext")
    print("  openssl x509 -req -in tsa.csr -CA hospital-ca.pem -CAkey hospital-ca.key -CAcreateserial -days 1825 -sha256 \\")
    print("    -extfile tsa.ext -out tsa.pem")
    print(f"然后把 tsa.pem 和 hospital-ca.pem（改名为 chain.pem）放进 {folder}，运行 planpress tsa serve {folder}。")
