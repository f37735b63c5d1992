"""Count the SQL statements an operation sends, to assert bounded queries per page."""

from sqlalchemy import event


class QueryCounter:
    """Context manager counting ``before_cursor_execute`` events on an engine."""

    def __init__(self, engine):
        self.engine, self.count, self.statements = engine, 0, []

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._hit)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._hit)

    def _hit(self, conn, cursor, statement, *args):
        self.count += 1
        self.statements.append(statement)


def assert_kueri_tetap(app, client, urls, perbesar, *, batas: int | None = None) -> dict[str, int]:
    """Bounded queries per page: fetch every URL (200), let ``perbesar(session)`` grow the data (e.g.
    ten times the demo), fetch again, and assert each URL sends exactly as many statements as before
    (and at most ``batas``). The caller commits nothing: ``perbesar`` runs in an app context and is
    committed here. Every fetch counted starts with the module's caches empty (pages, row blocks,
    the plan loader's values): the count of a cold page, whatever was fetched before it.

    :return: URL → statement count (printed too, for the closing notes).
    """
    from portal_stub.extensions import db

    with app.app_context():
        engine = db.engine
    kecil = {}
    for url in urls:
        kosongkan_cache_modul(app)
        with QueryCounter(engine) as q:
            assert client.get(url).status_code == 200, url
        kecil[url] = q.count
    with app.app_context():
        perbesar(db.session)
        db.session.commit()
    for url in urls:
        kosongkan_cache_modul(app)
        with QueryCounter(engine) as q:
            assert client.get(url).status_code == 200, url
        assert q.count == kecil[url], (url, kecil[url], q.count)
        assert batas is None or q.count <= batas, (url, q.count)
    print("query counts:", kecil)
    return kecil


def kosongkan_cache_modul(app) -> None:
    """Empty the module's per-process caches: page fragments, row blocks, the plan loader's values."""
    for nama in ("sipekerja_fragmen", "sipekerja_fragmen_blok", "sipekerja_nilai_bulanan"):
        if nama in app.extensions:
            app.extensions[nama].clear()
