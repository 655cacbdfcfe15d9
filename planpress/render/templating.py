"""The Jinja2 environment every renderer uses: templates/ of the project, always autoescaped."""

from __future__ import annotations

import functools
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from .. import dates
from . import TEMPLATES_DIR
from ..problems import Location, SourceError, error



CACHE_DIR = Path(".cache") / "templates"  # the compiled templates (Jinja2 checks each against its source)


@functools.cache
def environment(root: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(root / TEMPLATES_DIR),
        autoescape=True,  # text from YAML is data, never markup
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(root),
    )
    env.filters["cn_date"] = dates.chinese
    env.filters["no_orphan"] = no_orphan
    return env


def no_orphan(text: str, keep: int = 2) -> Markup:
    """A heading whose last line never holds one character alone: its last `keep` characters in
    a span that does not break (class "keep", white-space: nowrap in the stylesheet)."""
    text = str(text)
    if len(text) <= keep:
        return Markup(escape(text))
    return Markup(f'{escape(text[:-keep])}<span class="keep">{escape(text[-keep:])}</span>')


def _bytecode_cache(root: Path) -> jinja2.BytecodeCache | None:
    folder = root / CACHE_DIR / jinja2.__version__
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only project still builds, only slower
    return jinja2.FileSystemBytecodeCache(str(folder))


def render(root: Path, name: str, **context) -> str:
    """Render template `name`; a template mistake becomes a Chinese problem at the template's line."""
    try:
        return environment(root).get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        where = Location(Path(exc.filename or root / TEMPLATES_DIR / name), exc.lineno or 0, 1)
        raise SourceError([error(where, "", f"模板语法错误：{exc.message}", "检查 {{ }} 和 {% %} 是否成对、拼写是否正确。")]) from None
    except jinja2.TemplateNotFound as exc:
        raise SourceError([error(Location(root / TEMPLATES_DIR / str(exc.name)), "", "找不到模板文件。",
                                 "检查 templates/ 里是否有这个文件。")]) from None
    except jinja2.UndefinedError as exc:
        raise SourceError([error(Location(root / TEMPLATES_DIR / name), "", f"模板用到了不存在的内容：{exc.message}",
                                 "检查模板里的变量名是否拼写正确。")]) from None
