"""``python -m gridatlas`` runs the command line."""

from gridatlas.cli import main

main()
