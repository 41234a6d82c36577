"""The benchmark's letter figures run against the letter API as it is (they broke silently
once when the PDF output's signature changed)."""

from __future__ import annotations

from bench.__main__ import letter_render_times


def test_letter_render_times_measure_text_and_pdf() -> None:
    figures = letter_render_times(1)
    assert set(figures) == {"text", "pdf"}
    assert all(f["median_ms"] > 0 and f["count"] == 1 for f in figures.values())
