"""Small reusable widgets; their own styles live in DEFAULT_CSS."""
