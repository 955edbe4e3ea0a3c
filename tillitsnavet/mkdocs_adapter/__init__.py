"""Room 5, THE ONLY CODE THAT IMPORTS MKDOCS.

hooks (the events listed in mkdocs.yml), preview (everything only
``serve`` needs, on one object) and build (a build into a temporary folder
that replaces ``site/`` only when it succeeded; the preview's start).
"""
