"""Communities: condition groups (public, closed or private), their members, requests and invites."""
