#!/usr/bin/env python3
"""Tillitsnavet's command line: python build_hub.py check | build | serve | new."""

import sys

from tillitsnavet.cli import main

if __name__ == "__main__":
    sys.exit(main())
