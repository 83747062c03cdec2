"""Pure parsers: an upstream's decoded JSON in, instagram.records out. No ORM, no HTTP.

The two Instagram shapes that most scrapers pass through are parsed once each (web_shape, app_shape;
instagrapi_shape for HikerAPI's /v1 models); each provider module only unwraps its own envelope,
checks what its answer must contain, and delegates.
"""
