"""alIZé dashboard domain: records, scopes, figures. Never imports streamlit."""

__all__ = ["AlizeError", "ScopeError"]


class AlizeError(Exception):
    """An error meant for the user: its message is shown as is."""


class ScopeError(AlizeError):
    """A scope (period, basins, territories...) that cannot be answered."""
