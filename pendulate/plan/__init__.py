"""The plan: a script expanded into the concrete steps a session runs through.

Between the format (:mod:`pendulate.script`) and the engine (:mod:`pendulate.engine`):
``build`` turns a script into a timeline of steps with planned offsets; ``inserts`` holds the
steps titration may add. Pure data, no clock.
"""
