"""Demo data: the personas of the product, so a new install shows something real."""
