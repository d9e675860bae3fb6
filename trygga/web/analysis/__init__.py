"""The staff analysis pages (`/<code>/analys/`): trend with control band, change table, rates
per 1,000 residents, hour-by-weekday pattern, seasonality and the hot-spot map.

`forms` parses the filters, `data` turns the filters into calls of the selectors in
`trygga.events.statistics` (adding up several categories where the selectors take one),
`charts` draws the trend as server-side SVG, `views` renders the page, the CSV downloads
and the hot-spot JSON the map script reads.
"""
