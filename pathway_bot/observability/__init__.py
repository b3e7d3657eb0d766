"""What an operator watches: a request id and one JSON log line per request, Prometheus
metrics, and what `/readyz` and `/metrics` read when asked. Nothing here runs a query per
request: what needs the database is read when it is scraped."""
