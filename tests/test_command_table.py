"""The command table (``bot.commands.COMMANDS``) against everything it must agree with: its own fields, the
catalogue, the handlers the real application registers, the menus and the role matrix (``domain.authz``).

Adding a command means one table entry; this test fails until the handler, the action, the chats, the menus and the
``core.cmd.<name>`` description agree (docs/architecture.md, "Where to add").
"""

from __future__ import annotations

import asyncio
import dataclasses
import importlib
import inspect
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from telegram.ext import BaseHandler, CommandHandler, ConversationHandler

from bot import menu
from bot.app import build_application
from bot.commands import ANYWHERE, COMMANDS, Chat, Command, visible_commands
from bot.handlers.common import Caller
from bot.services import SERVICES_KEY
from domain.authz import ROLE_ACTIONS, Action
from pantau.settings import Settings
from storage.people import CallerInfo, RoleGrant
from texts import CATALOGUE, LANGUAGES

COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")  # Telegram's rule for a bot command (setMyCommands)
DESCRIPTION_MAX = 256  # Telegram's limit for a command's description
# every action but the admin's "all of them": a command that only an admin may use would be a mistake in the table
ROLES_BUT_ADMIN = {role: actions for role, actions in ROLE_ACTIONS.items() if role != "admin"}
FIELDS = [f.name for f in dataclasses.fields(Command) if f.init]


def _label(command: Command) -> str:
    return f"/{command.name or '?'}"


def _walk(handlers: list[BaseHandler[Any, Any, Any]]) -> Iterator[BaseHandler[Any, Any, Any]]:
    """Every handler, with those inside conversations (entry points, states, fallbacks)."""
    for handler in handlers:
        yield handler
        if isinstance(handler, ConversationHandler):
            inner = [*handler.entry_points, *handler.fallbacks]
            for state in handler.states.values():
                inner.extend(state)
            yield from _walk(inner)


@pytest.fixture(scope="module")
def registered(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[str, list[tuple[bool, CommandHandler[Any, Any]]]]]:
    """The real application's command handlers: name → [(registered at the top of group 0?, handler)]."""
    path: Path = tmp_path_factory.mktemp("commands") / "pantau.db"
    settings = Settings(token=SecretStr("123:TEST"), database_url=SecretStr(f"sqlite:///{path}"), tick_seconds=0)
    app = build_application(settings)
    found: dict[str, list[tuple[bool, CommandHandler[Any, Any]]]] = {}
    for group, handlers in app.handlers.items():
        top = {id(h) for h in handlers} if group == 0 else set()
        for handler in _walk(handlers):
            if isinstance(handler, CommandHandler):
                for name in handler.commands:
                    found.setdefault(name, []).append((id(handler) in top, handler))
    yield found
    asyncio.run(app.bot_data[SERVICES_KEY].db.dispose())


def test_every_command_has_every_field() -> None:
    wrong: list[str] = []
    for c in COMMANDS:
        if not isinstance(c.name, str) or not COMMAND_NAME.fullmatch(c.name):
            wrong.append(f"{_label(c)}: name {c.name!r} is not a Telegram command name")
        for alias in c.aliases:
            if not COMMAND_NAME.fullmatch(alias):
                wrong.append(f"{_label(c)}: alias {alias!r} is not a Telegram command name")
        if not callable(c.handler) or not inspect.iscoroutinefunction(c.handler):
            wrong.append(f"{_label(c)}: handler {c.handler!r} is not an async function")
        if c.action is not None and not isinstance(c.action, Action):
            wrong.append(f"{_label(c)}: action {c.action!r} is not a domain.authz.Action (or None)")
        if not c.chats or not set(c.chats) <= set(Chat):
            wrong.append(f"{_label(c)}: chats {set(c.chats)!r} must be private, group or both")
        for flag in ("private_menu", "group_menu", "in_help"):
            if not isinstance(getattr(c, flag), bool):
                wrong.append(f"{_label(c)}: {flag} must be True or False")
        if not c.description:
            wrong.append(f"{_label(c)}: no description key")
        if c.registered_by is not None and not hasattr(importlib.import_module(c.registered_by), "register"):
            wrong.append(f"{_label(c)}: registered_by {c.registered_by} has no register(app)")
    assert wrong == [], "\n".join(wrong)


def test_names_and_aliases_are_unique() -> None:
    names = [name for c in COMMANDS for name in c.names]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []


def test_descriptions_are_in_the_catalogue_in_both_languages() -> None:
    wrong: list[str] = []
    for c in COMMANDS:
        for key in filter(None, (c.description, c.elsewhere)):
            if key not in CATALOGUE:
                wrong.append(f"{_label(c)}: {key!r} is not in the catalogue")
                continue
            for lang, text in zip(LANGUAGES, CATALOGUE[key], strict=True):
                if not text.strip():
                    wrong.append(f"{_label(c)}: {key!r} is empty in {lang}")
                elif key == c.description and len(text) > DESCRIPTION_MAX:
                    wrong.append(f"{_label(c)}: {key!r} is longer than Telegram's {DESCRIPTION_MAX} in {lang}")
    assert wrong == [], "\n".join(wrong)


