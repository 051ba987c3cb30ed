"""Developer tools: start the servers, evaluate, benchmark (not imported by the assistant)."""
