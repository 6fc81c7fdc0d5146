"""Allow ``python -m diversify``."""

from diversify.cli.main import run

if __name__ == "__main__":
    run()
