"""The request flow, by role: start a letter, validate each answer, confirm, submit."""
