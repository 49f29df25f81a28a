"""The quality report (SPEC section 10): every set of scored reports the project has, scored the
same way. ``python -m quality`` (``make quality``) prints it; see ``quality/__main__.py``."""
