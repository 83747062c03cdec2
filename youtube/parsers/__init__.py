"""Pure parsers: an upstream's decoded JSON in, youtube.records out. No ORM, no HTTP.

The Data API shape is parsed once (data_api) for every source that serves it: ytapitoken, and the
RapidAPI mirrors yt-v31 and rapidapi-yt-search. youtube138 (rapidapi-yt) has its own shape, and
YouTube Analytics its result tables (analytics).
"""
