"""Input and output formats: one module per format, its reader and writer side by side.

:mod:`episode_parse.formats.base` holds the interfaces, the registry and the
content detection, and says how to add a format.
"""
