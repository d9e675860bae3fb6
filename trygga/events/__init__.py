"""The event log (händelser): the shared situational picture's input."""
