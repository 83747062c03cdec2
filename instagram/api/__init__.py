"""The Instagram HTTP API: profiles, posts, history and insights (the FastAPI Beat's paths and keys)."""
