"""Pure timeline logic: codes, event types, the state of a measure folded from its events.

Nothing here imports Django, so the same rules serve the web forms, the importer, the demo data
generator and the offline norm engine.
"""
