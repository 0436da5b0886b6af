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
