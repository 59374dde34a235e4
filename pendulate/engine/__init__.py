"""The headless session engine: clock, plan, session state machine, titration and events.

Nothing here imports a UI or audio library (a test proves it).
"""
