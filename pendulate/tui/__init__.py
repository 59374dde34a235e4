"""The Textual interface: library, practice, check-in, summary, crisis help and history."""
