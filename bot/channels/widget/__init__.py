"""The web widget: `widget.js` (one hand-written file, no build step, no framework) and the demo
intranet page that shows it, served by `upward serve`."""

from bot.channels.widget.routes import router

__all__ = ["router"]
