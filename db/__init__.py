"""Database layer: SQLAlchemy models, sessions, queries and Alembic migrations."""
