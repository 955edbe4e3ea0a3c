"""Room 2, RECORDS → PAGES AND FILES: Jinja and restricted Markdown, no MkDocs.

renderer (Jinja over macros/), text, passthrough, site, changes, explorer, swedish, contact,
links, pictures/ (maps, charts, timelines drawn at build time); docs/hallbarhet.md says more.
"""
