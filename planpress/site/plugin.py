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
import urllib.parse
from pathlib import Path

import jinja2
import markupsafe
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from .. import dates
from .. import inputs
from .. import outputs
from ..model.loader import load
from ..model import Document, Project
from ..problems import SourceError
from . import (changes_page, contacts_page, document_page, form_page, history_page, paths, register_page, safety,
               scenario_page, searchindex, segmenter, terms)
from .downloads import Download, Downloads
from .pagecache import PageCache, place
from .pending import LayoutFailed, PendingOutputs
from .versions import SiteVersions

# jieba is imported here, before Material's search plugin (listed after this one) imports it:
# see segmenter.import_jieba.
segmenter.import_jieba()

THEME_DIR = Path(__file__).parent / "theme"
STYLESHEET = "assets/stylesheets/planpress.css"  # in THEME_DIR
SCRIPT = "assets/javascripts/planpress.js"  # in THEME_DIR
SEARCH_WORKER = "workers/planpress-search.js"  # in THEME_DIR/assets/javascripts: replaces Material's
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
        self.broken: dict = {}  # given by the builder: documents with an error → their errors
        # Given by the builder (which builds with MkDocs' dirty mode): the digest of what every page
        # depends on beyond its Markdown (settings, theme, planpress, libraries); None: no reuse.
        self.page_cache_base: str | None = None
        self.document_keys: dict[str, str] = {}  # given by the builder: the key of each document's sources
        self.previous_site: Path | None = None  # given by the builder: the site this build replaces
        self.pending: PendingOutputs | None = None  # given by the builder: outputs still being laid out
        self._links: list[tuple[Path, Path]] = []  # downloads to link once `pending` are written
        self._documents: dict[str, tuple] = {}  # document → (key, its pages, its downloads), made this build
        self._cache: PageCache | None = None  # the pages of the last build, reusable in this one
        self._reused: dict[str, dict] = {}  # Markdown file → its cached record, for pages not rendered
        self._fresh_entries: dict[str, list] = {}  # Markdown file → its search entries, for pages rendered
        self._entries_seen = 0
        self._files: Files | None = None
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
        # MkDocs keeps one instance of a plugin with on_startup for the whole process (`mkdocs serve`
        # rebuilds, the tests' builds): nothing of a previous build may leak into this one.
        self._cache, self._reused, self._fresh_entries, self._entries_seen, self._files = None, {}, {}, 0, None
        self._links = []
        self._documents = {}
        root = Path(config.docs_dir).parent
        self._root = root
        project = self.project if self.project is not None else _load(root)
        self._project = project
        self._view = SiteVersions(project, preview=self._preview, broken=self.broken)
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
        config.extra_javascript.append(SCRIPT)
        config.extra["planpress_search"] = _search_worker(config)
        config.extra["planpress_root"] = urllib.parse.urlsplit(site_url).path or "/"  # the 404 page's links
        config.extra["planpress_contacts"] = outputs.SITE_CONTACTS_PAGE
        if self._preview:
            config.extra["planpress_preview"] = PREVIEW_BANNER
        self._configure_search(config)
        return config

    def _configure_search(self, config) -> None:
        search = next((p for name, p in config.plugins.items() if name.endswith("search")), None)
        if search is None or "jieba_dict_user" not in search.config:
            raise PluginError("planpress：站点需要 Material 的 search 插件（plugins: - search，lang: zh）。")
        segmenter.initialize(self._root)  # before the search plugin adds our words to jieba
        self._undo_words = segmenter.Undo(terms.terms(self._view))  # taken back after the build
        self._dictionary_dir = tempfile.mkdtemp(prefix="planpress-site-")
        dictionary = Path(self._dictionary_dir) / DICTIONARY_NAME
        words = terms.dictionary(self._view)
        dictionary.write_text(words, "utf-8")
        search.config.jieba_dict_user = str(dictionary)
        self._search = search
        if self.page_cache_base is not None:
            # Everything a page's HTML and search entries depend on beyond its own Markdown and date.
            shared = inputs.combine(self.page_cache_base, config.site_name, config.site_url or "", repr(config.nav),
                                    repr(dict(config.extra)), repr(list(config.extra_css)), repr(self._preview),
                                    repr({k: v for k, v in search.config.items() if k != "jieba_dict_user"}), words)
            self._cache = PageCache(self._root, shared)

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
        downloads = Downloads(self._build, self.pending)
        latest = max(filter(None, (_updated(d) for d in project.documents + project.archive)), default=today)
        # Markdown file → (Markdown, date, inclusion); None for a page taken over from the last build
        # without making its Markdown again (its document's sources and outputs are unchanged).
        pages: dict[str, tuple[str | None, object, InclusionLevel]] = {
            paths.register(): (register_page.page(view, today), latest, InclusionLevel.INCLUDED),
            paths.contacts(): (contacts_page.page(view), latest, InclusionLevel.INCLUDED),
        }
        unchanged: dict[str, str] = {}  # Markdown file → its page key, for the pages taken over
        for doc in view.shown():  # one version of each document has pages: the one staff use
            key = self._document_key(doc)
            record = self._cache.document(doc.number, key) if key is not None else None
            if record is not None:
                for uri, page_key, day, inclusion in record["pages"]:
                    pages[uri] = (None, dt.date.fromisoformat(day) if day else None, InclusionLevel[inclusion])
                    unchanged[uri] = page_key
                for site_path, source in record["downloads"].items():
                    downloads.found[site_path] = Download(self._build / source, site_path)
                continue
            own = Downloads(self._build, self.pending)
            made = {paths.document(doc): (document_page.page(view, doc, own, today), _updated(doc),
                                          InclusionLevel.NOT_IN_NAV)}
            for scenario in doc.scenarios:
                made[paths.scenario(doc, scenario.key)] = (scenario_page.page(doc, scenario, own),
                                                           _updated(doc), InclusionLevel.NOT_IN_NAV)
            for attachment in doc.attachments:
                if attachment.kind == "form":
                    made[paths.form(doc, attachment)] = (form_page.page(doc, attachment), _updated(doc),
                                                         InclusionLevel.NOT_IN_NAV)
            made[paths.changes(doc)] = (changes_page.page(view, doc), _updated(doc), InclusionLevel.NOT_IN_NAV)
            pages.update(made)
            downloads.found.update(own.found)
            if key is not None:
                self._documents[doc.number] = (key, list(made), dict(own.found))
        pages[paths.history()] = (history_page.page(view, downloads), latest, InclusionLevel.INCLUDED)
        self._page_dates = {uri: day.isoformat() for uri, (_, day, _) in pages.items() if day}
        for uri, (markdown, _, inclusion) in pages.items():
            file = File.generated(config, uri, content=markdown or "", inclusion=inclusion)
            if uri in unchanged:
                file.planpress_key = unchanged[uri]
                self._reuse(file, uri, self._cache.lookup(uri, unchanged[uri]))
            elif self._cache is not None:
                self._cache_page(file, uri, markdown)
            files.append(file)
        if self._cache is not None:
            for number, (key, uris, found) in self._documents.items():
                self._cache.remember_document(number, key, [(uri, files.get_file_from_path(uri).planpress_key,
                                                             self._page_dates.get(uri), pages[uri][2].name)
                                                            for uri in uris],
                                              {d.site_path: d.source.relative_to(self._build).as_posix()
                                               for d in found.values()})
        for download in downloads.found.values():
            file = File.generated(config, download.site_path, abs_src_path=str(download.source),
                                  inclusion=InclusionLevel.INCLUDED)
            if self._cache is not None:  # linked (a PDF is never rewritten in place): MkDocs skips it
                self._links.append((download.source, Path(file.abs_dest_path)))
                file.is_modified = _unmodified
            files.append(file)
        self._files = files
        if self.pending is None:  # else the builder links them once they are written
            self.link_downloads()
        return files

    def link_downloads(self) -> None:
        """Link the downloads the pages offer into the site (MkDocs skips them: see on_files)."""
        links, self._links = self._links, []
        for source, target in links:
            if self.pending is not None and not safety.regular_file(source):
                raise LayoutFailed  # promised, not written: the site is built again from build/
            place(source, target)

    def _document_key(self, doc: Document) -> str | None:
        """What a document's pages are made from, as a key: its sources (with contacts.yaml,
        planpress.yaml, today and planpress: incremental.register) and which of its outputs exist in
        build/ (the pages link only those). None when its pages must be made (no key, a preview, an
        error: it shows its last good version)."""
        sources = self.document_keys.get(doc.number)
        if self._cache is None or sources is None or doc.number in self.broken:
            return None
        folder = self._build / doc.number
        found = inputs.files(folder)
        if self.pending is not None:
            found = self.pending.listing(folder, found)
        listing = sorted(path.relative_to(folder).as_posix() for path in found)
        return inputs.combine(self._cache.shared, sources, "\n".join(listing))

    def _cache_page(self, file: File, uri: str, markdown: str) -> None:
        """A page whose Markdown and date are as last time is not rendered again (MkDocs' dirty
        mode skips a file that is not modified): its HTML is linked into the site now."""
        key = self._cache.key(uri, markdown, self._page_dates.get(uri))
        file.planpress_key = key
        record = self._cache.lookup(uri, key)
        if record is not None:
            self._reuse(file, uri, record)

    def _reuse(self, file: File, uri: str, record: dict) -> None:
        self._cache.reuse(uri, record, Path(file.abs_dest_path))
        self._reused[uri] = record
        file.is_modified = _unmodified

    def on_env(self, env, *, config, files):
        for file in files.documentation_pages():  # pages not rendered: what the others need of them
            record = self._reused.get(file.src_uri)
            if record is not None and file.page is not None:
                file.page.update_date = self._page_dates.get(file.src_uri, file.page.update_date)  # the sitemap
                file.page.present_anchor_ids = set(record["anchors"])  # links to them are checked
        env.bytecode_cache = _template_cache(self._root, env)
        # A new environment is made for every build (also under `mkdocs serve`): no template
        # changes during one, so Jinja2 need not stat the file at each of its ~40 uses per page.
        env.auto_reload = False
        return env

    def on_pre_page(self, page, *, config, files):
        if self.pending is not None:  # built beside a layout that has failed or was stopped: stop too
            self.pending.stop_if_failed()
        # The date a page's content last changed, not the build date: the sitemap stays reproducible.
        page.update_date = self._page_dates.get(page.file.src_uri, page.update_date)
        return page

    def on_serve(self, server, *, config, builder):
        if self._build.is_dir():  # a rebuilt PDF or card appears without restarting
            server.watch(str(self._build))
        return server

    @event_priority(-100)  # after the search plugin has indexed the page
    def on_page_context(self, context, *, page, config, nav):
        if self._cache is not None:
            entries = self._search.search_index.entries
            self._fresh_entries[page.file.src_uri] = entries[self._entries_seen:]
            self._entries_seen = len(entries)
        return context

    @event_priority(-100)  # the page as written
    def on_post_page(self, output, *, page, config):
        if self._cache is not None and output.strip():
            self._cache.store(page.file.src_uri, page.file.planpress_key, output.encode("utf-8", errors="xmlcharrefreplace"),
                              page.present_anchor_ids, self._fresh_entries.get(page.file.src_uri, []))
        return output

    @event_priority(100)  # before the search plugin writes its index
    def on_post_build(self, *, config):
        index = self._search.search_index
        if self._cache is not None:
            # The index as a full build makes it: every page's entries, in the order of the pages.
            entries = []
            for file in self._files.documentation_pages():
                record = self._reused.get(file.src_uri)
                entries += record["entries"] if record is not None else self._fresh_entries.get(file.src_uri, [])
            index.entries = entries
            self._cache.save()
        # planpress's split index (searchindex.py); Material then writes search_index.json with its
        # settings and no documents, which every page loads.
        searchindex.write(Path(config.site_dir), index.entries, self._search.config, self._project.search,
                          contacts_page.other_names(self._view).values(), previous=self.previous_site)
        index.entries = []
        self._remove_dictionary()

    def on_build_error(self, *, error):
        self._remove_dictionary()

    def _remove_dictionary(self) -> None:
        undo, self._undo_words = getattr(self, "_undo_words", None), None
        if undo is not None:
            undo.restore()
        if self._dictionary_dir:
            shutil.rmtree(self._dictionary_dir, ignore_errors=True)
            self._dictionary_dir = None


def _search_worker(config) -> dict[str, str]:
    """Material's search worker (its file name carries a hash) and planpress's, with a digest of
    its code so that a browser never keeps an old one."""
    material = next((found for folder in config.theme.dirs
                     for found in sorted(Path(folder).glob("assets/javascripts/workers/search.*.min.js"))), None)
    if material is None:
        raise PluginError("planpress：找不到 Material 的搜索程序（assets/javascripts/workers/search.*.min.js），"
                          "mkdocs-material 的版本不对；运行 make 重新安装。")
    ours = (THEME_DIR / "assets" / "javascripts" / SEARCH_WORKER).read_bytes()
    return {"material": f"workers/{material.name}",
            "worker": f"{SEARCH_WORKER}?v={hashlib.sha256(ours).hexdigest()[:12]}"}


def _unmodified() -> bool:
    return False


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


