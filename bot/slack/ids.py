"""Ids of the Slack surfaces more than one feature knows: one renders a button, another answers it."""

from __future__ import annotations

# The App Home's "Export my flights (CSV)" button, answered by bot/export.
EXPORT_MY_FLIGHTS = "export_my_flights"
