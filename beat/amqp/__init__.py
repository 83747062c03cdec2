"""RabbitMQ in and out (`manage.py amqp_bridge`, when AMQP_URL is set): the outbox published to the
FastAPI Beat's exchanges, and its inbound queues turned into tasks."""
