"""The norm engine: legal and inspection norms as data, a Dutch working-day calendar, and one
engine that evaluates every norm on every measure's timeline (one case or the whole country).

Pure modules (no Django): `calendar`, `catalogue`, `engine`. Django-facing: `config` (settings
and per-organisation terms), `bulk` (set-based loading), `services` / `selectors` (the API the
web layer calls), `offline` (the exchange-file path of `ketenzicht norms evaluate`).
"""
