"""Rasa SDK glue: thin actions that read the tracker, call bot/, and send the reply."""
