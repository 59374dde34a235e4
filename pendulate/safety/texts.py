"""Words shown on the first run and before activation practice. Plain, honest, unhurried."""

from __future__ import annotations

INTRO_TITLE = "Welcome to pendulate"

INTRO = """\
pendulate helps you practise pendulation: gently moving your attention between something that feels okay (a resource) and, if you choose, a small dose of something harder, then back again.

What it is, and isn't
A practice aid. It is not therapy and not a treatment, and it is not for crises. If you are in crisis, please reach out to emergency services, a helpline, or someone you trust. Crisis help is one key away on every screen: press c.

What is known
Somatic Experiencing is widely used, but there is still little research from controlled trials. Many people find these practices calming; some find body-focused work stirs things up. Go at your own pace, and practise with a therapist if you can.

Your privacy
Your check-ins (how intense things felt, how settled you were, any notes) are stored only on this computer, in a file only your user account can read:
{data_dir}
pendulate has no network code; nothing is sent anywhere. A report leaves this computer only if you export one yourself.

While practising
You can pause with space, press g at any moment to come back to the ground and the room, and leave whenever you like. Eyes open or closed, whichever feels better.
"""

SCREENING_TITLE = "Before your first activation practice"

SCREENING_INTRO = """\
Activation practice briefly approaches something uncomfortable. For some people that is best done with a therapist nearby. A few yes/no questions help pendulate suggest what fits. Your answers stay on this computer, and only the outcome is kept.
"""

SCREENING_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("crisis", "Are you in a crisis right now, or having thoughts of harming yourself?"),
    ("dissociation", "Do you often feel far away, numb, or lose time?"),
    ("trauma", "Has something overwhelming happened recently, or are you working through complex trauma?"),
)

RECOMMEND_THERAPIST = """\
Thank you for answering. With what you've shared, activation practice is probably best done together with a therapist, who can help you keep the doses small.

The resource practices (orienting, grounding, finding an okay place) are all here for you. If you would still like to try activation practice on your own, you can choose that too, and change your mind at any time.
"""

THERAPIST_SCRIPT = """\
This practice is written to be used with a therapist's guidance, usually assigned as homework. You can ask your therapist to assign it, or, if you feel ready, choose to try it on your own. Grounding (g) and crisis help (c) are always one key away.
"""

RESTING = "Activation practice is resting for today: {reason}. The resource practices are all here."
