"""One way in and out for the portal's data: every import kind reads its file through
`reader.read_table`, with the same limits for all of them."""
