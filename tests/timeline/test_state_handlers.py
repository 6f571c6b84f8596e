"""The handler table of the fold: every event type is handled or explicitly left alone, and the
timeline domain stays free of Django."""

from __future__ import annotations

import ast
import importlib
import pathlib

import pytest

from ketenzicht.timeline.domain import events, state, state_handlers


def test_every_event_type_is_handled_or_explicitly_left_alone():
    handled, alone = set(state_handlers.HANDLERS), set(state_handlers.NO_STATE_RULES)
    assert handled | alone == set(events.EVENT_TYPES)
    assert not handled & alone
    assert state.HANDLERS is state_handlers.HANDLERS


def test_a_new_event_type_without_a_handler_is_refused_at_import(monkeypatch):
    monkeypatch.setitem(events.EVENT_TYPES, "new_type", events.EventType("new_type", "Nieuw"))
    with pytest.raises(RuntimeError, match="missing: \\['new_type'\\]"):
        state_handlers._check_coverage()
    monkeypatch.delitem(events.EVENT_TYPES, "new_type")
    state_handlers._check_coverage()


def test_the_timeline_domain_does_not_import_django():
    domain = pathlib.Path(importlib.import_module("ketenzicht.timeline.domain").__file__).parent
    for path in domain.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(n.split(".")[0] == "django" for n in names), path.name
