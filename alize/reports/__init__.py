"""Figures made into things people read: charts, slides, the HTML report, tables and downloads."""
