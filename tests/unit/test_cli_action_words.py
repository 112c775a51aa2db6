"""An action word the CLI does not know is answered with the one it probably meant: a
Habitica user types `reward buy` and `quest check`, a slip types `staus`."""

from __future__ import annotations

import pytest

from rpgmylife_desktop.cli.main import CommandLineError, build_parser


def _refusal(*argv: str) -> CommandLineError:
    with pytest.raises(CommandLineError) as refused:
        build_parser().parse_args(list(argv))
    return refused.value


def test_another_apps_word_for_an_action_names_this_ones() -> None:
    assert _refusal("reward", "buy", "Movie").hint.startswith(
        "Did you mean `rpgmylife reward claim`? "
    )
    assert "Did you mean `rpgmylife quest tick`?" in _refusal("quest", "check", "Tax").hint


def test_a_misspelt_command_names_the_closest_and_a_stranger_word_nothing() -> None:
    assert "Did you mean `rpgmylife status`?" in _refusal("staus").hint
    assert _refusal("reward", "zzz").hint == "Try 'rpgmylife reward --help'."
