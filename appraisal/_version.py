"""The library's version, in one place: the package, the JSON contract and the workbook read it here."""

__version__ = "0.1.0"
