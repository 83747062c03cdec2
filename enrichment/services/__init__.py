"""Enrichment's writes (keyword-only, named <entity>_<action>) and the reads they need."""
