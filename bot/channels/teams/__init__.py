"""The Microsoft Teams channel: `POST /api/messages` (Microsoft 365 Agents SDK), tenant links,
Teams-shaped replies and the app package. See docs/teams.md."""

from bot.channels.teams.channel import TeamsChannel, TeamsMisconfigured, check_settings, mount

__all__ = ["TeamsChannel", "TeamsMisconfigured", "check_settings", "mount"]
