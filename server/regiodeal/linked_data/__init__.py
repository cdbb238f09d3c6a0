"""Dereferenceable URIs: /id/ (the thing) answers 303 to /doc/ (the document about it)."""
