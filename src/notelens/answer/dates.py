"""The date reader moved to :mod:`notelens.analysis.dates` (twenty-first round), so that
retrieval reads dates with the same forms as the answer stage; the answer modules keep
importing it from here."""

from __future__ import annotations

from notelens.analysis.dates import DATE_RE, DAY_RE, MONTH_NAMES, month_days, month_number

__all__ = ["DATE_RE", "DAY_RE", "MONTH_NAMES", "month_days", "month_number"]
