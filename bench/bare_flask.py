"""The limit bench/load.py measures the portal against: a bare Flask page under the same
gunicorn settings (`gunicorn bare_flask:app`)."""

from flask import Flask

app = Flask("bare")


@app.get("/")
def bare() -> str:
    return "<p>bare</p>"
