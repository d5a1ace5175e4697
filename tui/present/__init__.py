"""What each view shows, as rows of plain text (Rich ``Text`` at most, never markup)."""
