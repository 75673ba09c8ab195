"""The database layer: the only package that imports SQLAlchemy's ORM and engine."""
