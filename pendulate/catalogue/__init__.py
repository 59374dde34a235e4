"""The catalogue: which scripts this person can practise, and with which parameters.

It stands above the script format and the homework format: built-in and personal scripts come
from :mod:`pendulate.script.library`, assigned ones from the imported homework, and the
parameters a session runs with combine the script's defaults, the therapist's overrides and
R4 progression from the log.
"""
