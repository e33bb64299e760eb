"""Renderers: each module turns one kind of result into JSON, Markdown, plain text or a rich
renderable, and offers them by format name in a small table (`FORMATS`). None prints."""
