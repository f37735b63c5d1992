"""Packaged data files (the verified Kemendagri nomenclature for bidang urusan 5.03)."""
