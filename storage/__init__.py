"""Where conversations are kept: a private SQL tracker store (Rasa glue, no domain logic)."""
