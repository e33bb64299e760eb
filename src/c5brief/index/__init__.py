"""The analyzed corpus on disk: reading an index (reader), writing one (build), and the
cache folder's policy for which index serves a run (cache)."""
