"""Full-text search over communities, threads and posts, honouring who may see what."""
