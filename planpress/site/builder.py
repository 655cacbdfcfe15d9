"""The "site" builder of `planpress build`: MkDocs, strict, into a staging folder swapped into site/.

Runs last, after the PDF and card builders, so their files in build/ are offered for download;
or beside their layout, on the outputs it will write (options.pending: incremental.alongside),
linking the downloads once they are written.
The site is always the whole register, whichever documents were selected: a site of one document
would drop the others. Any MkDocs warning (a broken link or anchor) stops the build and the
previous site/ stays as it was.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from ..builders import BuildOptions
from .. import inputs
from ..sources.names import SOURCE_DIR
from ..model import Document, Project
from ..problems import Location, SourceError, error
from ..render.atomic import staged_directory
from . import compress

PROJECT_CONFIG = "mkdocs.yml"  # a project's own settings, inheriting the default below
DEFAULT_CONFIG = Path(__file__).parent / "mkdocs.yml"
# The replaced site's emptied page folders, kept for the next build (render.atomic).
SPARE_DIR = Path(".cache") / "site" / "spare"


def config_file(root: Path) -> Path:
    own = root / PROJECT_CONFIG
    return own if own.is_file() else DEFAULT_CONFIG


def build(project: Project, documents: tuple[Document, ...], options: BuildOptions) -> list[Path]:
    settings = config_file(project.root)
    with _mkdocs_problems() as problems, staged_directory(options.site, spare=project.root / SPARE_DIR) as staging:
        try:
            # Absolute paths: MkDocs resolves relative ones against the folder of the config file.
            config = load_config(str(settings), docs_dir=str((project.root / SOURCE_DIR).resolve()),
                                 site_dir=str(staging.resolve()), strict=True)
            plugin = config.plugins["planpress"]
            plugin.project = project  # already loaded and checked: source/ is read once per build
            plugin.build_dir = options.out.resolve()
            plugin.broken = dict(options.broken)
            plugin.document_keys = dict(options.keys)
            plugin.previous_site = options.site  # its unchanged search files are linked, not written
            plugin.pending = options.pending
            # Pages whose Markdown is unchanged are reused (site.pagecache): MkDocs' dirty mode skips them.
            plugin.page_cache_base = _shared_inputs(settings, config)
            try:
                with _quiet_dirty_notice():
                    mkdocs_build(config, dirty=True)
                compress.precompress(staging, project.root)  # for the server's gzip_static
                if options.pending is not None:  # built beside the layout: its outputs, once written
                    options.pending.wait()
                    plugin.link_downloads()
            finally:  # the plugin instance outlives this build (MkDocs caches it per process)
                plugin.project, plugin.broken, plugin.page_cache_base, plugin.document_keys = None, {}, None, {}
                plugin.previous_site, plugin.pending = None, None
        except (Abort, ConfigurationError) as exc:
            raise SourceError([error(
                Location(settings), "", "站点未生成：MkDocs 报告了问题：\n      "
                + "\n      ".join(problems or [str(exc)]),
                "若刚改过 mkdocs.yml，请检查改动；否则这是 planpress 的问题，请把这条信息发给维护者。"
                "原有站点保持不变。")]) from None
    return [options.site]


def _shared_inputs(settings: Path, config) -> str:
    """What every page depends on beyond its Markdown: the MkDocs settings (this file and the one it
    inherits), a project's theme overrides, planpress (its theme, its plugin) and the libraries."""
    parts = [inputs.code(), inputs.libraries(), inputs.file(settings)]
    inherited = re.search(r"^INHERIT:\s*(.+?)\s*$", settings.read_text("utf-8"), flags=re.M)
    if inherited:
        parts.append(inputs.file(settings.parent / inherited.group(1).strip("'\"")))
    if config.theme.custom_dir:
        parts.append(inputs.tree(Path(config.theme.custom_dir)))
    return inputs.combine(*parts)


@contextlib.contextmanager
def _quiet_dirty_notice() -> Iterator[None]:
    """MkDocs warns that a dirty build may leave stale navigation: ours are whole sites built into an
    empty folder, with only unchanged pages taken over; in strict mode its warning would stop the build."""

    def keep(record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")

    logger = logging.getLogger("mkdocs.commands.build")
    logger.addFilter(keep)
    try:
        yield
    finally:
        logger.removeFilter(keep)


@contextlib.contextmanager
def _mkdocs_problems() -> Iterator[list[str]]:
    """Collect MkDocs' warnings and errors instead of letting them print in English mid-build."""
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    logger = logging.getLogger("mkdocs")
    handler = Collect(logging.WARNING)
    logger.addHandler(handler)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
