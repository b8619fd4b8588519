"""A Promote test's home message in the channel: its candidates, their results, the winner (docs/domain.md)."""
