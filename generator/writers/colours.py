"""Colours every writer shares, so a brief looks the same in Word and in the PDF (RGB hex, no '#')."""

MARKING = "C00000"  # protective markings, bold, at the top and bottom of every page
ISSUER = "E60012"  # the issuing authority and the rule beneath it, red as in Chinese official documents (GB/T 9704)
