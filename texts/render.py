"""Rendering a refusal that carries a catalogue key and values instead of its own words.

The floors under the replies (``domain``, ``progress``'s argument errors) raise errors with a ``key`` of the
catalogue and the ``values`` to fill it with; whoever answers the person renders them here, in the person's
language: :func:`render_error`. A value is plain (text, a number), or :class:`Localised` (one string per language,
for a number grouped or spelled, a period named, the language's way), or :class:`Text` (another catalogue text,
rendered in the same language).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from texts import LANGUAGES, normalise_language, t


@dataclass(frozen=True)
class Localised:
    """A value written differently per language: ``texts`` in the order of ``texts.LANGUAGES``."""

    texts: tuple[str, ...]

    @classmethod
    def of(cls, write: Callable[[str], str]) -> Localised:
        """The value as ``write(lang)`` words it, for every language."""
        return cls(tuple(write(lang) for lang in LANGUAGES))

    def text(self, lang: str | None) -> str:
        return self.texts[LANGUAGES.index(normalise_language(lang))]


@dataclass(frozen=True)
class Text:
    """A catalogue text used as the value of another (rendered in the same language)."""

    key: str
    values: Mapping[str, object] = field(default_factory=dict)


class KeyedError(Protocol):
    """An error that carries a catalogue key and its values."""

    @property
    def key(self) -> str: ...

    @property
    def values(self) -> Mapping[str, object]: ...


def render(key: str, values: Mapping[str, object], lang: str | None) -> str:
    """The catalogue text ``key`` in ``lang``, each :class:`Localised` or :class:`Text` value rendered in it."""
    return t(key, lang, **{name: _value(value, lang) for name, value in values.items()})


def render_error(error: KeyedError, lang: str | None = None) -> str:
    """What ``error`` tells the person, in ``lang``."""
    return render(error.key, error.values, lang)


def _value(value: object, lang: str | None) -> object:
    if isinstance(value, Localised):
        return value.text(lang)
    if isinstance(value, Text):
        return render(value.key, value.values, lang)
    return value
