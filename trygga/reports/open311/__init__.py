"""The Open311 GeoReport v2 server: the protocol adapter of citizen reports.

`urls` and `views` serve /open311/v2/ (docs/open311.md); `documents` builds the spec's
documents from public selectors; `renderers` writes them as XML or JSON; `parsers` reads
GeoReport documents and the POST form. The adapter holds no domain rules: it reads through
`trygga.reports.selectors` and writes only through `trygga.reports.actions`.
"""
