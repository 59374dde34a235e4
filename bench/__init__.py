"""``make bench``: pendulate measured side by side with bare Textual apps (see bench/run.py)."""
