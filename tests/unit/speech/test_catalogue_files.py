"""Every catalogue prompt has an up-to-date telephone WAV (fix failures with `make sounds`)."""

from __future__ import annotations

import importlib.util
import json
import wave
from pathlib import Path
from types import ModuleType

from fs_scripts import prompts

SOUNDS = prompts.sounds_dir()


def load_renderer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sounds_render", SOUNDS / "render.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def voiced_prompts() -> list[tuple[str, str, str]]:
    return [
        (prompt_id, lang, texts[lang])
        for prompt_id, texts in prompts.catalogue().items()
        for lang in prompts.LANGS
        if texts[lang]
    ]


def wav_problem(path: Path) -> str | None:
    if not path.is_file():
        return "missing"
    try:
        with wave.open(str(path)) as wav:
            shape = (wav.getframerate(), wav.getnchannels(), wav.getsampwidth(), wav.getcomptype())
            frames = wav.getnframes()
    except (wave.Error, EOFError) as error:
        return f"not a WAV: {error}"
    if shape != (8000, 1, 2, "NONE"):
        return f"rate/channels/width/compression {shape}, want (8000, 1, 2, 'NONE')"
    return None if frames > 0 else "no audio"


def test_every_prompt_with_a_text_has_an_8khz_mono_16bit_wav() -> None:
    problems = {
        f"{lang}/{prompt_id}": problem
        for prompt_id, lang, _ in voiced_prompts()
        if (problem := wav_problem(Path(prompts.prompt_path(prompt_id, lang))))
    }
    assert problems == {}, "run `make sounds`"


def test_every_wav_was_rendered_from_the_current_text() -> None:
    render = load_renderer()
    manifest = json.loads((SOUNDS / render.MANIFEST_NAME).read_text())
    stale = [
        f"{lang}/{prompt_id}"
        for prompt_id, lang, text in voiced_prompts()
        if manifest.get(render.manifest_key(prompt_id, lang)) != render.fingerprint(text, lang)
    ]
    assert stale == [], "run `make sounds`"


def test_no_wav_is_left_over_from_a_removed_prompt() -> None:
    expected = {
        Path(prompts.prompt_path(prompt_id, lang)) for prompt_id, lang, _ in voiced_prompts()
    }
    on_disk = {path for lang in prompts.LANGS for path in (SOUNDS / lang).rglob("*.wav")}
    assert sorted(map(str, on_disk - expected)) == [], "run `make sounds`"
