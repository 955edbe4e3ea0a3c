"""Room 2, RECORDS → PAGES: Jinja and restricted Markdown; no MkDocs.

renderer (the Jinja environment over macros/, record pages, lists and
shortcodes), text (plain and Markdown text from records, always escaped),
site (the pages as plain data), explorer (Utforska's rows and facets),
swedish (dates and order), relpath, and pictures/ (SVG maps, charts and
timelines drawn at build time).
"""
