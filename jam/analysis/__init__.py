"""Themes of a jam's ideas, live: fitting (pure), the background refresher, snapshots."""
