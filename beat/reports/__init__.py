"""Report files: where they are stored and named (storage), how CSV rows are streamed into them
(csvfile), how id lists are read from stored files (ids), and what a report task hands back (links).

Every platform's reports (YouTube's CSV exports, enrichment's Parquet files) are written through
beat.reports.storage, so there is one place that decides where report files live."""
