"""Plausible generated persons with disabilities: names by ethnic group, villages, determinations.

Data for demonstrations, tests and benchmarks only: the proportions are assumptions (``proportions``), the
names are combinations of common name parts (``names``), and no generated person is a real individual.
"""

from hoanhap.ops.generator.bulk import GenerationReport, generation_communes, persons_generate

__all__ = ["GenerationReport", "generation_communes", "persons_generate"]
