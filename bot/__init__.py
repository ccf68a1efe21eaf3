"""councilbot: a Telegram meeting assistant for Danish integration councils."""

__version__ = "0.1.0"
