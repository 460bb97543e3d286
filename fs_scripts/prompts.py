"""The prompt catalogue: every prompt id the IVR can play, with its text per language.

Texts live in `sounds/prompts/*.toml` (one table per id: `zh = "..."`, `en = "..."`);
`sounds/render.py` turns each non-empty text into `sounds/<lang>/<id>.wav`. The switch
plays the WAV, the simulators show the text as a caption. Standard library only: this
module runs inside FreeSWITCH's embedded Python.
"""

from __future__ import annotations

import functools
import os
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

LANGS = ("zh", "en")
SOUNDS_DIR_ENV = "CALLCENTER_SOUNDS_DIR"
_ID_PATTERN = re.compile(r"[a-z0-9_]+(?:/[a-z0-9_]+)*")
# English captions hyphenate a tens word and the unit after it: "twenty-three", "thirty-first".
_EN_TENS = re.compile(r"num/[2-9]0")
_EN_UNIT = re.compile(r"(?:num|ord)/[1-9]")


class CatalogueError(ValueError):
    """A prompt file is malformed, or two files define the same id."""


def check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise ValueError(f"language must be one of {LANGS}, not {lang!r}")


class Catalogue(Mapping[str, Mapping[str, str]]):
    """Prompt id -> {"zh": text, "en": text}; an empty text means no prompt in that language."""

    def __init__(self, entries: Mapping[str, Mapping[str, str]]) -> None:
        self._entries = {prompt_id: dict(texts) for prompt_id, texts in entries.items()}

    @classmethod
    def from_dir(cls, directory: Path) -> Catalogue:
        """Load every `*.toml` in `directory`; an id defined twice is an error."""
        entries: dict[str, dict[str, str]] = {}
        origin: dict[str, str] = {}
        for path in sorted(directory.glob("*.toml")):
            with path.open("rb") as file:
                try:
                    tables = tomllib.load(file)
                except tomllib.TOMLDecodeError as error:
                    raise CatalogueError(f"{path.name}: {error}") from error
            for prompt_id, value in tables.items():
                if prompt_id in origin:
                    raise CatalogueError(
                        f"{path.name}: prompt {prompt_id!r} is already defined in {origin[prompt_id]}"
                    )
                entries[prompt_id] = _parse_entry(path.name, prompt_id, value)
                origin[prompt_id] = path.name
        return cls(entries)

    def __getitem__(self, prompt_id: str) -> Mapping[str, str]:
        return self._entries[prompt_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def caption(self, prompt_id: str, lang: str) -> str:
        check_lang(lang)
        try:
            return self._entries[prompt_id][lang]
        except KeyError:
            raise KeyError(f"unknown prompt id {prompt_id!r}") from None

    def sentence(self, prompt_ids: Iterable[str], lang: str) -> str:
        """The captions of prompts played in a row, joined as a reader expects.

        zh: no spaces ("一百二十三元"); en: spaces, and a hyphen after a tens word
        ("one hundred twenty-three yuan").
        """
        check_lang(lang)
        if lang == "zh":
            return "".join(self.caption(prompt_id, lang) for prompt_id in prompt_ids)
        text, previous = "", ""
        for prompt_id in prompt_ids:
            caption = self.caption(prompt_id, lang)
            if not caption:
                continue
            if text:
                hyphen = bool(_EN_TENS.fullmatch(previous) and _EN_UNIT.fullmatch(prompt_id))
                text += "-" if hyphen else " "
            text += caption
            previous = prompt_id
        return text


def _parse_entry(file_name: str, prompt_id: str, value: object) -> dict[str, str]:
    where = f"{file_name}: prompt {prompt_id!r}"
    if not _ID_PATTERN.fullmatch(prompt_id):
        raise CatalogueError(f"{where}: ids are lowercase words joined by '/'")
    if not isinstance(value, dict):
        raise CatalogueError(f"{where}: expected a table with zh and en texts")
    unknown = set(value) - set(LANGS)
    if unknown:
        raise CatalogueError(f"{where}: unknown keys {sorted(unknown)}")
    texts = {lang: value.get(lang, "") for lang in LANGS}
    if not all(isinstance(text, str) for text in texts.values()):
        raise CatalogueError(f"{where}: texts must be strings")
    if not any(text.strip() for text in texts.values()):
        raise CatalogueError(f"{where}: needs a text in at least one language")
    return {lang: text.strip() for lang, text in texts.items()}


def sounds_dir() -> Path:
    """The sounds folder: `$CALLCENTER_SOUNDS_DIR`, else `sounds/` of this repository."""
    override = os.environ.get(SOUNDS_DIR_ENV)
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / "sounds"


@functools.lru_cache(maxsize=4)
def _load(directory: Path) -> Catalogue:
    return Catalogue.from_dir(directory)


def catalogue() -> Catalogue:
    """The catalogue of the current sounds folder, loaded once per folder."""
    return _load(sounds_dir() / "prompts")


def prompt_path(prompt_id: str, lang: str) -> str:
    """Absolute path of the WAV for a prompt: `<sounds>/<lang>/<id>.wav`.

    Raises KeyError for an id the catalogue does not know, so a typo fails in tests and
    not as silence on a live call.
    """
    check_lang(lang)
    if prompt_id not in catalogue():
        raise KeyError(f"unknown prompt id {prompt_id!r}")
    return str(sounds_dir() / lang / f"{prompt_id}.wav")


def caption(prompt_id: str, lang: str) -> str:
    """The text of a prompt in a language ("" when it has none in that language)."""
    return catalogue().caption(prompt_id, lang)
