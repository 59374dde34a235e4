"""The converters for a homework's ``track:`` list: the targets the diary check-in asks by name.

Each problem is located at the entry or value that causes it and says how to fix it; a bad
entry is left out and the rest are still checked, so one pass shows every mistake.
"""

from __future__ import annotations

from typing import cast

from pendulate.homework import fields as homework_fields
from pendulate.homework.converted import TargetValues
from pendulate.homework.model import Target
from pendulate.script.convert import INVALID, Converter, Invalid, suggest
from pendulate.script.fields import Field
from pendulate.script.text import clean_line
from pendulate.script.yamlnodes import YNode, YScalar, YSeq, describe

_EXAMPLE = (
    "for example:\n"
    "      - {name: urge to drink, kind: urge}\n"
    "      - {name: acted on it, kind: acted}\n"
    "      - {name: skills used, kind: skills, skills: [paced breathing, TIPP]}"
)


def _word(node: YNode) -> str | None:
    """The text of a plain scalar (numbers and yes/no too: a skill may be called "5-4-3-2-1")."""
    if isinstance(node, YScalar) and node.value is not None:
        return clean_line(node.text)
    return None


class TrackConverter(Converter):
    """``track:`` → a tuple of :class:`Target`."""

    def _track(self, spec: Field, node: YNode) -> tuple[Target, ...] | Invalid:
        if isinstance(node, YScalar) and node.value is None:
            return ()  # "track:" with nothing under it: no targets
        if not isinstance(node, YSeq):
            return self.error(node.pos, f"'track' expects a list of targets, found {describe(node)}", _EXAMPLE)
        too_many = len(node.items) > homework_fields.MAX_TARGETS
        if too_many:  # said once; every entry is still checked
            self.error(
                node.pos,
                f"'track' lists {len(node.items)} targets; at most {homework_fields.MAX_TARGETS} fit in one check-in",
                "keep the few that matter most now; the others can come in a later homework",
            )
        targets: list[Target] = []
        seen: dict[str, int] = {}
        for item in node.items:
            group = self.group(item, "a target ('name:' and 'kind:', and 'skills:' for kind skills)")
            if group is None:
                continue
            self.check_keys(group, homework_fields.TARGET_FIELDS, "a target")
            got = cast(TargetValues, self.values(group, homework_fields.TARGET_FIELDS))
            if "name" not in got or "kind" not in got:
                continue
            name, kind = got["name"], got["kind"]
            skills = got.get("skills", ())
            folded = name.casefold()
            if folded in seen:
                self.error(
                    group["name"].pos,
                    f"the target '{name}' is named twice (first on line {seen[folded]})",
                    "give each target its own name, or keep one of them",
                )
                continue
            seen[folded] = group["name"].pos.line
            if kind == "skills" and not skills:
                self.error(
                    (group.get("skills") or group["kind"]).pos,
                    f"the target '{name}' asks which skills were used, but lists none",
                    "add 'skills:' with the skills the person picks from, e.g. skills: [paced breathing, TIPP]",
                )
                continue
            if kind != "skills" and "skills" in group:
                self.error(
                    group["skills"].pos,
                    f"the target '{name}' is of kind {kind}; only kind skills takes a list of skills",
                    "remove 'skills:', or write 'kind: skills'",
                )
                continue
            targets.append(Target(name, kind, skills))
        return INVALID if too_many else tuple(targets)

    def _target_name(self, spec: Field, node: YNode) -> str | Invalid:
        text = _word(node)
        if text is None:
            return self.error(
                node.pos, f"a target's 'name' expects a few words, found {describe(node)}", "e.g. name: urge to drink"
            )
        if not text:
            return self.error(node.pos, "a target's 'name' is empty", "name what is tracked, e.g. name: urge to drink")
        limit = homework_fields.MAX_TARGET_NAME
        if len(text) > limit:
            return self.error(
                node.pos,
                f"the target name '{text[:40]}…' is too long ({len(text)} characters; the limit is {limit})",
                "a few words are enough; the person reads it in the check-in",
            )
        return text

    def _track_kind(self, spec: Field, node: YNode) -> str | Invalid:
        word = _word(node)
        if word in homework_fields.TRACK_KINDS:
            return word
        return self.error(
            node.pos,
            f"unknown target kind {word or describe(node)!r}"[:120],
            suggest(word or "", homework_fields.TRACK_KINDS, "the kinds are")
            + " (urge: a rating 0-5; acted: yes or no; skills: which skills were used)",
        )

    def _skills(self, spec: Field, node: YNode) -> tuple[str, ...] | Invalid:
        if not isinstance(node, YSeq):
            return self.error(
                node.pos,
                f"'skills' expects a list of skills, found {describe(node)}",
                "e.g. skills: [paced breathing, TIPP, opposite action]",
            )
        if len(node.items) > homework_fields.MAX_SKILLS:
            return self.error(
                node.pos,
                f"'skills' lists {len(node.items)} skills; at most {homework_fields.MAX_SKILLS} fit in one check-in",
                "keep the ones this person practises now",
            )
        skills: list[str] = []
        for item in node.items:
            word = _word(item)
            if not word:
                return self.error(item.pos, f"a skill is a few words, found {describe(item)}", "e.g. - paced breathing")
            if len(word) > homework_fields.MAX_SKILL_NAME:
                return self.error(
                    item.pos,
                    f"the skill '{word[:30]}…' is too long ({len(word)} characters; "
                    f"the limit is {homework_fields.MAX_SKILL_NAME})",
                    "a short name is enough, e.g. TIPP or paced breathing",
                )
            if word.casefold() in (s.casefold() for s in skills):
                return self.error(item.pos, f"the skill '{word}' is listed twice", "keep one of them")
            skills.append(word)
        return tuple(skills)
