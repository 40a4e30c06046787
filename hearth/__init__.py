"""Hearth: peer-support communities for people living with chronic illness."""
