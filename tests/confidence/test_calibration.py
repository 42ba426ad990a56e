"""parley.confidence.calibration: ECE over 10 equal-width bins, the reliability table, the least
confident share's error rate."""

from __future__ import annotations

import pytest

from parley.confidence.calibration import ece, ece_if_calibrated, low_confidence_ratio, reliability, summary


def test_perfectly_calibrated_predictions_have_no_calibration_error() -> None:
    probabilities = [0.25] * 4 + [0.75] * 4
    outcomes = [True, False, False, False, True, True, True, False]
    assert ece(probabilities, outcomes) == 0.0


def test_ece_is_the_weighted_gap_between_confidence_and_accuracy_per_bin() -> None:
    # bin 0.9-1.0: confidence 0.9, all right (gap 0.1); bin 0.1-0.2: confidence 0.1, all right (gap 0.9)
    probabilities = [0.9, 0.9, 0.9, 0.1]
    outcomes = [True, True, True, True]
    assert ece(probabilities, outcomes) == pytest.approx((3 * 0.1 + 1 * 0.9) / 4)


def test_the_reliability_table_has_ten_equal_bins_and_one_goes_in_the_last() -> None:
    bins = reliability([0.0, 0.05, 0.1, 0.55, 1.0], [False, False, True, True, True])
    assert [(b.low, b.high) for b in bins] == [(i / 10, (i + 1) / 10) for i in range(10)]
    assert [b.n for b in bins] == [2, 1, 0, 0, 0, 1, 0, 0, 0, 1]
    assert bins[0].accuracy == 0.0 and bins[9].accuracy == 1.0 and bins[2].confidence is None


def test_a_probability_outside_zero_to_one_is_refused() -> None:
    with pytest.raises(ValueError, match="in \\[0, 1\\]"):
        reliability([1.2], [True])


def test_the_least_confident_fifth_is_compared_with_the_rest() -> None:
    probabilities = [0.1, 0.2, 0.6, 0.7, 0.8, 0.8, 0.9, 0.9, 0.95, 0.99]
    outcomes = [False, False, True, True, False, True, True, True, True, True]
    found = low_confidence_ratio(probabilities, outcomes)
    assert found == {"low_n": 2, "low_error_rate": 1.0, "rest_error_rate": 0.125, "ratio": 8.0}


def test_the_summary_is_json_ready() -> None:
    data = summary([0.2, 0.8], [False, True])
    assert data["n"] == 2 and data["accuracy"] == 0.5 and len(data["reliability"]) == 10


def test_sampling_alone_gives_a_calibrated_model_an_ece_that_shrinks_with_more_events() -> None:
    few = ece_if_calibrated([0.3, 0.5, 0.7, 0.9] * 25)
    many = ece_if_calibrated([0.3, 0.5, 0.7, 0.9] * 400)
    assert 0.02 < few < 0.1 and many < few / 2
    assert few == ece_if_calibrated([0.3, 0.5, 0.7, 0.9] * 25)  # seeded: the same every time
