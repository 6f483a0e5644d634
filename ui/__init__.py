"""Streamlit-side helpers shared by app.py and the pages (the only code besides pages that imports streamlit)."""
