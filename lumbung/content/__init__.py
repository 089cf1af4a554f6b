"""The content model: front matter, page types, validation and the library of all pages."""
