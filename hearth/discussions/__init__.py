"""Discussions: threads and posts inside communities, with reactions, tags, mentions and history."""
