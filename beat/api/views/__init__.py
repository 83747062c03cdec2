"""The task API's views: one per operation; they validate, call beat.queue.services, serialize."""
