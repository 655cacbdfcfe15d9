"""The intranet application (`planpress serve`): Django + htmx over the same model, checks and
lifecycle as the command line (docs/web.md). Nothing here re-implements a rule: pages read the
model the loader builds, saves are checked by `loader.check`, revisions go through lifecycle."""
