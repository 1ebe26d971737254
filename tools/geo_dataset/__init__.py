"""Generator of the administrative-unit dataset in ``hoanhap/geo/data/``.

Run it through ``tools/geo_dataset/build.py`` (see its docstring).  The package is a
build tool only: nothing in ``hoanhap`` imports it.

Modules, in the order the build uses them:

* ``wheels`` - the pinned source wheels: locating, hashing, reading members
* ``python_literals`` - reading literal data out of Python source without running it
* ``sources`` - loading both packages' data into plain Python structures
* ``unit_types`` - official type words, name normalisation
* ``editions`` - the current and legacy unit lists, cross-checked
* ``corrections`` - documented code typos of the official conversion table
* ``succession`` - legacy -> current commune and province successions
* ``pipeline`` - runs the steps above and writes the outputs
* ``csv_output`` - deterministic CSV writing
* ``licence_notice``, ``source_md``, ``source_md_discrepancies`` - the documents
"""
