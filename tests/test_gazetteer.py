"""kg.gazetteer: abbreviations come from country_converter's table, read without importing it."""
from __future__ import annotations

import subprocess
import sys

import pytest

from kg.gazetteer import _country_converter_rows, load_gazetteer


@pytest.mark.parametrize("text, code", [
    ("U.S.", "US"), ("USA", "US"), ("UK", "GB"), ("UAE", "AE"), ("DRC", "CD"),
    ("PRK", "KP"),  # a country's own ISO code, though another country's regex accepts it too
    ("VGB", "VG"),
])
def test_abbreviations_name_their_country(text, code):
    assert load_gazetteer().country_by_name(text) == code


@pytest.mark.parametrize("text", ["IT", "NO", "AND", "Us", "UKR1"])
def test_codes_no_regex_accepts_and_mixed_case_are_not_abbreviations(text):
    assert load_gazetteer()._abbreviation(text) is None


def test_the_rows_are_country_converters_own():
    import country_converter as coco

    data = coco.CountryConverter().data
    rows = _country_converter_rows()
    for column in ("regex", "ISO2", "ISO3"):
        assert [row[column] for row in rows] == list(data[column])


def test_building_the_tables_imports_no_pandas():
    code = "import sys; from kg.gazetteer import _abbreviations; _abbreviations(); print('pandas' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"
