"""ReadModels: each read model is a typed attribute named as the read model, built by name."""

from __future__ import annotations

import dataclasses

import pytest

from rpgmylife_desktop.domain.state import GameState
from rpgmylife_desktop.projections.catalog import ReadModels
from rpgmylife_desktop.projections.projection_set import new_projections


def test_each_attribute_holds_the_read_model_of_that_name_and_the_engine_feeds_them_all() -> None:
    projections = new_projections()
    models = projections.models
    names = [field.name for field in dataclasses.fields(ReadModels)]
    assert [getattr(models, name).name for name in names] == names
    assert [p.name for p in projections.projections] == names
    assert all(a is b for a, b in zip(projections.projections, models.all(), strict=True))
    assert projections.habits is models.habits is models.named("habits")
    with pytest.raises(KeyError):
        models.named("nothing")


def test_wiring_a_read_model_under_another_name_is_refused() -> None:
    state = GameState()
    models = ReadModels.build(lambda: state)
    with pytest.raises(ValueError, match="'quests' is wired as 'habits'"):
        dataclasses.replace(models, habits=models.quests)  # type: ignore[arg-type]
