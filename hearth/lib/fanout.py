"""One subscription per group per worker process: the channel layer carries each frame to each
worker once, and the worker hands it to its own connections in the group (a live chat's room,
a conversation's two members).

Subscribing every connection to the group costs the layer a copy, a queue and a wake-up per
connection per frame (and channels-redis one Redis message each): with 500 people in a room
that was most of the server's time (docs/ARCHITECTURE.md, "Live chats"). Here the layer sees one
channel per worker; each connection keeps its own small inbox, read by its own task, so a slow
reader delays nobody else, and one that falls too far behind is closed and resumes from its last
number when it reconnects.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import weakref
from typing import Any, Protocol

log = logging.getLogger(__name__)


class Listener(Protocol):
    def deliver(self, event: dict[str, Any]) -> None: ...


class _Group:
    def __init__(self) -> None:
        self.listeners: set[Listener] = set()
        self.channel: str | None = None
        self.ready = asyncio.Event()
        self.task: asyncio.Task[None] | None = None


# Per event loop (tests run one loop after another in a process), then per group name.
_groups: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, _Group]] = weakref.WeakKeyDictionary()


def _groups_here() -> dict[str, _Group]:
    loop = asyncio.get_running_loop()
    groups = _groups.get(loop)
    if groups is None:
        groups = _groups[loop] = {}
    return groups


async def join(layer: Any, group_name: str, listener: Listener) -> None:
    """Start receiving the group's frames (`listener.deliver(event)`, in order, from now on)."""
    groups = _groups_here()
    group = groups.get(group_name)
    if group is not None:
        group.listeners.add(listener)
        await group.ready.wait()
        return
    group = groups[group_name] = _Group()
    group.listeners.add(listener)
    try:
        # The layer's usual prefix: channels-redis reads all of a process's channels from one
        # Redis key, and a channel with another prefix would wait for its turn to be read.
        group.channel = await layer.new_channel()
        await layer.group_add(group_name, group.channel)
    except BaseException:
        groups.pop(group_name, None)
        group.ready.set()
        raise
    group.task = asyncio.create_task(_pump(layer, group))
    group.ready.set()


async def leave(layer: Any, group_name: str, listener: Listener) -> None:
    groups = _groups_here()
    group = groups.get(group_name)
    if group is None:
        return
    group.listeners.discard(listener)
    if group.listeners:
        return
    groups.pop(group_name, None)
    if group.task is not None:
        group.task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await group.task
    if group.channel is not None:
        with contextlib.suppress(Exception):  # the layer may be away; its group entry expires
            await layer.group_discard(group_name, group.channel)


async def _pump(layer: Any, group: _Group) -> None:
    assert group.channel is not None  # noqa: S101  (set before the pump starts)
    while True:
        try:
            event = await layer.receive(group.channel)
        except asyncio.CancelledError:
            raise
        except Exception:  # the layer went away for a moment: listeners catch up when it is back
            log.warning("group channel %s failed to receive", group.channel, exc_info=True)
            await asyncio.sleep(1)
            continue
        for listener in list(group.listeners):
            listener.deliver(event)
