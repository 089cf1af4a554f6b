"""Site search: Pagefind indexes built from the library, one per language, in one bundle."""
