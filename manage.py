#!/usr/bin/env python3
"""Django's command-line utility; ``hoanhap`` (installed with the package) is the same thing."""

from hoanhap.cli import main

if __name__ == "__main__":
    main()
