"""The cards' rendering passes run on the warm helper processes that every document shares
(planpress.render.pool): `start` forks them before the sources are loaded, `run` lays out passes
and returns their files, `stop` ends them. Kept as the cards' own names for those three."""

from __future__ import annotations

from ..render.pool import MAX_HELPERS, run_all as run, start, stop  # noqa: F401
