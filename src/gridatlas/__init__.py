"""gridatlas: where firm power will be short in China, and where microgrids pay."""

__version__ = "0.1.0"
