"""Tests that span Hearth's apps: security headers, serving, the API schema and browser journeys."""
