"""Pure domain core of SI PEKERJA: the rules of performance measurement.

Standard library only. Nothing here imports Flask, SQLAlchemy or the rest of
``sipekerja_module``; no function reads the clock, queries a database or
mutates its arguments. Import the submodules directly, e.g.
``from sipekerja_module.domain.capaian import hitung_capaian``.
"""
