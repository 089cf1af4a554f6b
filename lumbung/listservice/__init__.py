"""The mailing-list web service: sign-up with double opt-in, confirmation, unsubscribe (RFC 8058
one-click) and preferences, as one small Starlette application served by uvicorn."""
