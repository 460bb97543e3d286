"""What the simulators show and play for a list of prompt ids: caption, WAV and length.

A caption is cut into one piece per prompt, each carrying the separator that joins it to
the one before, so a page can reveal the sentence prompt by prompt as the audio plays and
still end with exactly `Catalogue.sentence` ("一百二十三元", "one hundred twenty-three yuan").
"""

from __future__ import annotations

import functools
import re
import wave
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from fs_scripts import prompts
from fs_scripts.channel import LANGUAGES, Language, split_prompt

SOUNDS_URL = "/simulator/sounds"
_RELATIVE_WAV = re.compile(r"(?P<id>[a-z0-9_]+(?:/[a-z0-9_]+)*)\.wav")


@dataclass(frozen=True)
class PromptMedia:
    """One prompt as a simulator presents it.

    `text` is this prompt's piece of the caption (with its leading separator); `url` is
    None when the catalogue has no such prompt (shown, never played).
    """

    id: str
    lang: Language
    text: str
    url: str | None
    duration_ms: int

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def describe(prompt_ids: Sequence[str], default_language: Language) -> list[PromptMedia]:
    """The prompts of one play or collect, "<id>@<lang>" honoured, pieces in order."""
    pairs = [split_prompt(prompt, default_language) for prompt in prompt_ids]
    return [
        PromptMedia(prompt_id, lang, text, _url(prompt_id, lang), _duration_ms(prompt_id, lang))
        for (prompt_id, lang), text in zip(pairs, caption_pieces(pairs), strict=True)
    ]


def caption_pieces(pairs: Sequence[tuple[str, Language]]) -> list[str]:
    """Each prompt's share of the caption; joined they read as the catalogue's sentence.

    A change of language (the bilingual language menu) starts a new sentence after a space.
    """
    catalogue = prompts.catalogue()
    pieces: list[str] = []
    shown = start = ""
    run: list[str] = []
    run_lang: Language | None = None
    for prompt_id, lang in pairs:
        if prompt_id not in catalogue:
            full = f"{shown} [{prompt_id}]" if shown else f"[{prompt_id}]"
            run, run_lang = [], None
        else:
            if lang != run_lang:
                start, run, run_lang = (shown + " " if shown else ""), [], lang
            run.append(prompt_id)
            full = start + catalogue.sentence(run, lang)
        pieces.append(full[len(shown):])
        shown = full
    return pieces


def sound_file(lang: str, relative: str) -> Path | None:
    """The WAV behind `/simulator/sounds/<lang>/<id>.wav`, or None.

    Only catalogue ids pass, so no path built from a request can leave `sounds/`.
    """
    match = _RELATIVE_WAV.fullmatch(relative)
    if lang not in LANGUAGES or match is None or match["id"] not in prompts.catalogue():
        return None
    path = Path(prompts.prompt_path(match["id"], lang))
    return path if path.is_file() else None


def relative_wav(prompt_id: str, lang: str) -> str:
    """The prompt's file relative to `sounds/`, e.g. "zh/menu/main.wav"."""
    return f"{lang}/{prompt_id}.wav"


def _url(prompt_id: str, lang: Language) -> str | None:
    if sound_file(lang, f"{prompt_id}.wav") is None:
        return None
    return f"{SOUNDS_URL}/{relative_wav(prompt_id, lang)}"


def _duration_ms(prompt_id: str, lang: Language) -> int:
    path = sound_file(lang, f"{prompt_id}.wav")
    return _wav_duration_ms(path) if path is not None else 0


@functools.lru_cache(maxsize=1024)
def _wav_duration_ms(path: Path) -> int:
    try:
        with wave.open(str(path), "rb") as wav:
            return round(wav.getnframes() * 1000 / wav.getframerate())
    except (OSError, wave.Error, ZeroDivisionError):
        return 0
