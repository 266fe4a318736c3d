"""SQLAlchemy storage. All SQL of the application lives in this package."""
