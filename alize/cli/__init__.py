"""The command line: `python -m alize COMMAND`."""
