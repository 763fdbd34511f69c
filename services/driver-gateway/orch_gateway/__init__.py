"""The driver gateway: the only caller of drivers; timeouts, retries and results on Kafka."""
