"""``python -m notelens`` runs the CLI."""

from notelens.cli.fast import main

main()
