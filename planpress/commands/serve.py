"""planpress serve [--host H] [--port P]: the intranet application (gunicorn), on this project."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def add_arguments(parser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="监听的地址（默认 127.0.0.1，只有本机能访问；0.0.0.0 = 所有网卡）")
    parser.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("PLANPRESS_WORKERS", "2")),
                        help="工作进程数（默认 2；生产环境一般为 CPU 核数 × 2）")
    parser.add_argument("--threads", type=int, default=int(os.environ.get("PLANPRESS_THREADS", "4")),
                        help="每个进程的线程数（默认 4）")
    parser.add_argument("--access-log", action="store_true", help="在终端打印每个请求")


def run(args) -> int:
    root = Path(args.root).resolve()
    if not (root / "source").is_dir():
        print(f"planpress：{root} 里没有 source/ 文件夹。请在项目根目录（有 source/ 的那一层）运行，或用 --root 指定。",
              file=sys.stderr)
        return 1
    from ..web import bootstrap

    bootstrap.setup(root)
    bootstrap.migrate()
    from django.conf import settings

    from ..web.accounts.models import Account
    from ..web.documents import project
    from ..web.gitstore.git import Repository

    project.load()  # check the sources once before the workers start (their models are cached on disk)
    address = f"http://{'127.0.0.1' if args.host in ('0.0.0.0', '::') else args.host}:{args.port}/"
    print(f"planpress 内网应用：{address}（项目 {root}）")
    print(f"  数据库：{settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]} "
          f"{settings.DATABASES['default']['NAME']}")
    if Repository.find(root) is None:
        print("  注意：这个项目不在 git 仓库里，网页上的保存会被拒绝（每次保存都要记录为一次 git 提交）。"
              "请先在项目文件夹运行：git init && git add source && git commit -m 初始版本", file=sys.stderr)
    if not Account.objects.exists():
        print("  还没有任何账户。先在另一个终端创建第一个管理员，例如：")
        print(f"    planpress --root {root} admin create-user admin --name 系统管理员 --role 管理员")
        print("  它会打印一个临时密码；用它登录后须设置自己的新密码。编辑账户：")
        print(f"    planpress --root {root} admin create-user sunxl --name 孙晓琳 --department 医务科 --role 编辑")
    else:
        print("  用您的用户名和密码登录；忘记密码：planpress admin reset-password 用户名")
    print("  按 Ctrl+C 停止。", flush=True)
    from ..web import warmup

    warmup.warm()
    drafts = _draft_service(root, Path(settings.STATE_DIR)) if settings.PLANPRESS_DRAFTS else None
    try:
        _gunicorn(args, root)
    finally:
        if drafts is not None:  # and wait: its helpers must not be writing drafts after the server is gone
            drafts.terminate()
            try:
                drafts.wait(20)
            except subprocess.TimeoutExpired:
                drafts.kill()
                drafts.wait()
    return 0


def _draft_service(root: Path, state_dir: Path):
    """The warm draft builder of this server (web/drafts/build.py serve_socket): one for all the
    gunicorn workers, its layout helpers loaded before the first save."""
    import subprocess

    from ..web.drafts.build import socket_path

    if len(str(socket_path(state_dir))) > 100:  # too long for a Unix socket: each worker builds its own
        return None
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    with (state_dir / "drafts.log").open("ab") as log:
        return subprocess.Popen([sys.executable, "-m", "planpress.web.drafts.build", "--serve", str(root), str(state_dir)],
                                stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=environment, cwd=root,
                                start_new_session=True)


def _gunicorn(args, root: Path) -> None:
    from gunicorn.app.base import BaseApplication

    from ..web.wsgi import application

    options = {
        "bind": f"[{args.host}]:{args.port}" if ":" in args.host else f"{args.host}:{args.port}",
        "workers": max(1, args.workers),
        "threads": max(1, args.threads),
        "worker_class": "gthread",
        "timeout": 120,
        "graceful_timeout": 20,
        "accesslog": "-" if args.access_log else None,
        "errorlog": "-",
        "loglevel": "warning",
        "proc_name": "planpress-serve",
        "chdir": str(root),
        "limit_request_line": 8190,
        "limit_request_fields": 100,
    }

    class Server(BaseApplication):
        def load_config(self):
            for key, value in options.items():
                if value is not None:
                    self.cfg.set(key, value)

        def load(self):
            return application

    Server().run()
