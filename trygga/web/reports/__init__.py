"""The pages of citizen reports (felanmälan): the public form, receipt and tracking page
residents use without an account (`public`), and the staff's triage queue, report page and
fix-time table (`staff`). Views parse, call `trygga.reports` selectors and actions, and
render; the domain rules live in `trygga.reports`."""
