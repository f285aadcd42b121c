"""``python -m notelens`` runs the CLI."""

from notelens.cli.app import main

main()
