"""The Qt user interface: the only package that imports PySide6.

Everything here is built in code (no Designer files). Objects are handed what they need through
their constructors; there is no global main window.
"""
