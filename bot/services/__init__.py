"""Application services: plain Python rules over a database session, no Telegram."""
