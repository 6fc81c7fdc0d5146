"""diversify: decision support for defence procurement planners.

Scores candidate suppliers per capability (MAVT and scikit-criteria methods), shows how
robust each ranking is, and builds a programme-wide portfolio under spend-share caps.
"""

__version__ = "0.1.0"
