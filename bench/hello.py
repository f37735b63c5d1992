"""The ceiling of ``make bench``: a one-line Flask hello world, served exactly like the portal."""

from flask import Flask

app = Flask(__name__)
app.add_url_rule("/", "hello", lambda: "Hello, World!")
