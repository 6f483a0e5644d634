"""Who may sign in and with which role: password hashes, access settings, sign-in limits (no Streamlit)."""
