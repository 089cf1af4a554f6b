"""Site-building logic (catalogs, page views, strings) as plain functions over the library."""
