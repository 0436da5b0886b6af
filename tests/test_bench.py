"""bench/page_weight.py runs and answers in the shape the issue asks for. (The figures are
for people to read; this only keeps the script working, and the budget in view.)"""

from __future__ import annotations

import json
import subprocess
import sys

from portal.config import ROOT


def test_page_weight_prints_every_participant_page_as_json() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench/page_weight.py"), "--json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    pages = json.loads(result.stdout)["pages"]
    assert {
        "/",
        "/week",
        "/plan",
        "/calendar",
        "/sign-in/code",
        "/booking",
        "/booking/mine",
    } <= set(pages)
    for path, weight in pages.items():
        assert set(weight) == {"total_bytes", "js_bytes", "font_bytes"}, path
        assert 0 < weight["total_bytes"] <= 40 * 1024, path
        assert weight["font_bytes"] == 0, path
    assert pages["/week"]["js_bytes"] > 0  # the offline script and its worker are counted


def test_sms_pump_prints_what_an_attack_gets_with_and_without_the_budget() -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench/sms_pump.py"),
            "--addresses",
            "3",
            "--numbers",
            "2",
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    figures = json.loads(result.stdout)
    budgeted, unbudgeted = figures["with_budget"], figures["without_budget"]
    assert 0 < budgeted["texts_sent"] <= budgeted["most_the_budget_allows"] == 2 * 5
    assert unbudgeted["texts_sent"] > budgeted["texts_sent"]
    assert budgeted["cost_sek"] == round(budgeted["texts_sent"] * 0.35, 2)


def test_the_desk_bench_seeds_a_county_and_measures_it(postgres_url: str) -> None:
    """The bulk seed writes rows past the models' validators: a new column without a default
    breaks it, and only running it shows that (it broke twice in one week)."""
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench/desk.py"),
            "--sizes",
            "40",
            "--repeat",
            "1",
            "--postgres-url",
            postgres_url,
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    (found,) = json.loads(result.stdout)["results"]
    assert found["participants"] == 40
    assert found["list_bytes"] > 0 and found["figures_ms"] > 0
