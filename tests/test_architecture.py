"""What the import contracts (pyproject.toml, run by lint-imports) rely on: every page lives
in a feature's `routes`, and every feature plugs itself in."""

from __future__ import annotations

import importlib
import pkgutil

from flask import Flask

import portal
from portal import FEATURES


def test_every_blueprint_is_defined_in_a_features_routes(app: Flask) -> None:
    for blueprint in app.blueprints.values():
        module = blueprint.import_name
        parts = module.split(".")
        assert parts[0] == "portal" and len(parts) >= 3 and parts[2] == "routes", (
            f"{blueprint.name} is defined in {module}: pages belong in portal.<feature>.routes, "
            "which the contract 'A feature's pages import no other feature's pages' covers"
        )


def test_every_package_is_core_or_a_feature() -> None:
    packages = {info.name for info in pkgutil.iter_modules(portal.__path__) if info.ispkg}
    # organisations has models only: the places and bodies every feature refers to.
    assert packages == {*FEATURES, "organisations"}
    for name in FEATURES:
        assert callable(importlib.import_module(f"portal.{name}").init_app), name