def test_the_application_registers_exactly_the_table(
    registered: dict[str, list[tuple[bool, CommandHandler[Any, Any]]]],
) -> None:
    table = {name for c in COMMANDS for name in c.names}
    assert sorted(set(registered) - table) == [], "registered by the application but not in bot.commands.COMMANDS"
    assert sorted(table - set(registered)) == [], "in bot.commands.COMMANDS but not registered by the application"
    wrong: list[str] = []
    for c in COMMANDS:
        handlers = {id(h): (top, h) for name in c.names for top, h in registered[name]}  # an alias: the same handler
        ours = [(top, h) for top, h in handlers.values() if getattr(h.callback, "__wrapped__", h.callback) is c.handler]
        if c.registered_by is None:
            # one handler at the top of group 0, for the name and its aliases, behind the chat check
            if len([h for top, h in ours if top and h.commands == frozenset(c.names)]) != 1:
                wrong.append(f"{_label(c)}: not registered once by the table with {c.handler.__qualname__}")
            elif c.chats != ANYWHERE and all(h.callback is c.handler for _top, h in ours):
                wrong.append(f"{_label(c)}: works in {sorted(c.chats)} only but is registered without the chat check")
        elif not ours:
            wrong.append(f"{_label(c)}: {c.registered_by} registers no CommandHandler with {c.handler.__qualname__}")
    assert wrong == [], "\n".join(wrong)


def test_menus_list_only_commands_of_their_chats() -> None:
    wrong: list[str] = []
    for scope, entries in ((Chat.PRIVATE, menu.PRIVATE_MENU), (Chat.GROUP, menu.GROUP_MENU)):
        for c in entries:
            if scope not in c.chats:
                wrong.append(f"{_label(c)} is in the {scope} menu but works in {sorted(c.chats)} only")
            if not c.in_help:
                wrong.append(f"{_label(c)} is in the {scope} menu but not in /bantuan")
    assert wrong == [], "\n".join(wrong)
    assert [c.name for c in menu.PRIVATE_MENU] == [c.name for c in COMMANDS if c.private_menu]
    assert [c.name for c in menu.GROUP_MENU] == [c.name for c in COMMANDS if c.group_menu]


def test_role_matrix_and_menus_agree() -> None:
    """A command in a menu is one some role (other than the admin, who has every action) may use; every action some
    role holds is unlocked by a command /bantuan lists; every role finds a command of its own in the private menu."""
    wrong: list[str] = []
    held = set().union(*ROLES_BUT_ADMIN.values())
    for c in COMMANDS:
        if c.action is not None and (c.private_menu or c.group_menu or c.in_help) and c.action not in held:
            wrong.append(f"{_label(c)} is offered but no role holds {c.action}")
    listed = {c.action for c in COMMANDS if c.in_help}
    for action in sorted(held - listed):
        wrong.append(
            f"{action} is held by {sorted(r for r, a in ROLES_BUT_ADMIN.items() if action in a)} but no command in /bantuan needs it"
        )
    for role, actions in ROLES_BUT_ADMIN.items():
        own = [c.name for c in menu.PRIVATE_MENU if c.action in actions]
        if not own:
            wrong.append(f"role {role} has no command of its own in the private menu")
    assert wrong == [], "\n".join(wrong)


def _caller(role: str | None, *, private: bool, bootstrap: bool = False) -> Caller:
    grants = (RoleGrant(1, "T", "Team", role, None, None, None),) if role else ()
    info = CallerInfo(
        telegram_id=1,
        name="x",
        language="id",
        registered=bool(grants),
        grants=grants,
        group_team_id=None if private else 1,
        group_team_code=None if private else "T",
    )
    return Caller(info=info, bootstrap_admin=bootstrap, chat_id=1, private=private)


@pytest.mark.parametrize("private", [True, False], ids=["private", "group"])
@pytest.mark.parametrize("role", sorted(ROLE_ACTIONS))
def test_bantuan_lists_what_the_role_may_use_here(role: str, private: bool) -> None:
    where = Chat.PRIVATE if private else Chat.GROUP
    expected = [
        c.name
        for c in COMMANDS
        if c.in_help and where in c.chats and (c.action is None or c.action in ROLE_ACTIONS[role])
    ]
    assert [c.name for c in visible_commands(_caller(role, private=private), private)] == expected
    assert visible_commands(_caller(None, private=private), private) == []


def test_the_dataclass_fields_are_the_ones_the_docs_name() -> None:
    assert FIELDS[:7] == ["name", "handler", "action", "chats", "private_menu", "group_menu", "description"]
