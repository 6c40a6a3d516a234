"""The Discord layer: a thin adapter that defers, calls the core off the event loop, builds embeds, sends."""
