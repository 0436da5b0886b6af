from flask import Flask


def test_healthz_reports_the_database(app: Flask) -> None:
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.json is not None
    assert response.json["status"] == "ok"
    assert response.json["database"]["status"] == "ok"
    assert response.json["database"]["dialect"] in ("sqlite", "postgresql")
