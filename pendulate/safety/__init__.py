"""Safety of practice: the first-run statement, the screening gate and the day's rest.

Pure logic and texts; the TUI shows them.
"""
