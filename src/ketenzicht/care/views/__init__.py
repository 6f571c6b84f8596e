"""Screens for waiting (issue #5): the waiting list for a youth protector (monitorlijst),
assignment, counts per reference date, the effects of waiting, waiting for help (priority list,
expert table) and the consultation with the municipality.

Every view declares one permission (`require` / `require_screen`), reads through an explicit
scope from the policy (`waiting_scope`, `municipal_measures`) and logs the children it shows.
One module per screen group: `waiting` (waiting list, assignment, ruisdossier), `counts`
(reference-date counts, effects), `help` (waiting for help, priority, expert table, sending a
consultation) and `consultations` (the municipality's answers).
"""
