"""Colours every writer shares, so a brief looks the same in Word and in the PDF (RGB hex, no '#')."""

MARKING = "C00000"  # protective markings, bold, at the top and bottom of every page
