"""What people see and take away: offline maps, charts, Excel, PDF and PNG files.

Import the modules themselves (``from geo.outputs import maps``); this package imports nothing,
so that a lower layer can use :mod:`geo.outputs.xlsx` without a cycle.
"""
