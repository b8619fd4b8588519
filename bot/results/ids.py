"""Every callback, block and action id of the results feature, in one place.

Input blocks use the same string for block_id and action_id, so `view.state.values[id][id]`
reads a field: `results_{figure}`, the figure named as in bot/core/results.py.
"""

from __future__ import annotations

# The modal's callback id.
RESULTS_VIEW = "campaign_results"

# The results card's "Correct figures" button; its value is the campaign's id, its block
# `results_card_{id}` names it again, so a value that disagrees was tampered with.
CORRECT_RESULTS = "results_correct"
CARD_BLOCK = "results_card_"

FIELD_PREFIX = "results_"

# The modal's private_metadata field (beside the flight's origin) naming the odd figures the person was
# warned about and saves anyway: bot/results/form.py.
CONFIRMED_FIELD = "ok"


def field_id(name: str) -> str:
    return f"{FIELD_PREFIX}{name}"
