"""A compiled pack: its groups, one lexicon, its patterns, and the combinations that fire it."""

from __future__ import annotations

from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING

import re2

from bot.categories import Category, Severity
from plugins.packs.checks import CHECKS
from plugins.packs.combination import Combo, GroupInfo, Scorer, build_combo
from plugins.packs.lexicon import EVERY_GROUP, Hit, Lexicon, LexiconError, Patterns, Scanner
from plugins.packs.schema import Combination, Conversation, Group, Minors, PackFile

if TYPE_CHECKING:
    from bot.text import NormalizedText


#: Conversation signals that hold when a message answers someone the pack fired on.
ANSWER_CONTEXTS = ("room_offer", "deal_party")
#: Rooms whose "meant for minors" verdict is remembered (the patterns never change).
_ROOM_VERDICTS = 4096


class PackError(ValueError):
    """Say why a pack cannot be loaded: file, key and reason."""


class PackConflict(PackError):
    """Say that two files of a pack disagree on a key; the loader adds the line."""

    def __init__(self, path: str, where: tuple[str, ...], reason: str) -> None:
        super().__init__(f"{path}: {'.'.join(where)}: {reason}")
        self.path = path
        self.where = where
        self.reason = reason


@dataclass(slots=True, eq=False)
class MinorRules:
    """Compiled recognisers of members who are minors."""

    max_age: int = 17
    declare: list[re2._Regexp] = field(default_factory=list)
    display_name: list[re2._Regexp] = field(default_factory=list)
    rooms: list[str] = field(default_factory=list)
    remarks: list[re2._Regexp] = field(default_factory=list)
    declare_group: int | None = None
    _sets: dict[bool, re2.Set] = field(default_factory=dict)
    _room_verdicts: dict[str, bool] = field(default_factory=dict)

    def candidates(self, text: str, *, display: bool = False) -> list[re2._Regexp]:
        """Return the patterns worth trying on a text: one RE2 set pass says which."""
        patterns = self.display_name if display else self.declare
        if not patterns:
            return []
        which = self._sets.get(display)
        if which is None:
            which = re2.Set.SearchSet(re2.Options())
            for pattern in patterns:
                which.Add(pattern.pattern)
            which.Compile()
            self._sets[display] = which
        # The binding returns None, not an empty list, when nothing matches.
        return [patterns[i] for i in sorted(which.Match(text) or ())]

    def room_is_for_minors(self, room: str) -> bool:
        """Tell whether a room's name says it is meant for minors."""
        known = self._room_verdicts.get(room)
        if known is None:
            lowered = room.lower()
            known = any(fnmatchcase(lowered, pattern) for pattern in self.rooms)
            if len(self._room_verdicts) >= _ROOM_VERDICTS:
                self._room_verdicts.clear()
            self._room_verdicts[room] = known
        return known


