"""Printable reports (PDF, XLSX) built from plain dataclasses; never touch the database."""
