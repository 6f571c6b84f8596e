"""Dashboards, small-number suppression, SVG charts, the council report and exports."""
