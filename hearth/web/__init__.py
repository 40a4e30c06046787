"""The site's shell: base layout, home page, health check, error pages and display settings."""
