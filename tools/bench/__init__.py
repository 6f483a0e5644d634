"""The benchmark (`python -m alize bench`): it builds scaled data and drives the app."""
