"""What the site builder makes sure of before MkDocs writes a page: nothing from outside gets in.

- `site_url`: the address every page prints (canonical link, sitemap) without escaping, since
  MkDocs' templates are not autoescaped. It must be a plain http(s) address: the same pattern as
  `site.base_url` in config.schema.json (which `check` applies), applied again here because a
  project's mkdocs.yml may set `site_url` itself.
- `published`: files MkDocs found that are neither generated pages nor planpress's own downloads.
  source/ is MkDocs' docs_dir (so `mkdocs serve` watches it), but nothing in it is published: a
  file there is removed from the site by where MkDocs found it, not by where it resolves to (a
  symlink to /etc/shadow resolves outside source/). Any other file that would be copied into the
  site (theme files, a project's custom_dir) must be a regular file, not a link or a device.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

SITE_URL = re.compile(r"^https?://([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:[0-9]{1,5})?"
                      r"(/([A-Za-z0-9._~!$&*+,;=:@/-]|%[0-9A-Fa-f]{2})*)?$(?!\n)")  # $ alone allows a final newline


def safe_site_url(url: str) -> bool:
    return bool(SITE_URL.fullmatch(url))


def from_docs_dir(abs_src_path: str, docs_dir: str) -> bool:
    """Whether MkDocs found this file in docs_dir (by its path as found, links not followed)."""
    path, folder = os.path.abspath(abs_src_path), os.path.abspath(docs_dir)
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def not_regular(path: str) -> str | None:
    """What the file at `path` is when it is not a regular file (or is a link), else None."""
    from ..sources.limits import kind_of

    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return "找不到的文件"
    return None if stat.S_ISREG(mode) else kind_of(mode)


def regular_file(path: Path) -> bool:
    """A file planpress may offer for download: a regular file, not a link to one."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False
