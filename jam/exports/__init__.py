"""Exports of a jam's themes with their provenance, pure of any database: the model
(``model``: :class:`~jam.exports.model.Export`, versioned) and its four formats (``formats``:
``as_json`` with its JSON Schema ``export-v1.schema.json``, ``as_csv`` a zip of CSV tables,
``as_xlsx`` a workbook, ``as_html`` a printable report), each a function of an export to bytes.
``jam.queries.exports.gather_export`` builds an export from the database."""
