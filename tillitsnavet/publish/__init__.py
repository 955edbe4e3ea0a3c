"""Room 3, WHAT IS WRITTEN BESIDE AND AFTER THE PAGES.

files (exports, dcat, feed, redirects as path → content), structured_data, sitemap and
search_index (from the finished site), site_folder, site_scan, archive.
"""
