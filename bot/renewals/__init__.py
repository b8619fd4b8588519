"""Renewing a creator's code: the request sent to the creator, and the swap confirmed (docs/domain.md)."""
