"""Taslim: offline handover of security checkpoints."""

__version__ = "0.1.0"
APP_NAME = "Taslim"
APP_NAME_AR = "تسليم"
APP_ID = "taslim"
