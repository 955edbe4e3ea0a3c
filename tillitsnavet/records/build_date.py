"""The one date a run of the hub goes by.

Everything that depends on the day (the editors' report and its 12-month
line, the review date that may not lie ahead, a new record's
``senast_granskad``) asks ``build_date()``. It is ``SOURCE_DATE_EPOCH``
when that is set (https://reproducible-builds.org/specs/source-date-epoch/),
else today, so the same commit built with the same ``SOURCE_DATE_EPOCH``
gives the same bytes on any day, and the tests pin it.
"""

from __future__ import annotations

import datetime as dt
import os


def build_date() -> dt.date:
    """The day of this run: ``SOURCE_DATE_EPOCH`` (UTC) when set and valid, else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()
