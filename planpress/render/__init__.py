"""What the PDF and card renderers share: fonts, the closed URL fetcher, templates, atomic writes."""

TEMPLATES_DIR = "templates"  # the project's templates/ folder (here, so that using it costs no jinja2 import)
