"""A WeasyPrint URL fetcher closed to everything but the project's own files and data: URLs.

WeasyPrint's default fetcher opens http(s) and any file on the machine. A controlled document
must not depend on (or leak to) anything outside the project, so any other reference stops the
build with a message that names it.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher


class ForbiddenReference(FatalURLFetchingError):
    """Raised for a URL outside the project; BaseException, so WeasyPrint does not swallow it."""

    def __init__(self, url: str, reason: str):
        self.url = url
        self.reason = reason
        super().__init__(f"{reason}：{url}")


class ProjectFetcher(URLFetcher):
    def __init__(self, allowed_roots: list[Path]):
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        self.allowed_roots = [root.resolve() for root in allowed_roots]

    def fetch(self, url: str, headers=None):
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise ForbiddenReference(url, "模板引用了外部网址，生成时不允许联网")
        path = Path(unquote(urlsplit(url).path)).resolve()
        if not any(path.is_relative_to(root) for root in self.allowed_roots):
            raise ForbiddenReference(url, "模板引用了项目以外的文件")
        if not path.is_file():
            raise ForbiddenReference(url, "模板引用的文件不存在")
        return super().fetch(url, headers)
