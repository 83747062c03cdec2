"""The YouTube CSV reports (the FastAPI Beat's eleven exports), built from Beat's stored data and
history. Each report module reads rows as a stream; youtube.reports.flows registers the flows, which
refresh what must be fresh through the YouTube flows first, in the same task."""
