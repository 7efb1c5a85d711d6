"""Finding people by what was typed: the fuzzy ranking of the person finders, the People table's
search index, and the lines the finders match against. Plain Python, safe on a pool thread."""
