"""The names under which the safety decisions are kept in the store's small state table.

A module of their own, with nothing else in it, so the app's first frame can ask whether the
first-run statement was accepted without loading the gate's planner.
"""

INTRO_KEY = "safety.intro_accepted"
SCREENED_KEY = "safety.screened"  # "clear" or "recommend-therapist"
OPTED_IN_KEY = "safety.opted_in"  # "yes" once the person chose activation practice on their own
