"""The HTTP API under /api/v1/: one NinjaAPI assembled from each app's router."""
