"""Deliberately broken servers: the real mock with one bug each, so we know every check can fail."""
