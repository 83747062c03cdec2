"""Media assets: images and videos copied from expiring CDN links into Beat's storage (asset_log)."""
