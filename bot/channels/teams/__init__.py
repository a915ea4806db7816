"""The Microsoft Teams channel: `POST /api/messages` (Microsoft 365 Agents SDK), tenant links,
Teams-shaped replies and the app package. See docs/teams.md.

The SDK loads only when the channel is used (`mount`), not when a store module here is imported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.channels.teams.channel import TeamsChannel, TeamsMisconfigured, check_settings, mount

__all__ = ["TeamsChannel", "TeamsMisconfigured", "check_settings", "mount"]


def __getattr__(name: str):
    if name in __all__:
        from bot.channels.teams import channel

        return getattr(channel, name)
    raise AttributeError(name)
