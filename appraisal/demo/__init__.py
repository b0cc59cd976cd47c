"""Demonstration data: the synthetic sample county and the blank template to fill in.

In: a size and a seed (the sample) or nothing (the template).  Out: the
sample county's workbook and ratings CSV, whose shapes and mess match what
offices send (``sample``), and an empty workbook with one example row per
source and a sheet of instructions, in the standard, wide or survey layout
(``template``).  Nothing here scores.
"""

from .sample import COUNTY, YEAR, make_sample, write_sample
from .template import LAYOUTS, template_bytes, write_template

__all__ = ["COUNTY", "LAYOUTS", "YEAR", "make_sample", "template_bytes", "write_sample", "write_template"]
