# planpress: `make` sets up what is missing and builds everything; `make test` runs the tests.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)
# The intranet application's browser libraries (htmx, CodeMirror, SortableJS): npm ci from the
# lockfile, bundled by esbuild into a git-ignored folder (docs/web.md).
FRONTEND := planpress/web/frontend
ASSETS   := $(FRONTEND)/dist/.built-$(shell cat $(FRONTEND)/package-lock.json $(FRONTEND)/*.js $(FRONTEND)/*.mjs | cksum | cut -d' ' -f1)

# fontconfig, fonts-noto-cjk: finding fonts, and the default Chinese fonts · libharfbuzz-subset0: fast font subsetting (40× faster PDFs)
# libpango*: WeasyPrint's text layout · poppler-utils, libzbar0: reading PDFs and QR codes in tests
# chromium: the real browser the site tests drive · graphviz: lays out the flowcharts (dot)
# git: the intranet application commits every save · postgresql: the application's tests start a
# throwaway PostgreSQL server (initdb, pg_ctl) besides SQLite
# slapd: the tests start a throwaway LDAP server to synchronise the staff list from
# openssl: the trusted timestamp service (planpress tsa serve) · faketime: tests set a signer's clock back
DEBIAN_PACKAGES := fontconfig fonts-noto-cjk libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 \
                   poppler-utils libzbar0 chromium graphviz git postgresql slapd openssl faketime

.PHONY: all setup system node test bench serve preview clean

# Builds only what changed (README: 开发者 → 只重新生成改动的部分); with nothing changed, each takes
# a tenth of a second. examples/ are planpress's own sample documents of other shapes.
# On a machine without trust pins, the demonstration CA is pinned for the demo only, outside the
# repository (~/.config/planpress/demo-trust-pins; docs/manual/04-approvals.md, 固定信任根证书).
all: setup
	@$(BIN)/planpress trust demo-pin --if-no-pins
	$(BIN)/planpress build
	$(BIN)/planpress --root examples build

setup: system $(STAMP) $(ASSETS)

system:
	@tools/ensure-debian-packages $(DEBIAN_PACKAGES)

# Node.js and npm, unless the machine has them already (Debian's nodejs has npm in its own package).
node:
	@command -v npm >/dev/null 2>&1 || tools/ensure-debian-packages nodejs npm

$(ASSETS): | node
	cd $(FRONTEND) && npm ci --no-audit --no-fund --loglevel=error && node build.mjs
	@rm -f $(FRONTEND)/dist/.built-*
	@touch $@

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "planpress：需要 Python 3.11 或更新版本（当前：$$($(PYTHON) --version)）。可用 make PYTHON=python3.12 指定。" >&2; exit 1; }
	@[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@rm -f $(VENV)/.installed-*
	@touch $@

# Two processes (pytest-xdist), one test file each at a time: a file's shared builds and servers
# stay in one process. `.venv/bin/python -m pytest tests/test_x.py` runs one file alone.
test: setup
	$(BIN)/python -m pytest -n 2 --dist loadfile --durations=15

bench: setup
	$(BIN)/python bench/run.py

# The intranet application at http://127.0.0.1:8000/ on this project's source/ (docs/manual/使用内网应用.md);
# HOST=0.0.0.0 PORT=8080 to change where it listens.
HOST ?= 127.0.0.1
PORT ?= 8000
serve: all
	$(BIN)/planpress serve --host $(HOST) --port $(PORT)

# Preview the staff site alone at http://127.0.0.1:8000/; it rebuilds when a file in source/ is saved.
# (NO_MKDOCS_2_WARNING hides Material's English end-of-life notice; see README, developers.)
preview: all
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve

clean:
	rm -rf build site .cache examples/build examples/site examples/.cache
