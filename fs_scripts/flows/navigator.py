"""Walking the menu tree: present a menu, read a key, go where the key leads.

A stack of menu ids remembers the way back for `*`. A key leads to a submenu, to a list
of actions (then to the flow's after-action menu, "hear again / main menu"), or to a
replay of the last actions. `0` reaches an agent of the menu's skill unless the menu
gives `0` another meaning. The walk ends only by `CallEnded` (hang-up, transfer,
goodbye), raised from inside `Call`.
"""

from __future__ import annotations

from typing import NoReturn

from fs_scripts.flows.actions import ACTIONS
from fs_scripts.flows.call import BackToMenu, Call
from fs_scripts.flows.definition import Flow, GoTo, Menu, Replay, Run
from fs_scripts.flows.keypad import AGENT, BACK, read_key


class Navigator:
    def __init__(self, call: Call, flow: Flow) -> None:
        self.call = call
        self.flow = flow
        self.stack: list[str] = []
        self.last_run: Run | None = None

    def run(self) -> NoReturn:
        self.enter(self.flow.start)
        while True:
            menu = self.flow.menus[self.stack[-1]]
            self.call.agent_skill = self.agent_skill()
            key = read_key(self.call, menu.prompt, {*menu.keys, BACK, AGENT}, menu.settings)
            self.follow(menu, key)

    def follow(self, menu: Menu, key: str) -> None:
        target = menu.keys.get(key)
        if target is None and key == BACK:
            self.back()
        elif target is None:  # AGENT
            self.call.to_agent("caller_request")
        elif isinstance(target, GoTo):
            self.enter(target.menu)
        elif isinstance(target, Run):
            self.perform(target)
        elif isinstance(target, Replay) and self.last_run is not None:
            self.perform(self.last_run)

    def perform(self, run: Run) -> None:
        """Run the actions in order; `*` inside one returns to this menu instead."""
        self.last_run = run
        try:
            for step in run.steps:
                self.call.visit(step.action)
                ACTIONS[step.action].handler(self.call, **step.params)
        except BackToMenu:
            return
        self.enter(run.then or self.flow.after_action)

    def enter(self, menu_id: str) -> None:
        """Go to a menu; going to one already on the way back unwinds to it."""
        if menu_id in self.stack:
            del self.stack[self.stack.index(menu_id) + 1 :]
        else:
            self.stack.append(menu_id)
        self.call.visit(menu_id)

    def back(self) -> None:
        if len(self.stack) > 1:
            self.stack.pop()
        self.call.visit(self.stack[-1])

    def agent_skill(self) -> str:
        """The skill of the nearest menu on the stack that names one."""
        for menu_id in reversed(self.stack):
            skill = self.flow.menus[menu_id].settings.agent_skill
            if skill:
                return skill
        return self.flow.defaults.agent_skill or "general"
