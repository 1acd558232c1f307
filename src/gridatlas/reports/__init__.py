"""Writers of results: JSON, tables, workbooks (they compute nothing)."""
