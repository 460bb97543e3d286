"""Loading the prompt catalogue and locating prompt files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fs_scripts import prompts
from fs_scripts.prompts import Catalogue, CatalogueError


def write(directory: Path, name: str, text: str) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_text(text, encoding="utf-8")


@pytest.fixture
def sounds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private sounds folder selected through the environment."""
    write(tmp_path / "prompts", "a.toml", '["ivr/hello"]\nzh = "您好"\nen = "Hello"\n')
    write(tmp_path / "prompts", "b.toml", '"ivr/zh_only" = { zh = " 只有中文 " }\n')
    monkeypatch.setenv(prompts.SOUNDS_DIR_ENV, str(tmp_path))
    return tmp_path


def test_given_tables_in_several_files_when_loading_then_all_ids_are_there(sounds: Path) -> None:
    catalogue = Catalogue.from_dir(sounds / "prompts")
    assert dict(catalogue) == {
        "ivr/hello": {"zh": "您好", "en": "Hello"},
        "ivr/zh_only": {"zh": "只有中文", "en": ""},
    }


def test_given_the_environment_override_when_locating_a_prompt_then_it_is_under_that_folder(
    sounds: Path,
) -> None:
    assert prompts.sounds_dir() == sounds
    assert prompts.prompt_path("ivr/hello", "en") == str(sounds / "en" / "ivr" / "hello.wav")
    assert prompts.caption("ivr/hello", "zh") == "您好"


def test_given_no_override_then_the_sounds_folder_is_the_repositorys(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(prompts.SOUNDS_DIR_ENV, raising=False)
    assert prompts.sounds_dir() == Path(__file__).resolve().parents[3] / "sounds"
    assert prompts.prompt_path("digits/5", "zh").endswith("/sounds/zh/digits/5.wav")


def test_unknown_id_or_language_is_refused(sounds: Path) -> None:
    with pytest.raises(KeyError):
        prompts.prompt_path("ivr/helo", "zh")
    with pytest.raises(KeyError):
        prompts.caption("ivr/helo", "zh")
    with pytest.raises(ValueError):
        prompts.prompt_path("ivr/hello", "fr")


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('["IVR/Hello"]\nzh = "x"\n', "lowercase"),
        ('["ivr/x"]\nzh = "x"\nfr = "x"\n', "unknown keys"),
        ('["ivr/x"]\nzh = 1\n', "strings"),
        ('["ivr/x"]\nzh = ""\nen = " "\n', "at least one"),
        ('"ivr/x" = "text"\n', "table"),
        ('["ivr/x"\n', "bad.toml"),
    ],
)
def test_malformed_entries_are_refused_with_the_file_named(
    tmp_path: Path, toml: str, message: str
) -> None:
    write(tmp_path, "bad.toml", toml)
    with pytest.raises(CatalogueError, match=re.escape(message)):
        Catalogue.from_dir(tmp_path)


def test_given_an_id_in_two_files_when_loading_then_both_files_are_named(tmp_path: Path) -> None:
    write(tmp_path, "common.toml", '["ivr/x"]\nzh = "一"\n')
    write(tmp_path, "ivr.toml", '["ivr/x"]\nzh = "二"\n')
    with pytest.raises(CatalogueError, match="ivr.toml.*common.toml"):
        Catalogue.from_dir(tmp_path)


def test_sentence_joins_captions_per_language() -> None:
    catalogue = Catalogue(
        {
            "balance/is": {"zh": "您的余额为", "en": "Your balance is"},
            "num/20": {"zh": "二十", "en": "twenty"},
            "num/3": {"zh": "三", "en": "three"},
            "money/yuan": {"zh": "元", "en": "yuan"},
            "zh/only": {"zh": "啊", "en": ""},
        }
    )
    ids = ["balance/is", "num/20", "num/3", "zh/only", "money/yuan"]
    assert catalogue.sentence(ids, "zh") == "您的余额为二十三啊元"
    assert catalogue.sentence(ids, "en") == "Your balance is twenty-three yuan"


def test_the_menus_the_call_flow_needs_are_in_the_real_catalogue() -> None:
    needed = [
        "ivr/welcome",
        "ivr/choose_language",
        "menu/main",
        "menu/consult",
        "menu/query",
        "menu/selfservice",
        "menu/complaints",
        "menu/pin",
        "ivr/invalid",
        "ivr/timeout",
        "ivr/goodbye",
        "pin/enter",
        "balance/is",
        "ticket/status/closed",
        "survey/ask",
    ]
    catalogue = prompts.catalogue()
    assert [
        i for i in needed if not all(catalogue.get(i, {}).get(lang) for lang in prompts.LANGS)
    ] == []


def test_mandarin_texts_hold_no_latin_letters_or_long_numerals_that_espeak_misreads() -> None:
    bad = {
        prompt_id: texts["zh"]
        for prompt_id, texts in prompts.catalogue().items()
        if re.search(r"[A-Za-z]|\d\d", texts["zh"])
    }
    assert bad == {}
