"""The norms: legal and inspection norms as data, a Dutch working-day calendar, and one module per
rule kind (`kinds/`) with its per-measure and set-based versions side by side (decision 0009).

Executors: `engine` (one measure: current results and every due instance; `executor` runs it
over many timelines) and `columns` (current results of many measures at once). Loaders: `services`
(one case), `loader` (current results of many measures), `stream` (whole timelines). Callers use
`selectors` / `services` / `bulk`. No Django in `calendar`, `catalogue`, `compact`, `context`,
`rules`, `kinds`, `engine`; the exchange-file path lives in `ketenzicht.interop.norms_file`.
"""
