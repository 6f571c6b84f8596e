"""Ketenzicht: one current, trustworthy picture of every child in the youth-protection chain."""

__version__ = "0.1.0"
