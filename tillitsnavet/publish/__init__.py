"""Room 3, WHAT IS WRITTEN BESIDE AND AFTER THE PAGES.

files (open data, feed and redirects as path → content), exports (JSON,
CSV, the schemas), feed (Atom), redirects (old ids), sitemap and
search_index (made from the finished site), archive (the zip that works
from disk).
"""
