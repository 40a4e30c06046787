"""The audit trail: an append-only record of sensitive actions, named `subject:action`."""
