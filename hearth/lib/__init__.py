"""Helpers that belong to no single domain of Hearth."""
