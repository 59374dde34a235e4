"""Homework a therapist assigns: the file format, importing it, and what it changes in practice.

Headless like the script package: no UI or audio imports, so the CLI, the TUI and the tests
share it.
"""
