"""Room 4, THE SECRETARIAT'S TOOLS: the quality report (``rapport``) and new records (``new``)."""
