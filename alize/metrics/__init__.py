"""What the pages, exports and commands show: figures computed from the store for a Scope."""
