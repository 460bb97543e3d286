"""Render the prompt catalogue to telephone WAVs: `python sounds/render.py [--force | --check]`.

Every non-empty text in `sounds/prompts/*.toml` becomes `sounds/<lang>/<id>.wav`, 8 kHz
mono 16-bit PCM, spoken by espeak-ng and resampled by sox. The WAVs are committed, so
running the call center needs neither tool. `sounds/.rendered.json` keeps a fingerprint of
what each file was made from (text, voice, effects); only changed prompts are re-rendered,
and WAVs rendered for prompts that no longer exist are removed.

Mandarin uses the `cmn-latn-pinyin` voice: espeak-ng 1.51's `cmn` voice turns characters
into pinyin and then reads the tone numbers as English digits ("ni three hao three").
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

try:
    from fs_scripts import prompts
except ModuleNotFoundError:  # run from a checkout without the package installed
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from fs_scripts import prompts

RENDERER_VERSION = 1
VOICES = {"zh": ["-v", "cmn-latn-pinyin", "-s", "150"], "en": ["-v", "en-us", "-s", "160"]}
# Telephone format without dither (so renders are reproducible), leading and trailing
# silence trimmed so spoken numbers run together, a short tail, peaks at -3 dBFS.
SOX_OUTPUT = shlex.split("-D -r 8000 -c 1 -b 16 -e signed-integer")
SOX_EFFECTS = shlex.split(
    "silence 1 0.01 -45d reverse silence 1 0.01 -45d reverse pad 0 0.06 gain -n -3"
)
MANIFEST_NAME = ".rendered.json"


def fingerprint(text: str, lang: str) -> str:
    """What a WAV was made from; a change here means the WAV must be rendered again."""
    recipe = [RENDERER_VERSION, lang, VOICES[lang], SOX_OUTPUT, SOX_EFFECTS, text]
    return hashlib.sha256(json.dumps(recipe, ensure_ascii=False).encode()).hexdigest()


def manifest_key(prompt_id: str, lang: str) -> str:
    return f"{lang}/{prompt_id}"


def wanted(catalogue: prompts.Catalogue) -> dict[str, tuple[str, str, str]]:
    """manifest key -> (prompt id, lang, text) for every prompt that has a text."""
    return {
        manifest_key(prompt_id, lang): (prompt_id, lang, texts[lang])
        for prompt_id, texts in catalogue.items()
        for lang in prompts.LANGS
        if texts[lang]
    }


def render_one(text: str, lang: str, target: Path) -> None:
    speech = subprocess.run(
        ["espeak-ng", *VOICES[lang], "--stdout"],
        input=text.encode(),
        capture_output=True,
        check=True,
    ).stdout
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=target.parent, suffix=".wav", delete=False) as tmp:
        tmp_path = Path(tmp.name)
    try:
        subprocess.run(
            ["sox", "-q", "-t", "wav", "-", *SOX_OUTPUT, str(tmp_path), *SOX_EFFECTS],
            input=speech,
            capture_output=True,
            check=True,
        )
        tmp_path.replace(target)
    finally:
        tmp_path.unlink(missing_ok=True)


def wav_path(root: Path, prompt_id: str, lang: str) -> Path:
    """The layout of prompts.prompt_path, also for ids no longer in the catalogue."""
    return root / lang / f"{prompt_id}.wav"


def load_manifest(path: Path) -> dict[str, str]:
    return json.loads(path.read_text()) if path.exists() else {}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--force", action="store_true", help="render every prompt again")
    mode.add_argument(
        "--check", action="store_true", help="only report stale prompts; exit 1 if any"
    )
    args = parser.parse_args(argv)

    root = prompts.sounds_dir()
    manifest_path = root / MANIFEST_NAME
    manifest = load_manifest(manifest_path)
    todo = wanted(prompts.Catalogue.from_dir(root / "prompts"))
    stale = [
        key
        for key, (prompt_id, lang, text) in todo.items()
        if args.force
        or manifest.get(key) != fingerprint(text, lang)
        or not wav_path(root, prompt_id, lang).exists()
    ]
    orphans = sorted(set(manifest) - set(todo))
    if args.check:
        for key in stale + orphans:
            print(f"stale: {key}")
        return 1 if stale or orphans else 0

    try:
        for count, key in enumerate(stale, 1):
            prompt_id, lang, text = todo[key]
            render_one(text, lang, wav_path(root, prompt_id, lang))
            manifest[key] = fingerprint(text, lang)
            print(f"[{count}/{len(stale)}] {key}")
        for key in orphans:
            lang, prompt_id = key.split("/", 1)
            wav_path(root, prompt_id, lang).unlink(missing_ok=True)
            del manifest[key]
            print(f"removed {key}")
    finally:
        manifest_path.write_text(json.dumps(dict(sorted(manifest.items())), indent=1) + "\n")
    print(f"{len(stale)} rendered, {len(todo) - len(stale)} up to date, {len(orphans)} removed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
