"""What the PDF and card renderers share: fonts, the closed URL fetcher, templates, atomic writes."""
