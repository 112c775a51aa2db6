"""The window's four list pages (habits, quests with their checklist, goals, rewards):
each a `ListPage` with its filters, placeholder, toolbar actions and delegates."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from rpgmylife_desktop.ui.actions import Actions
from rpgmylife_desktop.ui.delegates import ButtonDelegate, CheckDelegate, ProgressDelegate
from rpgmylife_desktop.ui.models.checklist import ChecklistModel
from rpgmylife_desktop.ui.models.goals import FRACTION_ROLE, GoalsModel
from rpgmylife_desktop.ui.models.goals import STATUS_ROLE as GOAL_STATUS_ROLE
from rpgmylife_desktop.ui.models.habits import POSITION_ROLE as HABIT_POSITION_ROLE
from rpgmylife_desktop.ui.models.habits import STATUS_ROLE as HABIT_STATUS_ROLE
from rpgmylife_desktop.ui.models.habits import HabitsModel
from rpgmylife_desktop.ui.models.quests import STATUS_ROLE as QUEST_STATUS_ROLE
from rpgmylife_desktop.ui.models.quests import QuestsModel
from rpgmylife_desktop.ui.models.rewards import RewardsModel
from rpgmylife_desktop.ui.pages.checklist import ChecklistPanel
from rpgmylife_desktop.ui.pages.lists import ListPage


def habits_page(model: HabitsModel, actions: Actions) -> ListPage:
    """Habits, in the person's order (drag and drop changes it)."""
    page = ListPage(
        "habits",
        model,
        filter_role=HABIT_STATUS_ROLE,
        filters=[
            ("Active", frozenset({"active"})),
            ("Archived", frozenset({"archived"})),
            ("All", None),
        ],
        placeholder="No habits yet: Ctrl+N adds one.",
        actions=[actions.new_habit, actions.edit, actions.archive, actions.pause, actions.skip],
    )
    view = page.view
    view.setSortingEnabled(False)
    page.proxy.setSortRole(HABIT_POSITION_ROLE)
    page.proxy.setDynamicSortFilter(True)
    page.proxy.sort(0)
    view.setDragEnabled(True)
    view.setAcceptDrops(True)
    view.setDropIndicatorShown(True)
    view.setDragDropMode(view.DragDropMode.DragDrop)
    view.setDefaultDropAction(Qt.DropAction.MoveAction)
    return page


def quests_page(
    model: QuestsModel, checklist: ChecklistModel, actions: Actions
) -> tuple[ListPage, ChecklistPanel]:
    """Quests, and below them the checklist of the selected one."""
    page = ListPage(
        "quests",
        model,
        filter_role=QUEST_STATUS_ROLE,
        filters=[
            ("Open", frozenset({"open"})),
            ("Completed", frozenset({"completed"})),
            ("Abandoned", frozenset({"abandoned"})),
            ("All", None),
        ],
        placeholder="No quests yet: Ctrl+Shift+N",
        actions=[actions.new_quest, actions.edit, actions.complete, actions.archive],
    )
    panel = ChecklistPanel(checklist, actions.add_item, actions.remove_item)
    # Its checkboxes ringed as on Today: Fusion's border all but vanishes on dark.
    page.view.setItemDelegateForColumn(0, CheckDelegate(page.view))
    layout = page.layout()
    assert layout is not None
    layout.addWidget(panel)
    return page, panel


def goals_page(model: GoalsModel, actions: Actions, parent: QWidget) -> ListPage:
    """Goals, each with its progress bar."""
    page = ListPage(
        "goals",
        model,
        filter_role=GOAL_STATUS_ROLE,
        filters=[
            ("Open", frozenset({"open"})),
            ("Achieved", frozenset({"achieved"})),
            ("All", None),
        ],
        placeholder="No goals yet: add one with New goal.",
        actions=[actions.new_goal, actions.edit],
    )
    page.view.setItemDelegateForColumn(1, ProgressDelegate(FRACTION_ROLE, parent))
    header = page.view.horizontalHeader()
    header.setSectionResizeMode(1, header.ResizeMode.Interactive)
    page.view.setColumnWidth(1, 220)
    page.fit_columns.remove(1)
    return page


def rewards_page(model: RewardsModel, actions: Actions, parent: QWidget) -> ListPage:
    """Rewards, each with its Claim button."""
    page = ListPage(
        "rewards",
        model,
        filter_role=None,
        filters=[],
        placeholder="No rewards yet: add one with New reward, then spend your gold.",
        actions=[actions.new_reward, actions.edit, actions.claim],
    )
    page.view.setItemDelegateForColumn(0, ButtonDelegate(parent))
    return page
