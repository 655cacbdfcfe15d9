"""The MkDocs plugin that turns the model into the site's pages.

On every build (and every reload of `mkdocs serve`) it reads source/ once with `planpress.load`
(or takes the model the `planpress build` builder already loaded), generates every page as plain
Markdown in memory (of the versions in force: see versions.py; `mkdocs serve` previews the
working copies), adds the PDF and card files found in build/, writes jieba's user dictionary
for the search plugin, and adds planpress's small theme overrides. source/ is MkDocs' docs_dir,
so `mkdocs serve` watches the YAML files; they are never copied into the site themselves.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import tempfile
from pathlib import Path

import jinja2
import markupsafe
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from .. import dates
from ..sources.loader import load
from ..model import Document, Project
from ..problems import SourceError
from . import (changes_page, contacts_page, document_page, history_page, paths, register_page, safety,
               scenario_page, segmenter, terms)
from .downloads import Downloads
from .versions import SiteVersions

# jieba is imported here, before Material's search plugin (listed after this one) imports it:
# see segmenter.import_jieba.
segmenter.import_jieba()

THEME_DIR = Path(__file__).parent / "theme"
STYLESHEET = "assets/stylesheets/planpress.css"  # in THEME_DIR
DICTIONARY_NAME = "planpress-terms.txt"
TEMPLATE_CACHE_DIR = Path(".cache") / "jinja"
PREVIEW_BANNER = ("预览：本站显示 source/ 里正在编辑的工作副本，包括尚未发布的修订。"
                  "发布的站点（make）上，员工只看到现行版本。")


class PlanpressSiteConfig(base.Config):
    build_dir = c.Type(str, default="build")  # where the PDF and card builders wrote, from the project root


class PlanpressPlugin(BasePlugin[PlanpressSiteConfig]):
    def __init__(self):
        super().__init__()
        self.project: Project | None = None  # given by the builder, which has loaded the model already
        self.build_dir: Path | None = None  # given by the builder
        self._project: Project | None = None  # the model of the current build
        self._view: SiteVersions | None = None  # which versions the current build shows
        self._root: Path | None = None  # the project
        self._build: Path | None = None  # build/ of the current build
        self._dictionary_dir: str | None = None
        self._page_dates: dict[str, str] = {}  # Markdown file → date its content last changed
        self._preview = False  # `mkdocs serve`: the editors' preview shows the working copies

    def on_startup(self, *, command, dirty):
        self._preview = command == "serve"

    # Runs before the search plugin's on_config, which reads the dictionary file named here.
    @event_priority(100)
    def on_config(self, config):
        root = Path(config.docs_dir).parent
        self._root = root
        project = self.project if self.project is not None else _load(root)
        self._project = project
        self._view = SiteVersions(project, preview=self._preview)
        self._build = self.build_dir or root / self.config.build_dir
        config.site_name = str(markupsafe.escape(project.config.site_name))  # themes print it unescaped
        site_url = config.site_url or project.config.site_base_url
        if not safety.safe_site_url(site_url):  # printed unescaped in every page's canonical link
            raise PluginError(f"planpress：站点地址“{site_url}”不是普通的 http(s) 网址（不能有引号、尖括号、空格、? 或 #），"
                              "站点未生成（原有站点保持不变）。改正 source/planpress.yaml 的 site.base_url"
                              "（或 mkdocs.yml 的 site_url）。")
        config.site_url = site_url
        if not config.nav:
            config.nav = [{"文件登记表": paths.register()}, {"通讯录": paths.contacts()},
                          {"版本历史": paths.history()}]
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
        config.extra_css.append(STYLESHEET)
        if self._preview:
            config.extra["planpress_preview"] = PREVIEW_BANNER
        self._configure_search(config)
        return config

    def _configure_search(self, config) -> None:
        search = next((p for name, p in config.plugins.items() if name.endswith("search")), None)
        if search is None or "jieba_dict_user" not in search.config:
            raise PluginError("planpress：站点需要 Material 的 search 插件（plugins: - search，lang: zh）。")
        segmenter.initialize(self._root)  # before the search plugin adds our words to jieba
        self._dictionary_dir = tempfile.mkdtemp(prefix="planpress-site-")
        dictionary = Path(self._dictionary_dir) / DICTIONARY_NAME
        dictionary.write_text(terms.dictionary(self._view), "utf-8")
        search.config.jieba_dict_user = str(dictionary)

    def on_files(self, files: Files, config) -> Files:
        project, view = self._project, self._view
        for found in list(files):  # nothing in source/ is published: see safety.py
            if found.abs_src_path and safety.from_docs_dir(found.abs_src_path, config.docs_dir):
                files.remove(found)
        for found in files:
            what = found.abs_src_path and safety.not_regular(found.abs_src_path)
            if what:
                raise PluginError(f"planpress：要放进站点的 {found.abs_src_path} 是一个{what}，不是普通文件；"
                                  "站点不发布链接或特殊文件，站点未生成（原有站点保持不变）。删除它，或换成普通文件。")
        today = dates.today()
        downloads = Downloads(self._build)
        latest = max(filter(None, (_updated(d) for d in project.documents + project.archive)), default=today)
        pages = {
            paths.register(): (register_page.page(view, today), latest, InclusionLevel.INCLUDED),
            paths.contacts(): (contacts_page.page(view), latest, InclusionLevel.INCLUDED),
        }
        for doc in view.shown():  # one version of each document has pages: the one staff use
            pages[paths.document(doc)] = (document_page.page(view, doc, downloads, today), _updated(doc),
                                          InclusionLevel.NOT_IN_NAV)
            for scenario in doc.scenarios:
                pages[paths.scenario(doc, scenario.key)] = (scenario_page.page(doc, scenario, downloads),
                                                            _updated(doc), InclusionLevel.NOT_IN_NAV)
            pages[paths.changes(doc)] = (changes_page.page(view, doc), _updated(doc), InclusionLevel.NOT_IN_NAV)
        pages[paths.history()] = (history_page.page(view, downloads), latest, InclusionLevel.INCLUDED)
        self._page_dates = {uri: day.isoformat() for uri, (_, day, _) in pages.items() if day}
        for uri, (markdown, _, inclusion) in pages.items():
            files.append(File.generated(config, uri, content=markdown, inclusion=inclusion))
        for download in downloads.found.values():
            files.append(File.generated(config, download.site_path, abs_src_path=str(download.source),
                                        inclusion=InclusionLevel.INCLUDED))
        return files

    def on_env(self, env, *, config, files):
        env.bytecode_cache = _template_cache(self._root, env)
        # A new environment is made for every build (also under `mkdocs serve`): no template
        # changes during one, so Jinja2 need not stat the file at each of its ~40 uses per page.
        env.auto_reload = False
        return env

    def on_pre_page(self, page, *, config, files):
        # The date a page's content last changed, not the build date: the sitemap stays reproducible.
        page.update_date = self._page_dates.get(page.file.src_uri, page.update_date)
        return page

    def on_serve(self, server, *, config, builder):
        if self._build.is_dir():  # a rebuilt PDF or card appears without restarting
            server.watch(str(self._build))
        return server

    def on_post_build(self, *, config):
        self._remove_dictionary()

    def on_build_error(self, *, error):
        self._remove_dictionary()

    def _remove_dictionary(self) -> None:
        if self._dictionary_dir:
            shutil.rmtree(self._dictionary_dir, ignore_errors=True)
            self._dictionary_dir = None


def _load(root: Path) -> Project:
    try:
        return load(root)
    except SourceError as exc:
        raise PluginError("\n".join(str(p) for p in exc.problems)
                          + "\n源文件有错误，站点未生成（原有站点保持不变）。") from None


def _template_cache(root: Path, env: jinja2.Environment) -> jinja2.BytecodeCache | None:
    """Material's templates compiled once and kept in .cache/jinja/ (about 0.5 s of every build).
    Jinja2 checks each template's source against the cached code; the folder name covers the
    environment's settings that change the compiled code."""
    settings = repr((jinja2.__version__, sorted(env.extensions), env.autoescape, env.block_start_string,
                     env.variable_start_string, env.comment_start_string, env.trim_blocks, env.lstrip_blocks))
    folder = root / TEMPLATE_CACHE_DIR / hashlib.sha256(settings.encode()).hexdigest()[:16]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only project still builds, only slower
    return jinja2.FileSystemBytecodeCache(str(folder))


def _updated(doc: Document) -> dt.date | None:
    return max((day for day in (doc.effective, doc.revised) if day), default=None)


