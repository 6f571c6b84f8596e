"""Signals, the escalation ladder (AVE), incidents, crisis communication and learning."""
