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
