"""Job queues: in this process (embedded defaults) or on RabbitMQ through taskiq (for scale)."""
