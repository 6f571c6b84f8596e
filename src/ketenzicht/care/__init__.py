"""Waiting: children without a fixed youth protector and children waiting for appropriate help."""
