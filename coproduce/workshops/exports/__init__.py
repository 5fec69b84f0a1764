"""Downloads of workshop results: a statements activity in Pol.is's openData layout (`polis`), every result
as an Excel workbook (`xlsx`), and the summary for the report as a Word document (`summary_docx`).

They hold participant numbers and sectors, never display names.
"""
