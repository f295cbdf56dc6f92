"""Extract: decoded documents -> cleaned blocks with roles, repeats flagged, one Article each."""
