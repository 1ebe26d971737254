"""Indicator facts: the registry and the services as figures read them, one row per person and year.

Counting a province's figures straight from the registry means, for each count, finding every person's
disability determination in force on the last day of the year and joining their service records of the
year: at a million persons that takes seconds per figure. The facts hold the answer of that work, per year
("as of 31 December"): a row per person with what the filters and the splits read (sex, year of birth,
ethnic group, household, status and disability on that day, special groups as bits) and the service types
they received that year as bits. A person served in another commune that year has one more row there, so
that services count where they were recorded, as ``hoanhap.plans.sources`` counts them.

* ``models``: the rows, the years built, the bits of the service types, and the backlog of persons changed
  since their rows were written.
* ``triggers``: database triggers that put into the backlog every person whose record, determinations,
  special groups or service records change — however the change is written (services, bulk imports,
  ``UPDATE`` statements, merges).
* ``build``: builds a year, and rewrites the rows of the persons in the backlog before figures are read.
* ``counting``: the counts of ``hoanhap.plans.compute`` from the facts, many in one statement.

Only whole years are kept: a figure for a quarter or a month, for a year not built,
or for a count the facts do not carry (activities, campaigns, aggregate entries) is counted from the
registry as before. ``tests/plans/test_facts.py`` checks that both ways give the same figures.
"""
