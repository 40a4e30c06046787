"""Following and muting, and the in-app notifications that follow from them."""
