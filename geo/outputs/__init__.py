"""What people see and take away: offline maps, charts, PDF, PNG and Excel files.

Import the modules themselves (``from geo.outputs import maps``); this package imports nothing.
The formula-safe Excel writer that every room uses is :mod:`geo.xlsx`.
"""