class Pack:
    """Everything needed to score a message against one pack, in all its languages."""

    def __init__(self, name: str, files: list[tuple[str, PackFile]]) -> None:
        if not files:
            raise PackError(f"pack {name!r}: no file")
        self.name = name
        self.languages = tuple(f.language for _, f in files)
        first = files[0][1]
        self.category = Category(first.category)
        self.severity = Severity[first.severity.upper()]
        self.groups: list[GroupInfo] = []
        self._index: dict[str, int] = {}
        self.lexicon = Lexicon()
        self.patterns = Patterns()
        self.conversation = Conversation()
        self._conversation_from: str | None = None
        self.minors: MinorRules | None = None
        self.contexts: dict[str, tuple[int, ...]] = {}
        for path, data in files:
            self._merge(path, data)
        combos = self._combos(files)
        if not combos:
            raise PackError(f"pack {name!r}: no combination (`combine`) in any file")
        self._scanner: Scanner | None = None
        self._scan_index = 0
        self.contexts = self._context_index()
        #: Context groups that hold for an answer to someone the pack fired on.
        self.answer_groups = frozenset(
            i for name in ANSWER_CONTEXTS for i in self.contexts.get(name, ())
        )
        self.scorer = Scorer(self.groups, combos)
        self.combos = self.scorer.combos

    def _merge(self, path: str, data: PackFile) -> None:
        if data.pack != self.name:
            raise PackError(f"{path}: pack: {data.pack!r} differs from the file name")
        if Category(data.category) != self.category:
            raise PackError(f"{path}: category: {data.category} differs from {self.category}")
        for name, spec in data.groups.items():
            index = self._index.get(name)
            if index is None:
                index = self._index[name] = len(self.groups)
                signal = f"{self.name}.{name}"
                self.groups.append(GroupInfo(name, signal, spec.weight, spec.context))
            else:
                known = self.groups[index]
                if known.weight != spec.weight or known.context != spec.context:
                    msg = "weight or context differs from another file of the pack"
                    raise PackError(f"{path}: groups.{name}: {msg}")
            try:
                self._add_items(index, spec)
            except LexiconError as exc:
                raise PackError(f"{path}: groups.{name}: {exc}") from exc
        try:
            for phrase in data.allow:
                self.lexicon.add_allow(phrase)
        except LexiconError as exc:
            raise PackError(f"{path}: allow: {exc}") from exc
        if data.conversation is not None:
            self._merge_conversation(path, data.conversation)
        if data.minors is not None:
            self._merge_minors(path, data.minors)

    def _merge_conversation(self, path: str, spec: Conversation) -> None:
        """Take the conversation block of a file; two files of a pack that set one agree."""
        if self._conversation_from is None:
            self.conversation = spec
            self._conversation_from = path
            return
        known = self.conversation
        for key in Conversation.model_fields:
            if getattr(known, key) != getattr(spec, key):
                reason = (
                    f"{getattr(spec, key)!r} differs from {getattr(known, key)!r} in "
                    f"{self._conversation_from}; the files of a pack share one conversation block"
                )
                raise PackConflict(path, ("conversation", key), reason)

    def _add_items(self, index: int, spec: Group) -> None:
        for term in spec.terms:
            if isinstance(term, str):
                self.lexicon.add_term(term, index)
            else:
                self.lexicon.add_term(term.term, index, term.weight)
        for emoji in spec.emoji:
            if isinstance(emoji, str):
                self.lexicon.add_emoji(emoji, index)
            else:
                self.lexicon.add_emoji(emoji.emoji, index, emoji.weight)
        for phrase in spec.allow:
            self.lexicon.add_allow(phrase, index)
        for item in spec.regex:
            if isinstance(item, str):
                self.patterns.add(item, index)
                continue
            check = CHECKS[item.check] if item.check else None
            self.patterns.add(
                item.pattern,
                index,
                item.weight,
                raw=item.on == "raw",
                needs=item.needs,
                check=check,
            )

    def _merge_minors(self, path: str, spec: Minors) -> None:
        rules = self.minors or MinorRules(max_age=spec.max_age)
        try:
            rules.declare += [re2.compile(p) for p in spec.declare]
            rules.display_name += [re2.compile(p) for p in spec.display_name]
            rules.remarks += [re2.compile(p) for p in spec.remarks]
        except re2.error as exc:
            raise PackError(f"{path}: minors: {exc}") from exc
        rules.rooms += [r.lower() for r in spec.rooms]
        rules._room_verdicts.clear()  # the rooms changed: forget the verdicts
        if spec.declare_terms:
            if rules.declare_group is None:
                rules.declare_group = len(self.groups)
                signal = f"{self.name}.declares_minor"
                # Weight 0: the phrase feeds the minors memory, never the score.
                self.groups.append(GroupInfo("declares_minor", signal, 0.0, None))
            for term in spec.declare_terms:
                self.lexicon.add_term(term, rules.declare_group)
        self.minors = rules

    def _combos(self, files: list[tuple[str, PackFile]]) -> list[Combo]:
        seen: dict[str, Combination] = {}
        combos: list[Combo] = []
        for path, data in files:
            for spec in data.combine:
                if spec.name in seen:
                    if seen[spec.name] != spec:
                        raise PackError(f"{path}: combine: {spec.name!r} differs between files")
                    continue
                seen[spec.name] = spec
                combos.append(self._combo(path, spec))
        return combos

    def _combo(self, path: str, spec: Combination) -> Combo:
        def index(name: str) -> int:
            found = self._index.get(name)
            if found is None:
                raise PackError(f"{path}: combine: {spec.name!r} names unknown group {name!r}")
            return found

        try:
            alternatives = spec.alternatives()
        except ValueError as exc:
            raise PackError(f"{path}: combine: {exc}") from exc
        need = tuple(tuple((index(n), least) for n, least in alts) for alts in alternatives)
        unless = tuple(index(n) for n in spec.unless)
        severity = Severity[spec.severity.upper()] if spec.severity else self.severity
        score = 2.0 if spec.score is None else spec.score
        return build_combo(
            spec.name,
            need=need,
            unless=unless,
            least_groups=spec.groups,
            score=score,
            severity=severity,
            groups=self.groups,
            # A plot is kept only by a pack that flags the members adding to it.
            plot=spec.plot and self.conversation.plot_score is not None,
        )

    def _context_index(self) -> dict[str, tuple[int, ...]]:
        found: dict[str, list[int]] = {}
        for index, group in enumerate(self.groups):
            if group.context is not None:
                found.setdefault(group.context, []).append(index)
        return {name: tuple(indices) for name, indices in found.items()}

    def attach(self, scanner: Scanner) -> None:
        """Have a shared scanner match this pack along with the others."""
        self._scan_index = scanner.add(self.lexicon, self.patterns)
        self._scanner = scanner

    def owns(self, scanner: Scanner) -> int | None:
        """Return the index this pack's hits are filed under in a scanner, if it is attached."""
        return self._scan_index if self._scanner is scanner else None

    def text_hits(self, view: NormalizedText) -> list[Hit]:
        """Find every word, emoji and pattern of the pack in a message."""
        scanner = self._scanner
        if scanner is None:
            scanner = Scanner()
            self.attach(scanner)
        try:
            return scanner.hits(view, self._scan_index)
        except LexiconError as exc:
            raise PackError(f"pack {self.name!r}: {exc}") from exc

    def describe(self) -> str:
        """Summarize the pack for logs and docs."""
        return (
            f"{self.name} ({self.category}, {'+'.join(self.languages)}): "
            f"{len(self.groups)} groups, {self.lexicon.size} words, "
            f"{len(self.patterns)} patterns, {len(self.combos)} combinations"
        )


__all__ = ["EVERY_GROUP", "MinorRules", "Pack", "PackConflict", "PackError"]
