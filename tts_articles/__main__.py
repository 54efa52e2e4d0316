"""Run the command-line tool with ``python -m tts_articles``."""

from .cli import main

main()
