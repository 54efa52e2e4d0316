"""Run the command-line tool with ``python -m tts_articles``."""

from tts_articles.cli import main

if __name__ == "__main__":  # worker processes started with "spawn" import this module too
    main()
