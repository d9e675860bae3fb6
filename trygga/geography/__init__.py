"""Geography: counties, municipalities, districts (stadsdelar), named places, and the
vectorised assignment of points to their district and H3 cell."""
